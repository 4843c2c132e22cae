package io.resultstore.hostile;

import java.util.ArrayList;
import java.util.List;

/** {@code /connections}, {@code /refresh} and {@code /information_schema}. */
final class ConnectionCases {
    private ConnectionCases() {}

    static final String UNKNOWN = "conn00000000000000000000000000";

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        for (String body : List.of("{", "[]", "null", "\"x\"", "{} {}")) {
            int status = body.equals("{") || body.equals("{} {}") ? 400 : 422;
            cases.add(Case.post("/connections", body, status));
            cases.add(Case.post("/refresh", body, status));
            cases.add(Case.post("/connections/" + UNKNOWN + "/refresh", body, status));
        }
        cases.add(Case.post("/connections", "{}", 422));
        cases.add(Case.post("/connections", "{\"name\":\"c\"}", 422));
        cases.add(Case.post("/connections", "{\"name\":1,\"source_type\":\"postgres\",\"config\":{}}", 422));
        cases.add(Case.post("/connections", "{\"name\":\"c\",\"source_type\":\"oracle\",\"config\":{}}", 422));
        cases.add(Case.post("/connections", "{\"name\":\"c\",\"source_type\":\"postgres\"}", 422));
        cases.add(Case.post("/connections", "{\"name\":\"c\",\"source_type\":\"postgres\",\"config\":[]}", 422));
        cases.add(Case.post("/connections", "{\"name\":\"c\",\"source_type\":\"postgres\",\"config\":{\"url\":{}}}", 422));
        cases.add(Case.post("/connections", "{\"name\":\"c\",\"source_type\":\"postgres\",\"config\":{}}", 422));
        cases.add(Case.post("/connections", pg("c", "jdbc:postgresql://127.0.0.1:1/x") .replace("}}", ",\"password\":\"p\"}}"), 422));
        cases.add(Case.post("/connections", pg("c", "jdbc:postgresql://127.0.0.1:1/x").replace("}}", "},\"secret\":7}"), 422));
        cases.add(Case.post("/connections", pg("c", "jdbc:postgresql://127.0.0.1:1/x").replace("}}", "},\"secret\":\"\"}"), 422));
        cases.add(Case.post("/connections", "{\"name\":\"c\",\"source_type\":\"postgres\",\"config\":{\"url\":\""
                + "x".repeat(5000) + "\"}}", 422));
        for (String name : List.of("", "1abc", "a-b", "a b", "../x", "x".repeat(64), "é", "a;drop", "system", "results",
                "datasets", "memory", "temp", "main", "_staging")) {
            cases.add(Case.post("/connections", pg(name, "jdbc:postgresql://127.0.0.1:1/x"), 400));
        }
        for (String url : List.of("postgresql://127.0.0.1/x", "jdbc:sqlite:/etc/passwd",
                "jdbc:postgresql://127.0.0.1:1/x?socketFactory=java.io.FileOutputStream",
                "jdbc:postgresql://127.0.0.1:1/x?sslfactory=x", "jdbc:postgresql://u:p@127.0.0.1:1/x",
                "jdbc:postgresql://127.0.0.1:1/x?password=p", "jdbc:postgresql://127.0.0.1:1/x")) {
            cases.add(Case.post("/connections", pg("c", url), 400));
        }
        cases.add(Case.post("/connections", pg("c", "jdbc:postgresql://127.0.0.1:1/x").replace("}}",
                ",\"sslkey\":\"/etc/shadow\"}}"), 400));
        for (String url : List.of("jdbc:duckdb:/tmp/x.duckdb", "jdbc:duckdb:", "jdbc:h2:mem:x", "jdbc:sqlite::memory:",
                "jdbc:sqlite:relative.db", "jdbc:sqlite:/etc", "jdbc:sqlite:/etc/passwd", "jdbc:sqlite:file:/etc/passwd",
                "jdbc:trino://127.0.0.1:1?SSL=true", "")) {
            cases.add(Case.post("/connections", "{\"name\":\"c\",\"source_type\":\"jdbc\",\"config\":{\"url\":\""
                    + url + "\"}}", 400));
        }
        for (String path : List.of("relative.db", "/etc", "/etc/passwd", "/nonexistent/x.db", "/tmp/x.db?mode=rwc",
                "file:/etc/passwd", ":memory:")) {
            cases.add(Case.post("/connections", "{\"name\":\"c\",\"source_type\":\"sqlite\",\"config\":{\"path\":\""
                    + path + "\"}}", 400));
        }
        cases.add(Case.post("/connections", "{\"name\":\"c\",\"source_type\":\"sqlite\",\"config\":{}}", 422));
        for (String id : IdCases.badIds("conn")) {
            cases.add(Case.get("/connections/" + id, 400));
            cases.add(Case.delete("/connections/" + id, 400));
        }
        for (String id : List.of("x", "conn" + "0".repeat(25), "rslt" + "0".repeat(26), "CONN" + "0".repeat(26))) {
            cases.add(Case.get("/connections/" + id + "/health", 400));
            cases.add(Case.post("/connections/" + id + "/refresh", "{}", 400));
            cases.add(Case.delete("/connections/" + id + "/cache", 400));
            cases.add(Case.post("/refresh", "{\"connection_id\":\"" + id + "\"}", 400));
        }
        cases.add(Case.get("/connections/" + UNKNOWN, 404));
        cases.add(Case.delete("/connections/" + UNKNOWN, 404));
        cases.add(Case.get("/connections/" + UNKNOWN + "/health", 404));
        cases.add(Case.post("/connections/" + UNKNOWN + "/refresh", "{}", 404));
        cases.add(Case.delete("/connections/" + UNKNOWN + "/cache", 404));
        cases.add(Case.post("/refresh", "{}", 422));
        cases.add(Case.post("/refresh", "{\"connection_id\":7}", 422));
        cases.add(Case.post("/refresh", "{\"connection_id\":\"" + UNKNOWN + "\"}", 404));
        cases.add(Case.post("/refresh", "{\"connection_id\":\"" + UNKNOWN + "\",\"schema\":[]}", 422));
        cases.add(Case.post("/connections/" + UNKNOWN + "/refresh", "{\"connection_id\":\"x\"}", 422));
        for (String sql : List.of("SELECT * FROM nobody.public.t", "SELECT * FROM system.main.duckdb_settings",
                "SELECT * FROM \"memory\".main.t", "SELECT * FROM temp.main.t", "SELECT * FROM \"results\".x.y",
                "SELECT * FROM \"/etc/passwd\".main.t", "SELECT * FROM \"_staging\".main.t")) {
            cases.add(Case.post("/query", Case.sqlBody(sql), 403));
        }
        return cases;
    }

    private static String pg(String name, String url) {
        return "{\"name\":\"" + name + "\",\"source_type\":\"postgres\",\"config\":{\"url\":\"" + url
                + "\",\"user\":\"u\"}}";
    }
}
