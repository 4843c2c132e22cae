package io.resultstore.hostile;

import java.util.ArrayList;
import java.util.List;

/** {@code GET /query-runs}, {@code GET /query-runs/{id}}, {@code POST /query-runs/{id}/cancel}, {@code GET /health}. */
final class RunCases {
    private RunCases() {}

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (String v : ResultCases.NOT_NUMBERS) {
            cases.add(Case.get("/query-runs?limit=" + v, 400));
        }
        for (String cursor : List.of("x", "%00", "AAAA", "eyJ4IjoxfQ", "..%2F..", "%FF%FE", "=".repeat(10),
                "Z".repeat(1_000), "bnVsbA", "MTIzfHFydW4", "-_-_")) {
            cases.add(Case.get("/query-runs?cursor=" + cursor, 400));
        }
        cases.add(Case.get("/query-runs?cursor=" + "Z".repeat(10_000), 414));
        for (String id : IdCases.badIds("qrun")) {
            cases.add(Case.get("/query-runs/" + id, 400));
            cases.add(Case.post("/query-runs/" + id + "/cancel", "", 400));
        }
        cases.add(Case.get("/query-runs/qrun00000000000000000000000000", 404));
        cases.add(Case.post("/query-runs/qrun00000000000000000000000000/cancel", "", 404));
        cases.add(Case.post("/query-runs/{qid}/cancel", "", 409));
        for (String path : List.of("/query-runs/..", "/query-runs/%2E", "/query-runs/{qid}/cancel/..",
                "/query-runs/{qid}%2Fcancel")) {
            cases.add(Case.get(path, path.equals("/query-runs/{qid}/cancel/..") ? 404 : 400));
        }
        // Methods no route takes: a JSON 404 (Javalin does not tell 405 from 404), never a stack trace or HTML.
        cases.add(Case.request("POST", "/health", 404));
        cases.add(Case.request("DELETE", "/health", 404));
        cases.add(Case.request("PUT", "/query", 404));
        cases.add(Case.request("GET", "/query", 404));
        cases.add(Case.request("PATCH", "/results", 404));
        cases.add(Case.request("POST", "/results/{rid}", 404));
        cases.add(Case.request("PUT", "/results/{rid}/data", 404));
        cases.add(Case.request("DELETE", "/query-runs/{qid}", 404));
        cases.add(Case.request("GET", "/query-runs/{qid}/cancel", 404));
        cases.add(Case.request("POST", "/api/result/stats", 404));
        cases.add(Case.request("PATCH", "/api/result/42", 404));
        cases.add(Case.request("FOO", "/health", 404));
        cases.add(Case.request("TRACE", "/health", 404));
        cases.add(Case.get("/nope", 404));
        // Javalin answers these in its own JSON when the client asks for JSON: still the API's error shape.
        cases.add(Case.withHeaders("GET", "/nope", java.util.Map.of("Accept", "application/json"), 404));
        cases.add(Case.withHeaders("OPTIONS", "/results/{rid}", java.util.Map.of("Accept", "application/json"), 404));
        // "/" is the web console's page; its files live under /console/ and nothing else there is served.
        cases.add(Case.request("POST", "/", 404));
        cases.add(Case.request("DELETE", "/console/app.js", 404));
        cases.add(Case.get("/console/..%2Fpom.xml", 404));
        cases.add(Case.get("/console/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 404));
        cases.add(Case.get("/console/app.js%00.html", 400));
        cases.add(Case.get("/console/index.html", 404));
        cases.add(Case.get("/console/APP.JS", 404));
        cases.add(Case.get("/health/..%2F..%2Fetc%2Fpasswd", 404));
        cases.add(Case.get("/api/result", 404));
        return cases;
    }
}
