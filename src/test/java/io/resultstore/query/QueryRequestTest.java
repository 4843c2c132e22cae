package io.resultstore.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import java.net.http.HttpRequest;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /query}: request validation, inline limits, wide and empty results, runs. */
class QueryRequestTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(b -> b.set("server.max_body", "1MiB"));
    static final Http http = server.http();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"sql\": |400|BAD_REQUEST",
        "not json|400|BAD_REQUEST",
        "[1, 2]|422|UNPROCESSABLE",
        "{}|422|UNPROCESSABLE",
        "{\"sql\": null}|422|UNPROCESSABLE",
        "{\"sql\": 5}|422|UNPROCESSABLE",
        "{\"sql\": [\"SELECT 1\"]}|422|UNPROCESSABLE",
        "{\"sql\": \"SELECT 1\", \"max_inline_rows\": \"ten\"}|422|UNPROCESSABLE",
        "{\"sql\": \"SELECT 1\", \"max_inline_rows\": -1}|400|BAD_REQUEST",
        "{\"sql\": \"SELECT 1\", \"wait_timeout_ms\": -5}|400|BAD_REQUEST",
        "{\"sql\": \"SELECT 1\", \"wait_timeout_ms\": 1.5}|422|UNPROCESSABLE",
        "{\"sql\": \"\"}|400|BAD_REQUEST",
    })
    void badRequestsGetAClearErrorAndCreateNothing(String body, int status, String code) {
        int runsBefore = http.get("/query-runs?limit=1000").json().path("count").asInt();
        Http.Response r = http.post("/query", body);
        assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(status);
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.errorMessage()).isNotBlank();
        assertThat(http.get("/query-runs?limit=1000").json().path("count").asInt()).isEqualTo(runsBefore);
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(http.post("/query", "{\"sql\": \"SELECT 1\", \"catalog\": \"x\", \"extra\": [1]}").status()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        String sql = "SELECT '" + "x".repeat(2 << 20) + "'";
        Http.Response r = http.query(sql);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void inlineRowsStopAtMaxInlineRowsWhileRowCountIsTheTotal() {
        JsonNode body = http.post("/query", "{\"sql\": \"SELECT range AS n FROM range(25)\", \"max_inline_rows\": 10}").json();
        assertThat(body.path("rows").size()).isEqualTo(10);
        assertThat(body.path("rows").path(9).toString()).isEqualTo("[9]");
        assertThat(body.path("row_count").asLong()).isEqualTo(25);
        assertThat(body.path("truncated").asBoolean()).isTrue();

        JsonNode none = http.post("/query", "{\"sql\": \"SELECT 1 AS x\", \"max_inline_rows\": 0}").json();
        assertThat(none.path("rows").size()).isZero();
        assertThat(none.path("truncated").asBoolean()).isTrue();

        JsonNode result = http.awaitResult(body.path("result_id").asText());
        assertThat(result.path("row_count").asLong()).isEqualTo(25);
    }

    @Test
    void theDefaultInlineLimitIsTenThousandRows() {
        JsonNode body = http.query("SELECT range AS n FROM range(10001)").json();
        assertThat(body.path("rows").size()).isEqualTo(10_000);
        assertThat(body.path("truncated").asBoolean()).isTrue();
    }

    @Test
    void anEmptyResultKeepsItsColumnsAndIsStoredAsSchemaOnlyParquet() {
        JsonNode body = http.query("SELECT range AS n, 'x' AS s FROM range(10) WHERE range > 100").json();
        assertThat(body.path("rows").size()).isZero();
        assertThat(body.path("row_count").asInt()).isZero();
        assertThat(body.path("truncated").asBoolean()).isFalse();
        String id = body.path("result_id").asText();
        JsonNode result = http.awaitResult(id);
        assertThat(result.path("status").asText()).isEqualTo("ready");
        assertThat(result.path("columns").toString()).isEqualTo("[\"n\",\"s\"]");
        assertThat(result.path("rows").size()).isZero();
        assertThat(result.path("has_more").asBoolean()).isFalse();
        JsonNode described = http.query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM results.\"" + id + "\")").json();
        assertThat(described.path("rows").toString()).isEqualTo("[[\"n\",\"BIGINT\"],[\"s\",\"VARCHAR\"]]");
    }

    @Test
    void twoThousandColumnsRoundTrip() {
        String select = IntStream.range(0, 2000).mapToObj(i -> i + " AS c" + i).collect(Collectors.joining(", "));
        JsonNode body = http.query("SELECT " + select).json();
        assertThat(body.path("columns").size()).isEqualTo(2000);
        assertThat(body.path("rows").path(0).path(1999).asInt()).isEqualTo(1999);
        JsonNode result = http.awaitResult(body.path("result_id").asText());
        assertThat(result.path("status").asText()).isEqualTo("ready");
        assertThat(result.path("columns").path(1999).asText()).isEqualTo("c1999");
        assertThat(result.path("rows").path(0).path(1999).asInt()).isEqualTo(1999);
    }

    @Test
    void duplicateColumnNamesAreKeptDistinct() {
        JsonNode body = http.query("SELECT 1 AS x, 2 AS x").json();
        assertThat(body.path("columns").size()).isEqualTo(2);
        assertThat(body.path("rows").toString()).isEqualTo("[[1,2]]");
    }

    @Test
    void everyQueryLeavesARunWithSqlHashTimingsAndResult() {
        JsonNode body = http.query("SELECT 1 AS one").json();
        String runId = body.path("query_run_id").asText();
        JsonNode run = http.await("/query-runs/" + runId, j -> j.path("result_status").asText().equals("ready"));
        assertThat(run.path("id").asText()).isEqualTo(runId);
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("sql_text").asText()).isEqualTo("SELECT 1 AS one");
        assertThat(run.path("sql_hash").asText())
                .isEqualTo(io.resultstore.common.Hashing.sha256Hex("SELECT 1 AS one"));
        assertThat(run.path("result_id").asText()).isEqualTo(body.path("result_id").asText());
        assertThat(run.path("row_count").asInt()).isEqualTo(1);
        assertThat(run.path("execution_time_ms").isIntegralNumber()).isTrue();
        assertThat(run.path("created_at").asText()).endsWith("Z");
        assertThat(run.path("completed_at").asText()).endsWith("Z");

        Http.Response failed = http.query("SELECT nope");
        JsonNode runs = http.get("/query-runs?limit=1").json();
        JsonNode last = runs.path("query_runs").path(0);
        assertThat(failed.status()).isEqualTo(400);
        assertThat(last.path("status").asText()).isEqualTo("failed");
        assertThat(last.path("error_message").asText()).contains("nope");
        assertThat(last.path("result_id").isNull()).isTrue();
    }

    @Test
    void healthAndUnknownRoutesAnswerJson() {
        JsonNode health = http.get("/health").json();
        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(health.path("catalog").asText()).isEqualTo("sqlite");
        assertThat(health.path("storage").asText()).isEqualTo("filesystem");
        assertThat(health.path("version").asText()).isNotBlank();
        Http.Response missing = http.get("/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(http.send(HttpRequest.newBuilder(http.uri("/metrics")).GET()).body()).contains("# TYPE");
    }
}
