package io.resultstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real requests to every documented operation, a success and the usual failures, each answer checked against
 * {@code openapi.json} for its path, method and status (JSON bodies against the schema; other bodies by content
 * type). The steps share one server and run in order; the last one checks that every operation answered with
 * success at least once.
 */
class OpenApiAnswersTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();
    static final Http http = server.http();
    static final OpenApiDocument document = OpenApiDocument.fromResource();
    private static final String UNKNOWN_RESULT = "rslt" + "0".repeat(26);
    private static final String UNKNOWN_RUN = "qrun" + "0".repeat(26);
    private static final String UNKNOWN_DATASET = "data" + "0".repeat(26);
    private static final String UNKNOWN_CONNECTION = "conn" + "0".repeat(26);

    @TempDir
    static Path outside;

    private final Set<String> succeeded = new TreeSet<>();
    private String resultId;

    @TestFactory
    Stream<DynamicTest> everyOperationAnswersAsDocumented() {
        return Stream.of(
                DynamicTest.dynamicTest("service", this::service),
                DynamicTest.dynamicTest("queries and results", this::queriesAndResults),
                DynamicTest.dynamicTest("downloads", this::downloads),
                DynamicTest.dynamicTest("query runs", this::queryRuns),
                DynamicTest.dynamicTest("workflow payloads", this::payloads),
                DynamicTest.dynamicTest("uploads and datasets", this::datasets),
                DynamicTest.dynamicTest("connections", this::connections),
                DynamicTest.dynamicTest("console", this::console),
                DynamicTest.dynamicTest("every operation answered with success", () ->
                        assertThat(succeeded).containsExactlyInAnyOrderElementsOf(document.operations())));
    }

    private void service() {
        expect("GET", "/health", 200, http.get("/health"));
        expect("GET", "/metrics", 200, http.get("/metrics"));
        expect("GET", "/openapi.json", 200, http.get("/openapi.json"));
    }

    private void queriesAndResults() {
        JsonNode answer = expect("POST", "/query", 200,
                http.post("/query", "{\"sql\": \"SELECT range AS n, 'x' || range AS s FROM range(5)\", \"max_inline_rows\": 2}"))
                .json();
        resultId = answer.path("result_id").asText();
        assertThat(answer.path("truncated").asBoolean()).isTrue();
        http.awaitResult(resultId);
        expect("POST", "/query", 200, http.query("SELECT 1 AS one"));
        expect("POST", "/query", 400, http.query(" "));
        expect("POST", "/query", 400, http.query("SELEC 1"));
        expect("POST", "/query", 403, http.query("COPY (SELECT 1) TO '/tmp/x.csv'"));
        expect("POST", "/query", 404, http.query("SELECT * FROM results.\"" + UNKNOWN_RESULT + "\""));
        expect("POST", "/query", 422, http.post("/query", "{\"wait_timeout_ms\": 5}"));

        expect("GET", "/results", 200, http.get("/results?limit=2"));
        expect("GET", "/results", 400, http.get("/results?limit=1.5"));
        expect("GET", "/results/{id}", 200, http.get("/results/" + resultId + "?offset=1&limit=2"));
        expect("GET", "/results/{id}", 400, http.get("/results/nope"));
        expect("GET", "/results/{id}", 404, http.get("/results/" + UNKNOWN_RESULT));

        String doomed = http.query("SELECT 2 AS two").json().path("result_id").asText();
        http.awaitResult(doomed);
        expect("DELETE", "/results/{id}", 204, http.delete("/results/" + doomed));
        expect("GET", "/results/{id}", 410, http.get("/results/" + doomed));
        expect("DELETE", "/results/{id}", 404, http.delete("/results/" + UNKNOWN_RESULT));
    }

    private void downloads() {
        String data = "/results/" + resultId + "/data";
        for (String format : new String[] {"csv", "jsonl", "parquet", "arrow"}) {
            expect("GET", "/results/{id}/data", 200, http.get(data + "?format=" + format));
            expect("HEAD", "/results/{id}/data", 200, head(data + "?format=" + format));
        }
        expect("GET", "/results/{id}/data", 206, http.send(HttpRequest.newBuilder(http.uri(data + "?format=parquet"))
                .header("Range", "bytes=0-3").GET()));
        expect("GET", "/results/{id}/data", 416, http.send(HttpRequest.newBuilder(http.uri(data + "?format=parquet"))
                .header("Range", "bytes=999999999-").GET()));
        expect("GET", "/results/{id}/data", 400, http.get(data + "?format=xlsx"));
        expect("GET", "/results/{id}/data", 404, http.get("/results/" + UNKNOWN_RESULT + "/data"));
        expect("HEAD", "/results/{id}/data", 404, head("/results/" + UNKNOWN_RESULT + "/data"));
    }

    private void queryRuns() {
        JsonNode list = expect("GET", "/query-runs", 200, http.get("/query-runs?limit=1")).json();
        expect("GET", "/query-runs", 400, http.get("/query-runs?cursor=garbage"));
        String finished = list.path("query_runs").get(0).path("id").asText();
        expect("GET", "/query-runs/{id}", 200, http.get("/query-runs/" + finished));
        expect("GET", "/query-runs/{id}", 400, http.get("/query-runs/nope"));
        expect("GET", "/query-runs/{id}", 404, http.get("/query-runs/" + UNKNOWN_RUN));

        JsonNode running = expect("POST", "/query", 202, http.post("/query",
                "{\"sql\": \"SELECT sum(range) FROM range(1000000000000)\", \"wait_timeout_ms\": 0}")).json();
        String runId = running.path("query_run_id").asText();
        expect("POST", "/query-runs/{id}/cancel", 200, http.post("/query-runs/" + runId + "/cancel", ""));
        expect("POST", "/query-runs/{id}/cancel", 409, http.post("/query-runs/" + finished + "/cancel", ""));
        expect("POST", "/query-runs/{id}/cancel", 404, http.post("/query-runs/" + UNKNOWN_RUN + "/cancel", ""));
    }

    private void payloads() {
        String body = "{\"name\": \"step_a\", \"data\": {\"rows\": [1, 2]}, \"scope\": \"step\", \"ttl\": \"1h\","
                + " \"source_step\": \"step_a\", \"correlation\": {\"k\": 1}}";
        JsonNode receipt = expect("PUT", "/api/result/{execution_id}", 200, http.put("/api/result/42", body)).json();
        expect("PUT", "/api/result/{execution_id}", 200, http.put("/api/result/42",
                "{\"name\": \"keep\", \"data\": [1], \"scope\": \"permanent\"}"));
        expect("PUT", "/api/result/{execution_id}", 422, http.put("/api/result/42", "{\"data\": 1}"));
        expect("PUT", "/api/result/{execution_id}", 400, http.put("/api/result/42",
                "{\"name\": \"a\", \"data\": 1, \"scope\": \"global\"}"));
        String ref = URLEncoder.encode(receipt.path("ref").asText(), StandardCharsets.UTF_8);

        expect("GET", "/api/result/resolve", 200, http.get("/api/result/resolve?ref=" + ref));
        expect("GET", "/api/result/resolve", 400, http.get("/api/result/resolve?ref=nope"));
        expect("GET", "/api/result/stats", 200, http.get("/api/result/stats"));
        expect("GET", "/api/result/{execution_id}/list", 200, http.get("/api/result/42/list"));
        expect("GET", "/api/result/{execution_id}/list", 400, http.get("/api/result/42/list?scope=global"));
        expect("GET", "/api/result/{execution_id}/{step_name}", 200, http.get("/api/result/42/step_a"));
        JsonNode metadata = expect("GET", "/api/result/{execution_id}/{step_name}", 200,
                http.get("/api/result/42/step_a?resolve=false")).json();
        document.assertValidAgainst("PayloadMetadata", metadata);
        expect("GET", "/api/result/{execution_id}/{step_name}", 404, http.get("/api/result/42/never"));

        expect("DELETE", "/api/result/{execution_id}/step/{step_name}", 200, http.delete("/api/result/42/step/step_a"));
        expect("GET", "/api/result/resolve", 410, http.get("/api/result/resolve?ref=" + ref));
        String keep = URLEncoder.encode(http.get("/api/result/42/keep?resolve=false").json().path("ref").asText(),
                StandardCharsets.UTF_8);
        expect("DELETE", "/api/result/ref", 204, http.delete("/api/result/ref?ref=" + keep));
        expect("DELETE", "/api/result/ref", 410, http.delete("/api/result/ref?ref=" + keep));
        expect("DELETE", "/api/result/ref", 400, http.delete("/api/result/ref"));
        http.put("/api/result/43", "{\"name\": \"b\", \"data\": 2}");
        expect("DELETE", "/api/result/{execution_id}", 200, http.delete("/api/result/43?scope=workflow"));
        expect("DELETE", "/api/result/{execution_id}", 400, http.delete("/api/result/43?scope=permanent"));
    }

    private void datasets() {
        JsonNode upload = expect("POST", "/v1/files", 201, raw("/v1/files", "text/csv", "id,name\n1,a\n2,b\n")).json();
        expect("POST", "/v1/files", 400, raw("/v1/files", "text/csv", ""));
        String create = "{\"label\": \"Sales\", \"table_name\": \"sales\", \"upload_id\": \"" + upload.path("id").asText()
                + "\"}";
        JsonNode dataset = expect("POST", "/v1/datasets", 201, http.post("/v1/datasets", create)).json();
        String id = dataset.path("id").asText();
        expect("POST", "/v1/datasets", 201, http.post("/v1/datasets",
                "{\"table_name\": \"kept\", \"from_result\": \"" + resultId + "\"}"));
        expect("POST", "/v1/datasets", 409, http.post("/v1/datasets",
                "{\"table_name\": \"sales\", \"from_result\": \"" + resultId + "\"}"));
        expect("POST", "/v1/datasets", 422, http.post("/v1/datasets", "{\"table_name\": \"t\"}"));
        expect("POST", "/v1/datasets", 404, http.post("/v1/datasets",
                "{\"table_name\": \"t\", \"upload_id\": \"upld" + "0".repeat(26) + "\"}"));

        expect("GET", "/v1/datasets", 200, http.get("/v1/datasets?limit=1"));
        expect("GET", "/v1/datasets", 400, http.get("/v1/datasets?cursor=nope"));
        expect("GET", "/v1/datasets/{id}", 200, http.get("/v1/datasets/" + id));
        expect("GET", "/v1/datasets/{id}", 404, http.get("/v1/datasets/" + UNKNOWN_DATASET));
        expect("PUT", "/v1/datasets/{id}", 200, http.put("/v1/datasets/" + id, "{\"label\": \"Sales 2026\"}"));
        expect("PUT", "/v1/datasets/{id}", 422, http.put("/v1/datasets/" + id, "{}"));
        expect("POST", "/query", 200, http.query("SELECT count(*) FROM datasets.sales"));
        expect("GET", "/information_schema", 200, http.get("/information_schema"));
        expect("DELETE", "/v1/datasets/{id}", 204, http.delete("/v1/datasets/" + id));
        expect("GET", "/v1/datasets/{id}", 410, http.get("/v1/datasets/" + id));
        expect("DELETE", "/v1/datasets/{id}", 410, http.delete("/v1/datasets/" + id));
    }

    private void connections() throws SQLException, IOException {
        Path file = outside.resolve("shop.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            st.execute("INSERT INTO items VALUES (1, 'pen'), (2, NULL)");
        }
        var body = Json.MAPPER.createObjectNode().put("name", "shop").put("source_type", "sqlite");
        body.putObject("config").put("path", file.toString());
        JsonNode created = expect("POST", "/connections", 201, http.post("/connections", body.toString())).json();
        String id = created.path("id").asText();
        expect("POST", "/connections", 409, http.post("/connections", body.toString()));
        expect("POST", "/connections", 422, http.post("/connections", "{\"name\": \"x\", \"source_type\": \"sqlite\"}"));
        expect("POST", "/connections", 400, http.post("/connections",
                "{\"name\": \"x\", \"source_type\": \"sqlite\", \"config\": {\"path\": \"relative.sqlite\"}}"));

        expect("GET", "/connections", 200, http.get("/connections"));
        expect("POST", "/query", 200, http.query("SELECT * FROM shop.main.items"));
        expect("GET", "/connections/{id}", 200, http.get("/connections/" + id));
        expect("GET", "/connections/{id}", 404, http.get("/connections/" + UNKNOWN_CONNECTION));
        expect("GET", "/connections/{id}/health", 200, http.get("/connections/" + id + "/health"));
        expect("GET", "/connections/{id}/health", 404, http.get("/connections/" + UNKNOWN_CONNECTION + "/health"));
        expect("POST", "/connections/{id}/refresh", 200, http.post("/connections/" + id + "/refresh", ""));
        expect("POST", "/connections/{id}/refresh", 404, http.post("/connections/" + UNKNOWN_CONNECTION + "/refresh", ""));
        expect("POST", "/refresh", 200, http.post("/refresh",
                "{\"connection_id\": \"" + id + "\", \"schema\": \"main\", \"table\": \"items\"}"));
        expect("POST", "/refresh", 422, http.post("/refresh", "{}"));
        expect("GET", "/information_schema", 200, http.get("/information_schema"));
        expect("DELETE", "/connections/{id}/cache", 200, http.delete("/connections/" + id + "/cache"));

        // A source that went away: the connection is listed with its error, its health says so.
        Files.delete(file);
        expect("GET", "/connections/{id}/health", 200, http.get("/connections/" + id + "/health"));
        expect("GET", "/information_schema", 200, http.get("/information_schema"));

        expect("DELETE", "/connections/{id}", 204, http.delete("/connections/" + id));
        expect("DELETE", "/connections/{id}", 404, http.delete("/connections/" + id));
    }

    private void console() {
        expect("GET", "/", 200, http.get("/"));
        Http.Response script = expect("GET", "/console/{file}", 200, http.get("/console/app.js"));
        String etag = script.raw().headers().firstValue("ETag").orElseThrow();
        expect("GET", "/console/{file}", 304, http.send(HttpRequest.newBuilder(http.uri("/console/app.js"))
                .header("If-None-Match", etag).GET()));
        expect("GET", "/console/{file}", 404, http.get("/console/nope.js"));
    }

    private Http.Response expect(String method, String template, int status, Http.Response response) {
        assertThat(response.status()).as("%s %s: %s", method, template, response.body()).isEqualTo(status);
        document.assertDescribes(method, template, response);
        if (status < 300) {
            succeeded.add(method + " " + template);
        }
        return response;
    }

    private static Http.Response head(String path) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    private static Http.Response raw(String path, String contentType, String body) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}
