package io.resultstore.hostile;

import java.util.ArrayList;
import java.util.List;

/** {@code POST /query} bodies that must be refused before any result exists. */
final class QueryCases {
    /** {@code query.max_sql_bytes} of the hostile suite's server: below its body limit. */
    static final int MAX_SQL_BYTES = 512 * 1024;
    private QueryCases() {}

    static List<Case> all() {
        List<Case> cases = new ArrayList<>(BodyCases.notAnObject("POST", "/query"));
        // Missing or wrongly typed fields: valid JSON of the wrong shape.
        for (String body : List.of("{}", "{\"sql\":null}", "{\"SQL\":\"SELECT 1\"}", "{\"query\":\"SELECT 1\"}",
                "{\"sql\":1}", "{\"sql\":[\"SELECT 1\"]}", "{\"sql\":{\"text\":\"SELECT 1\"}}", "{\"sql\":true}",
                "{\"sql\":\"SELECT 1\",\"wait_timeout_ms\":\"1000\"}", "{\"sql\":\"SELECT 1\",\"wait_timeout_ms\":1.5}",
                "{\"sql\":\"SELECT 1\",\"wait_timeout_ms\":1e30}", "{\"sql\":\"SELECT 1\",\"wait_timeout_ms\":true}",
                "{\"sql\":\"SELECT 1\",\"wait_timeout_ms\":[]}",
                "{\"sql\":\"SELECT 1\",\"wait_timeout_ms\":99999999999999999999999}",
                "{\"sql\":\"SELECT 1\",\"max_inline_rows\":\"10\"}", "{\"sql\":\"SELECT 1\",\"max_inline_rows\":0.5}",
                "{\"sql\":\"SELECT 1\",\"max_inline_rows\":{}}",
                "{\"sql\":\"SELECT 1\",\"engine\":1}", "{\"sql\":\"SELECT 1\",\"engine\":[\"trino\"]}",
                "{\"sql\":\"SELECT 1\",\"engine\":{\"name\":\"trino\"}}", "{\"sql\":\"SELECT 1\",\"engine\":false}",
                "{\"sql\":\"SELECT 1\",\"wait_timeout_ms\":" + "9".repeat(2000) + "}",
                "{\"sql\":\"SELECT ?\",\"parameters\":\"1\"}", "{\"sql\":\"SELECT ?\",\"parameters\":1}",
                "{\"sql\":\"SELECT ?\",\"parameters\":{\"1\":1}}", "{\"sql\":\"SELECT ?\",\"parameters\":[[1]]}",
                "{\"sql\":\"SELECT ?\",\"parameters\":[{}]}",
                "{\"sql\":\"SELECT 1\",\"parameters\":[" + "1,".repeat(70_000) + "1]}")) {
            cases.add(Case.post("/query", body, 422));
        }
        // Bad values: parameters of the right type out of range, empty SQL.
        for (String body : List.of("{\"sql\":\"SELECT 1\",\"wait_timeout_ms\":-1}",
                "{\"sql\":\"SELECT 1\",\"wait_timeout_ms\":-9223372036854775808}",
                "{\"sql\":\"SELECT 1\",\"max_inline_rows\":-5}", "{\"sql\":\"\"}", "{\"sql\":\"   \"}",
                "{\"sql\":\"\\t\\n\\r\"}", "{\"sql\":\"\\u3000\"}", "{\"sql\":\";\"}", "{\"sql\":\";;;\"}",
                "{\"sql\":\"-- only a comment\"}", "{\"sql\":\"/* only a comment */\"}",
                "{\"sql\":\"SELECT ?::INTEGER\",\"parameters\":[]}", "{\"sql\":\"SELECT ?::INTEGER\",\"parameters\":[1,2]}",
                "{\"sql\":\"SELECT 1\",\"parameters\":[1]}", "{\"sql\":\"SELECT ?::INTEGER\",\"parameters\":[\"abc\"]}",
                "{\"sql\":\"SELECT ?::INTEGER\",\"parameters\":[1e400]}",
                // Engines that are not configured or do not exist, however they are spelled.
                "{\"sql\":\"SELECT 1\",\"engine\":\"trino\"}", "{\"sql\":\"SELECT 1\",\"engine\":\"TRINO\"}",
                "{\"sql\":\"SELECT 1\",\"engine\":\"\"}", "{\"sql\":\"SELECT 1\",\"engine\":\"../duckdb\"}",
                "{\"sql\":\"SELECT 1\",\"engine\":\"duckdb\\u0000\"}",
                "{\"sql\":\"SELECT 1\",\"engine\":\"" + "x".repeat(10_000) + "\"}")) {
            cases.add(Case.post("/query", body, 400));
        }
        // Text that is not Unicode must be refused before it reaches the engine.
        cases.add(Case.body("POST", "/query", "invalid UTF-8 in sql", BodyCases.bytes("{\"sql\":\"SELECT '\u00ff\u00fe'\"}"), 400));
        cases.add(Case.body("POST", "/query", "overlong UTF-8 in sql", BodyCases.bytes("{\"sql\":\"SELECT '\u00c0\u00af'\"}"), 400));
        cases.add(Case.body("POST", "/query", "UTF-8 encoded surrogate in sql",
                BodyCases.bytes("{\"sql\":\"SELECT '\u00ed\u00a0\u0080'\"}"), 400));
        cases.add(Case.body("POST", "/query", "truncated UTF-8 in sql", BodyCases.bytes("{\"sql\":\"SELECT '\u00e2\u0082'\"}"), 400));
        cases.add(Case.post("/query", "{\"sql\":\"SELECT '\\ud800'\"}", 400));
        cases.add(Case.post("/query", "{\"sql\":\"SELECT '\\udc00\\ud800'\"}", 400));
        // SQL over query.max_sql_bytes in a body the server accepts: refused before it runs, UTF-8 bytes counted.
        cases.add(Case.post("/query", "{\"sql\":\"SELECT '" + "x".repeat(MAX_SQL_BYTES) + "'\"}", 413));
        cases.add(Case.post("/query", "{\"sql\":\"SELECT '" + "\u00e9".repeat(MAX_SQL_BYTES / 2) + "'\"}", 413));
        return cases;
    }
}
