package io.resultstore.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /results}, {@code GET|DELETE /results/{id}}, {@code GET /results/{id}/data}. */
final class ResultCases {
    private ResultCases() {}

    static final List<String> NOT_NUMBERS = List.of("x", "1.5", "1e3", "0x10", "%20", "--1", "1%00",
            "99999999999999999999999", "%EF%BC%91", "NaN", "Infinity");

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (String v : NOT_NUMBERS) {
            cases.add(Case.get("/results?limit=" + v, 400));
            cases.add(Case.get("/results?offset=" + v, 400));
            cases.add(Case.get("/results/{rid}?offset=" + v, 400));
            cases.add(Case.get("/results/{rid}?limit=" + v, 400));
        }
        cases.add(Case.get("/results?offset=-1", 400));
        cases.add(Case.get("/results?offset=-9223372036854775808", 400));
        cases.add(Case.get("/results?offset=9223372036854775807", 400));
        cases.add(Case.get("/results/{rid}?offset=-1", 400));
        cases.add(Case.get("/results/{rid}?limit=-1", 400));
        cases.add(Case.get("/results/{rid}?limit=99999999999", 400));
        for (String status : List.of("READY", "deleted", "expired", "x", "ready,failed", "%00", "ready%20")) {
            cases.add(Case.get("/results?status=" + status, 400));
        }
        for (String id : IdCases.badIds("rslt")) {
            cases.add(Case.get("/results/" + id, 400));
            cases.add(Case.delete("/results/" + id, 400));
            cases.add(Case.get("/results/" + id + "/data", 400));
            cases.add(Case.get("/results/" + id + "/data?format=parquet", 400));
        }
        cases.add(Case.get("/results/rslt00000000000000000000000000", 404));
        cases.add(Case.get("/results/rslt00000000000000000000000000/data", 404));
        cases.add(Case.delete("/results/rslt00000000000000000000000000", 404));
        for (String path : List.of("/results/..", "/results/.", "/results/%2E%2E", "/results/../health",
                "/results/{rid}/../..", "/results/{rid}/data/..", "/results/{rid}%2Fdata", "/results/{rid}/data/x",
                "/results/{rid}/%2E%2E/data", "/results//{rid}")) {
            cases.add(Case.get(path, Set.of("/results/..", "/results/.", "/results/%2E%2E", "/results/{rid}%2Fdata")
                    .contains(path) ? 400 : 404));
        }
        for (String format : List.of("xml", "CSVX", "parquet%00", "..%2Fparquet", "%FF", "json", "arrow-file")) {
            cases.add(Case.get("/results/{rid}/data?format=" + format, 400));
        }
        cases.add(Case.withHeaders("GET", "/results/{rid}/data?format=parquet", Map.of("Range", "bytes=999999999-"), 416));
        cases.add(Case.withHeaders("GET", "/results/{rid}/data?format=parquet", Map.of("Range", "bytes=-0"), 416));
        cases.add(Case.withHeaders("GET", "/results/{rid}/data?format=parquet",
                Map.of("Range", "bytes=9223372036854775807-"), 416));
        return cases;
    }

    /** Range values a server may ignore (RFC 9110 §14.2): the whole file, never an error or a crash. */
    static List<String> ignoredRanges() {
        return List.of("garbage", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-1", "bytes=-1-2", "bytes=1-2,3-4",
                "bytes=99999999999999999999-", "bytes=--5", "items=0-1", "bytes=0-" + "9".repeat(1000),
                "bytes=-99999999999999999999", "bytes=\u00ff");
    }
}
