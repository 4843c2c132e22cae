package io.resultstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.testing.SharedServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A refused body still gets its answer: the client sending it is not cut off before it could read the 413. */
class RefusedBodyTest {
    private static final int MAX_BODY = 1 << 20;

    @RegisterExtension
    static final SharedServer server = new SharedServer(b -> b.set("server.max_body", MAX_BODY + "B"));

    @Test
    void aClientStillSendingAnOversizeBodyReadsThe413AfterSendingAllOfIt() throws Exception {
        int length = 8 * MAX_BODY;
        URI base = URI.create(server.server().url());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/result/big HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: "
                    + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] piece = new byte[64 * 1024];
            Arrays.fill(piece, (byte) 'a');
            // Like any client that does not ask for 100-continue: the whole body first, with the pauses of a real
            // network, then the answer. Written before the fix, the server answered early and closed, and these
            // writes or the read below ended in a reset.
            for (int sent = 0; sent < length; sent += piece.length) {
                out.write(piece);
                if (sent % MAX_BODY == 0) {
                    out.flush();
                    Thread.sleep(50);
                }
            }
            out.flush();
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413").contains("PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void aClientExpecting100ContinueIsRefusedBeforeItSendsTheBody() throws Exception {
        AtomicLong pulled = new AtomicLong();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.server().url() + "/api/result/big")).expectContinue(true)
                .header("Content-Type", "application/json")
                .PUT(counting(HttpRequest.BodyPublishers.ofByteArray(new byte[4 * MAX_BODY]), pulled)).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("PAYLOAD_TOO_LARGE");
        }
        assertThat(pulled.get()).isZero();
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** The publisher, counting the bytes the client actually took from it to send. */
    private static HttpRequest.BodyPublisher counting(HttpRequest.BodyPublisher inner, AtomicLong pulled) {
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return inner.contentLength();
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                inner.subscribe(new Flow.Subscriber<>() {
                    @Override
                    public void onSubscribe(Flow.Subscription s) {
                        subscriber.onSubscribe(s);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        pulled.addAndGet(item.remaining());
                        subscriber.onNext(item);
                    }

                    @Override
                    public void onError(Throwable t) {
                        subscriber.onError(t);
                    }

                    @Override
                    public void onComplete() {
                        subscriber.onComplete();
                    }
                });
            }
        };
    }
}
