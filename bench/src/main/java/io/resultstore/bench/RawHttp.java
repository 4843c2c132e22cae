package io.resultstore.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client for small requests under load and for downloads: the JDK client costs
 * more CPU than the server path being measured (it tops out near 450 MB/s where curl reads the same Parquet
 * download at over 1 GB/s), and the machine running both is small.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String authority;
    private final byte[] buf = new byte[256 * 1024];

    RawHttp(String host, int port) throws IOException {
        this.socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 256 * 1024);
        this.authority = host + ":" + port;
    }

    record Reply(int status, byte[] body) {}

    Reply send(String method, String path, byte[] body) throws IOException {
        request(method, path, body);
        Head head = head();
        if (head.status() == 204 || head.status() == 304) {
            return new Reply(head.status(), new byte[0]);
        }
        if (!head.chunked() && head.length() < 0) {
            throw new IOException("response without Content-Length");
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        body(head, received);
        return new Reply(head.status(), received.toByteArray());
    }

    /** A GET whose body is counted, not kept: downloads of any size. Returns the status and the body's length. */
    long[] drain(String path) throws IOException {
        request("GET", path, null);
        Head head = head();
        return new long[] {head.status(), body(head, OutputStream.nullOutputStream())};
    }

    /** Copies the body to {@code sink} and returns its length; without length or chunks it runs to the end. */
    private long body(Head head, OutputStream sink) throws IOException {
        if (head.chunked()) {
            long total = 0;
            for (int size; (size = Integer.parseInt(line().split(";", 2)[0].trim(), 16)) > 0; ) {
                total += copy(size, sink);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
            return total;
        }
        if (head.length() >= 0) {
            return copy(head.length(), sink);
        }
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            sink.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    private long copy(long length, OutputStream sink) throws IOException {
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("connection closed " + left + " bytes before the end of the body");
            }
            sink.write(buf, 0, n);
            left -= n;
        }
        return length;
    }

    private void request(String method, String path, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(128).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(authority).append("\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private record Head(int status, long length, boolean chunked) {}

    private Head head() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String h; !(h = line()).isEmpty(); ) {
            if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(h.substring(15).trim());
            } else if (h.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
                chunked = h.substring(18).trim().equalsIgnoreCase("chunked");
            }
        }
        return new Head(code, length, chunked);
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
