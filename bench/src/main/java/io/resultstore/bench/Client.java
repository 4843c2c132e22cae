package io.resultstore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** The load generator: JDK HttpClient over HTTP/1.1 keep-alive connections. */
final class Client {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + new String(body, 0, Math.min(200, body.length)), e);
            }
        }

        Response expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected HTTP " + expected + ", got " + status + ": "
                        + new String(body, 0, Math.min(500, body.length)));
            }
            return this;
        }
    }

    Response post(String url, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build());
    }

    Response put(String url, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build());
    }

    Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    /** Streams a body to nowhere; answers {status, bytes}. */
    long[] download(String url) {
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long total = 0;
            try (InputStream in = r.body()) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    total += n;
                }
            }
            return new long[] {r.statusCode(), total};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code GET /results/{id}} until it leaves {@code processing}; fails unless it became ready. */
    void awaitReady(String serverUrl, String resultId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = get(serverUrl + "/results/" + resultId + "?limit=1").expect(200).json();
            String status = r.path("status").asText();
            if (status.equals("ready")) {
                return;
            }
            if (!status.equals("processing")) {
                throw new IllegalStateException("result " + resultId + " is " + r);
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("result " + resultId + " not ready within " + timeout);
    }

    static byte[] bytes(Object body) {
        try {
            return body instanceof byte[] b ? b : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> query(String sql) {
        return Map.of("sql", sql);
    }

    /**
     * Runs {@code total} calls of {@code call} on {@code concurrency} threads, timing each; answers wall-clock
     * nanoseconds for all of them.
     */
    static long load(int concurrency, int total, Stats stats, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            Future<?>[] workers = new Future<?>[concurrency];
            for (int w = 0; w < concurrency; w++) {
                workers[w] = pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < total; ) {
                        long t0 = System.nanoTime();
                        call.run(i);
                        if (stats != null) {
                            stats.add(System.nanoTime() - t0);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        return System.nanoTime() - start;
    }

    @FunctionalInterface
    interface Call {
        void run(int i) throws Exception;
    }
}
