package io.resultstore.hostile;

import java.util.ArrayList;
import java.util.List;

/** {@code POST /v1/files}, {@code /v1/datasets} and {@code /v1/datasets/{id}}. */
final class DatasetCases {
    private DatasetCases() {}

    static final String UNKNOWN = "data00000000000000000000000000";
    static final String NO_UPLOAD = "upld00000000000000000000000000";

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.body("POST", "/v1/files", "empty body", new byte[0], 400));
        for (String body : List.of("{", "[]", "null", "\"x\"", "{} {}")) {
            cases.add(Case.post("/v1/datasets", body, body.equals("{") || body.equals("{} {}") ? 400 : 422));
        }
        cases.add(Case.post("/v1/datasets", "{}", 422));
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\"}", 422));
        cases.add(Case.post("/v1/datasets", "{\"table_name\":1,\"upload_id\":\"" + NO_UPLOAD + "\"}", 422));
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\",\"upload_id\":7}", 422));
        // Unknown fields are ignored: the unknown upload is what is refused.
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\",\"upload_id\":\"" + NO_UPLOAD + "\",\"extra\":1}", 404));
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\",\"upload_id\":\"" + NO_UPLOAD + "\",\"columns\":[1]}", 422));
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\",\"upload_id\":\"" + NO_UPLOAD + "\",\"format\":\"xml\"}", 400));
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\",\"upload_id\":\"" + NO_UPLOAD + "\"}", 404));
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\",\"upload_id\":\"../../etc/passwd\"}", 400));
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\",\"from_result\":\"rslt00000000000000000000000000\"}", 404));
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\",\"from_result\":\"x\"}", 400));
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\",\"from_result\":\"{rid}\",\"upload_id\":\"" + NO_UPLOAD + "\"}", 422));
        for (String name : List.of("", "1abc", "a-b", "a b", "a\\\"b", "../x", "x".repeat(64), "é", "a;drop")) {
            cases.add(Case.post("/v1/datasets", "{\"table_name\":\"" + name + "\",\"from_result\":\"{rid}\"}", 400));
        }
        cases.add(Case.post("/v1/datasets", "{\"table_name\":\"t\",\"label\":\"\",\"from_result\":\"{rid}\"}", 400));
        for (String id : IdCases.badIds("data")) {
            cases.add(Case.get("/v1/datasets/" + id, 400));
            cases.add(Case.delete("/v1/datasets/" + id, 400));
            cases.add(Case.put("/v1/datasets/" + id, "{\"label\":\"x\"}", 400));
        }
        cases.add(Case.get("/v1/datasets/" + UNKNOWN, 404));
        cases.add(Case.delete("/v1/datasets/" + UNKNOWN, 404));
        cases.add(Case.put("/v1/datasets/" + UNKNOWN, "{\"label\":\"x\"}", 404));
        cases.add(Case.put("/v1/datasets/" + UNKNOWN, "{}", 422));
        cases.add(Case.put("/v1/datasets/" + UNKNOWN, "{\"from_result\":\"{rid}\"}", 422));
        cases.add(Case.get("/v1/datasets?cursor=x", 400));
        cases.add(Case.get("/v1/datasets?cursor=../", 400));
        cases.add(Case.get("/v1/datasets?limit=x", 400));
        return cases;
    }
}
