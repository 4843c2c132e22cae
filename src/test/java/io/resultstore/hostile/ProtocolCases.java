package io.resultstore.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Requests broken at the HTTP level, which Jetty answers before any route runs. */
final class ProtocolCases {
    /** The shared server's {@code server.max_body}, small so that the oversize cases stay fast. */
    static final int MAX_BODY = 1024 * 1024;

    private ProtocolCases() {}

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        String host = "Host: localhost\r\nConnection: close\r\n";
        cases.add(Case.raw("garbage request line", "GARBAGE\r\n\r\n", 400));
        cases.add(Case.raw("no version", "GET /health\r\n" + host + "\r\n", 505));
        cases.add(Case.raw("space in path", "GET /he alth HTTP/1.1\r\n" + host + "\r\n", 400));
        cases.add(Case.raw("raw 0xff in path", BodyCases.bytes("GET /results/\u00ff HTTP/1.1\r\n" + host + "\r\n"), 400));
        cases.add(Case.raw("raw NUL in path", "GET /results/\u0000 HTTP/1.1\r\n" + host + "\r\n", 400));
        cases.add(Case.raw("bad percent escape", "GET /results/%zz HTTP/1.1\r\n" + host + "\r\n", 400));
        cases.add(Case.raw("truncated percent escape", "GET /results/rslt% HTTP/1.1\r\n" + host + "\r\n", 400));
        cases.add(Case.raw("huge URI", "GET /results/" + "a".repeat(100_000) + " HTTP/1.1\r\n" + host + "\r\n", 414));
        cases.add(Case.raw("huge query string", "GET /results?limit=" + "1".repeat(100_000) + " HTTP/1.1\r\n" + host + "\r\n", 414));
        cases.add(Case.raw("huge header", "GET /health HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(100_000) + "\r\n\r\n", 431));
        cases.add(Case.raw("many headers", "GET /health HTTP/1.1\r\n" + host + "X-H: a\r\n".repeat(10_000) + "\r\n", 431));
        cases.add(Case.raw("header without colon", "GET /health HTTP/1.1\r\n" + host + "NoColonHere\r\n\r\n", 400));
        cases.add(Case.raw("NUL in header value", "GET /results HTTP/1.1\r\n" + host + "X-A: a\u0000b\r\n\r\n", 400));
        String post = "POST /query HTTP/1.1\r\n" + host + "Content-Type: application/json\r\n";
        String sql = "{\"sql\":\"SELECT 1\"}";
        cases.add(Case.raw("non-numeric Content-Length", post + "Content-Length: abc\r\n\r\n" + sql, 400));
        cases.add(Case.raw("negative Content-Length", post + "Content-Length: -5\r\n\r\n" + sql, 400));
        cases.add(Case.raw("two Content-Lengths", post + "Content-Length: 18\r\nContent-Length: 5\r\n\r\n" + sql, 400));
        cases.add(Case.raw("Content-Length longer than the body", post + "Content-Length: 100\r\n\r\n" + sql, 400));
        cases.add(Case.raw("Content-Length shorter than the body", post + "Content-Length: 5\r\n\r\n" + sql, 400));
        cases.add(Case.raw("huge Content-Length", post + "Content-Length: 99999999999999999999\r\n\r\n" + sql, 400));
        cases.add(Case.raw("Content-Length over max_body", post + "Content-Length: " + (MAX_BODY + 1) + "\r\n\r\n" + sql, 413));
        cases.add(Case.raw("bad chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + sql + "\r\n0\r\n\r\n", 400));
        cases.add(Case.raw("truncated chunks", post + "Transfer-Encoding: chunked\r\n\r\n100\r\n" + sql, 400));
        cases.add(Case.raw("unknown transfer coding", post + "Transfer-Encoding: gzip\r\n\r\n" + sql, 400));
        cases.add(Case.raw("chunked and Content-Length", post + "Transfer-Encoding: chunked\r\nContent-Length: 18\r\n\r\n"
                + Integer.toHexString(sql.length()) + "\r\n" + sql + "\r\n0\r\n\r\n", 400));
        cases.add(Case.raw("chunked body over max_body", chunked(post, MAX_BODY + 1), 413));
        byte[] big = oversized();
        cases.add(Case.body("POST", "/query", "body over max_body", big, 413));
        cases.add(Case.body("PUT", "/api/result/42", "body over max_body", big, 413));
        cases.add(new Case("POST /query with an empty Content-Type", "POST", "/query", Map.of(), Case.utf8("{"), null, 400));
        return cases;
    }

    private static byte[] oversized() {
        String head = "{\"name\":\"a\",\"sql\":\"SELECT 1\",\"data\":\"";
        return (head + "x".repeat(MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chunked(String head, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.ISO_8859_1);
        for (int sent = 0; sent < size; sent += chunk.length) {
            out.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(chunk);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
