package io.resultstore.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every {@code /api/result} endpoint: bodies, execution ids, names, refs and query parameters. */
final class PayloadCases {
    private PayloadCases() {}

    static final String OK = "{\"name\":\"step_a\",\"data\":{\"x\":1}}";

    /** Execution ids that must be 400 (percent-encoded as a client would send them in a path). */
    static final List<String> BAD_EIDS = List.of(".", "..", "%2E", "%2E%2E", "a%2Fb", "a%5Cb", "%00", "a%00b",
            "x".repeat(129), "%C3%A9", "%F0%9F%98%80", "a%20b", "a:b", "a*b", "%FF%FE", "~root", "a%0Ab");

    static List<Case> all() {
        List<Case> cases = new ArrayList<>(BodyCases.notAnObject("PUT", "/api/result/42"));
        for (String body : List.of("{}", "{\"data\":1}", "{\"name\":\"a\"}", "{\"name\":null,\"data\":1}",
                "{\"name\":1,\"data\":1}", "{\"name\":[\"a\"],\"data\":1}", "{\"name\":\"a\",\"data\":1,\"compress\":\"yes\"}",
                "{\"name\":\"a\",\"data\":1,\"scope\":1}", "{\"name\":\"a\",\"data\":1,\"scope\":[\"step\"]}",
                "{\"name\":\"a\",\"data\":1,\"store\":true}", "{\"name\":\"a\",\"data\":1,\"store\":{}}",
                "{\"name\":\"a\",\"data\":1,\"source_step\":7}", "{\"name\":\"a\",\"data\":1,\"ttl\":true}",
                "{\"name\":\"a\",\"data\":1,\"ttl\":{\"h\":1}}", "{\"name\":\"a\",\"data\":1,\"ttl\":[1]}")) {
            cases.add(Case.put("/api/result/42", body, 422));
        }
        for (String field : List.of("\"scope\":\"global\"", "\"scope\":\"STEP \"", "\"scope\":\"\"", "\"scope\":\"step\\u0000\"",
                "\"store\":\"s4\"", "\"store\":\"../disk\"", "\"store\":\"\"", "\"ttl\":\"0\"", "\"ttl\":0", "\"ttl\":-5",
                "\"ttl\":\"1x\"", "\"ttl\":\"h\"", "\"ttl\":\"\"", "\"ttl\":\"1.5h\"", "\"ttl\":1.5", "\"ttl\":\"99999999999999y\"",
                "\"ttl\":9223372036854775807", "\"ttl\":99999999999999999999999", "\"ttl\":" + "9".repeat(2000), "\"ttl\":\"1h\\u0000\"", "\"ttl\":\"1h; DROP\"",
                "\"ttl\":\"\\u00a01h\"", "\"name\":\"\"", "\"name\":\"/a\"", "\"name\":\"a/\"", "\"name\":\"a//b\"",
                "\"name\":\"a\\u0000b\"", "\"name\":\"a\\nb\"", "\"name\":\"" + "n".repeat(513) + "\"", "\"name\":\"..\"",
                "\"name\":\".\"", "\"name\":\"a/../b\"", "\"name\":\"a/./b\"", "\"name\":\"../../etc/passwd\"",
                "\"name\":\"\\ud800\"", "\"source_step\":\"a\\u0000\"", "\"source_step\":\"..\"", "\"source_step\":\"\"")) {
            String body = field.startsWith("\"name\"") ? "{" + field + ",\"data\":1}" : "{\"name\":\"a\",\"data\":1," + field + "}";
            cases.add(Case.put("/api/result/42", body, 400));
        }
        cases.add(Case.body("PUT", "/api/result/42", "invalid UTF-8 in data", BodyCases.bytes("{\"name\":\"a\",\"data\":\"\u00ff\"}"), 400));
        cases.add(Case.body("PUT", "/api/result/42", "invalid UTF-8 in name", BodyCases.bytes("{\"name\":\"\u00c0\u00af\",\"data\":1}"), 400));
        for (String key : List.of("k".repeat(256), "", " ")) {
            cases.add(new Case("PUT idempotency key '" + Case.shorten(key) + "'", "PUT", "/api/result/42",
                    Map.of("Content-Type", "application/json", "Idempotency-Key", key), Case.utf8(OK), null, 400));
        }
        for (String eid : BAD_EIDS) {
            // An encoded slash splits the path: "a%2Fb/list" reads as the result "b/list" of execution "a".
            int split = eid.equals("a%2Fb") ? 404 : 400;
            cases.add(Case.put("/api/result/" + eid, OK, 400));
            cases.add(Case.get("/api/result/" + eid + "/list", split));
            cases.add(Case.get("/api/result/" + eid + "/step_a", split));
            cases.add(Case.delete("/api/result/" + eid, split));
            cases.add(Case.delete("/api/result/" + eid + "/step/step_a", split));
        }
        for (String name : List.of("..", ".", "%2E%2E", "a/../b", "a/./b", "a/..", "a%2F..%2Fb", "%00", "a%00b",
                "a//b", "%0A", "n".repeat(513))) {
            cases.add(Case.get("/api/result/42/" + name, 400));
            cases.add(Case.get("/api/result/42/" + name + "?resolve=false", 400));
            cases.add(Case.delete("/api/result/42/step/" + name, 400));
        }
        for (String step : List.of("..", ".", "a/../b", "%00", "a%0Ab", "/a", "a//b", "n".repeat(513))) {
            cases.add(Case.get("/api/result/42/list?step_name=" + step, 400));
        }
        for (String scope : List.of("global", "STEP", "%00", "..", "permanent%20")) {
            cases.add(Case.get("/api/result/42/list?scope=" + scope, 400));
            cases.add(Case.delete("/api/result/42?scope=" + scope, 400));
        }
        cases.add(Case.delete("/api/result/42?scope=permanent", 400));
        for (String v : List.of("maybe", "2", "%00", "yes%20")) {
            cases.add(Case.get("/api/result/42/step_a?resolve=" + v, 400));
        }
        for (String ref : badRefs()) {
            cases.add(Case.get("/api/result/resolve?ref=" + ref, 400));
            cases.add(Case.delete("/api/result/ref?ref=" + ref, 400));
        }
        cases.add(Case.get("/api/result/resolve", 400));
        cases.add(Case.delete("/api/result/ref", 400));
        cases.add(Case.get("/api/result/resolve?ref=noetl://execution/42/result/none/1", 404));
        cases.add(Case.delete("/api/result/ref?ref=noetl://execution/42/result/none/1", 404));
        cases.add(Case.get("/api/result/42/never_stored", 404));
        cases.add(Case.delete("/api/result/42/nope/x", 404));
        return cases;
    }

    /** Refs (already percent-encoded for a query string) that are not {@code noetl://execution/<eid>/result/<name>/<id>}. */
    static List<String> badRefs() {
        String p = "noetl://execution/";
        return List.of("x", "%00", "http://execution/42/result/a/1", "noetl:/execution/42/result/a/1",
                "NOETL://execution/42/result/a/1", "file:///etc/passwd", p, p + "42", p + "42/result", p + "42/result/",
                p + "42/result/a", p + "42/result/a/", p + "42/result//1", p + "/result/a/1", p + "42/results/a/1",
                p + "42/result/a/x", p + "42/result/a/-1", p + "42/result/a/99999999999999999999",
                p + "42/result/a/1.5", p + "../result/a/1", p + "./result/a/1", p + "..%2F..%2Fetc/result/a/1",
                p + "42/result/../1", p + "42/result/./1", p + "42/result/a/../b/1", p + "42/result/a/%2E%2E/1",
                p + "42/result/a%00/1", p + "4%202/result/a/1", p + "x".repeat(129) + "/result/a/1",
                p + "42/result/" + "n".repeat(513) + "/1", p + "42/result/a%0Ab/1", p + "42/result/a/1%00",
                p + "42/result/a/1/", p + "42/result/a/1?x=1", p + "%FF/result/a/1");
    }
}
