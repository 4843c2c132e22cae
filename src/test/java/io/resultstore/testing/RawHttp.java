package io.resultstore.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends requests byte for byte over a socket, for what {@code java.net.http} refuses to send: bad request lines,
 * raw {@code %00} and {@code ..} in paths, invalid UTF-8, huge headers, lying {@code Content-Length}. Every
 * request asks for {@code Connection: close}, so the answer is everything read until the server closes.
 */
public final class RawHttp {
    private final String host;
    private final int port;

    public RawHttp(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A well-formed request around any path, headers and body bytes. */
    public Response send(String method, String path, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (body != null && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Length"))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = body == null ? start : concat(start, body);
        return raw(all);
    }

    /** Exactly these bytes on a fresh connection. */
    public Response raw(byte[] request) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (SocketException e) {
                // The server may answer (e.g. 413) and close before it read the whole body: read what it said.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                buf.write(chunk, 0, n);
            }
        } catch (SocketException e) {
            // A reset after the answer was sent: keep what arrived.
        }
        return buf.toByteArray();
    }

    private static Response parse(byte[] bytes) {
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new AssertionError("no complete HTTP response: " + new String(bytes, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        if (status >= 100 && status < 200) {
            // An interim answer (100 Continue): the final one follows it.
            return parse(Arrays.copyOfRange(bytes, end + 4, bytes.length));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        } else if (headers.containsKey("content-length")) {
            body = Arrays.copyOf(body, Math.min(body.length, Integer.parseInt(headers.get("content-length"))));
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < body.length) {
            int eol = indexOf(Arrays.copyOfRange(body, pos, body.length), new byte[] {'\r', '\n'});
            if (eol < 0) {
                break;
            }
            String sizeLine = new String(body, pos, eol, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeLine, 16);
            pos += eol + 2;
            if (size == 0) {
                break;
            }
            out.write(body, pos, Math.min(size, body.length - pos));
            pos += size + 2;
        }
        return out.toByteArray();
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
