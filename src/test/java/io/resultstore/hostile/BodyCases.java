package io.resultstore.hostile;

import java.util.ArrayList;
import java.util.List;

/** Malformed, non-object and wrongly-shaped JSON bodies, for every endpoint that reads one. */
final class BodyCases {
    private BodyCases() {}

    /** Bodies that are not one JSON object: 400 when not JSON at all, 422 when valid JSON of another shape. */
    static List<Case> notAnObject(String method, String path) {
        List<Case> cases = new ArrayList<>();
        for (String malformed : List.of("{", "{\"sql\":", "nope", "{'sql': 'SELECT 1'}", "{\"a\":1,}", "\u0000",
                "{\"a\":1} trailing", "{\"a\":1}{}", "{\"a\":1}]", "{\"a\":1} 1", "[1] [2]", "1 2")) {
            cases.add(Case.body(method, path, Case.shorten(malformed), Case.utf8(malformed), 400));
        }
        for (String blank : List.of("", " ", "\n\t \r\n")) {
            cases.add(Case.body(method, path, "blank '" + Case.shorten(blank) + "'", Case.utf8(blank), 400));
        }
        for (String other : List.of("[]", "[{\"sql\":\"SELECT 1\"}]", "\"SELECT 1\"", "42", "-1.5", "null", "true")) {
            cases.add(Case.body(method, path, other, Case.utf8(other), 422));
        }
        cases.add(Case.body(method, path, "100k nested arrays", Case.utf8("[".repeat(100_000)), 400));
        cases.add(Case.body(method, path, "invalid UTF-8 in a key", bytes("{\"\u00ff\u00fe\":1}"), 400));
        cases.add(Case.body(method, path, "UTF-16 body", "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_16LE), 400));
        // Zero bytes that would make a byte-level parser guess UTF-16 or UTF-32 and read a valid object.
        cases.add(Case.body(method, path, "UTF-16BE body", "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_16BE), 400));
        cases.add(Case.body(method, path, "UTF-32LE body", "{\"a\":1}".getBytes(java.nio.charset.Charset.forName("UTF-32LE")), 400));
        cases.add(Case.body(method, path, "UTF-8 byte-order mark", bytes("\u00ef\u00bb\u00bf{\"a\":1}"), 400));
        return cases;
    }

    /** Latin-1 text as raw bytes: {@code \u00ff} becomes the single byte 0xff, which is never valid UTF-8. */
    static byte[] bytes(String latin1) {
        return latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
