package io.resultstore.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One hostile request and the 4xx it must get. {@code raw} (when set) is sent byte for byte instead of the
 * method/path/headers/body; {@code {rid}} and {@code {qid}} in the path stand for a ready result and a finished
 * run of the shared server.
 */
record Case(String name, String method, String path, Map<String, String> headers, byte[] body, byte[] raw,
        int status) {
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    static Case post(String path, String body, int status) {
        return new Case("POST " + path + " " + shorten(body), "POST", path, JSON, utf8(body), null, status);
    }

    static Case put(String path, String body, int status) {
        return new Case("PUT " + path + " " + shorten(body), "PUT", path, JSON, utf8(body), null, status);
    }

    static Case body(String method, String path, String label, byte[] body, int status) {
        return new Case(method + " " + path + " " + label, method, path, JSON, body, null, status);
    }

    static Case get(String path, int status) {
        return request("GET", path, status);
    }

    static Case delete(String path, int status) {
        return request("DELETE", path, status);
    }

    static Case request(String method, String path, int status) {
        return new Case(method + " " + shorten(path), method, path, Map.of(), null, null, status);
    }

    static Case withHeaders(String method, String path, Map<String, String> headers, int status) {
        return new Case(method + " " + shorten(path) + " " + shorten(headers.toString()), method, path, headers,
                null, null, status);
    }

    static Case raw(String label, String request, int status) {
        return raw(label, request.getBytes(StandardCharsets.ISO_8859_1), status);
    }

    static Case raw(String label, byte[] request, int status) {
        return new Case("raw " + label, null, null, Map.of(), null, request, status);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code {"sql": <sql as a JSON string>}}. */
    static String sqlBody(String sql) {
        return io.resultstore.common.Json.MAPPER.createObjectNode().put("sql", sql).toString();
    }

    static String shorten(String s) {
        String flat = s.replaceAll("[\\r\\n\\t]", " ").replaceAll("\\p{Cntrl}", "?");
        return flat.length() > 60 ? flat.substring(0, 60) + "…(" + s.length() + " chars)" : flat;
    }

    @Override
    public String toString() {
        return name + " -> " + status;
    }
}
