package io.resultstore.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing an engine per query, without a Trino server: the default, the refusals, and a Trino that is down. */
class EngineChoiceTest {
    @TempDir
    static Path dir;
    static TestServer local;
    static TestServer withDownTrino;
    static String downUrl;

    @BeforeAll
    static void start() throws IOException {
        local = TestServer.start(dir.resolve("local"));
        // A port nothing listens on: the Trino named in the config is down.
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            downUrl = "http://127.0.0.1:" + s.getLocalPort();
        }
        withDownTrino = TestServer.builder(dir.resolve("trino")).set("engines.trino.url", downUrl).start();
    }

    @AfterAll
    static void stop() {
        withDownTrino.close();
        local.close();
    }

    @Test
    void withoutAnEngineTheQueryRunsLocallyAndTheRunSaysSo() {
        Http.Response r = local.http().query("SELECT 42 AS answer");
        assertThat(r.status()).isEqualTo(200);
        assertThat(run(local, r.json().path("query_run_id").asText()).path("engine").asText()).isEqualTo("duckdb");
        Http.Response named = query(local, "SELECT 42 AS answer", "duckdb");
        assertThat(named.status()).isEqualTo(200);
        assertThat(run(local, named.json().path("query_run_id").asText()).path("engine").asText()).isEqualTo("duckdb");
    }

    @Test
    void anEngineThatIsNotConfiguredIsABadRequestNamingTheKey() {
        int runsBefore = local.http().get("/query-runs?limit=1000").json().path("count").asInt();
        Http.Response r = query(local, "SELECT 1", "trino");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(r.errorMessage()).isEqualTo("engine 'trino' is not configured: set engines.trino.url");
        Http.Response unknown = query(local, "SELECT 1", "oracle");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorMessage()).isEqualTo("unknown engine 'oracle': expected one of duckdb, trino");
        assertThat(local.http().get("/query-runs?limit=1000").json().path("count").asInt()).isEqualTo(runsBefore);
    }

    @Test
    void anEngineOfTheWrongTypeIsUnprocessable() {
        Http.Response r = local.http().post("/query", "{\"sql\":\"SELECT 1\",\"engine\":7}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.errorMessage()).isEqualTo("field 'engine' must be a string");
    }

    @Test
    void aTrinoThatIsDownIsUnavailableAndLeavesAFailedRun() {
        Http.Response r = query(withDownTrino, "SELECT 1", "trino");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.errorCode()).isEqualTo("UNAVAILABLE");
        assertThat(r.errorMessage()).startsWith("Trino at " + downUrl + " is unavailable: ");
        JsonNode run = withDownTrino.http().get("/query-runs?limit=1").json().path("query_runs").path(0);
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("engine").asText()).isEqualTo("trino");
        assertThat(run.path("error_message").asText()).isEqualTo(r.errorMessage());
        assertThat(withDownTrino.app().queries().running()).isZero();
        // The local engine still answers on the same server.
        assertThat(withDownTrino.http().query("SELECT 1 AS one").status()).isEqualTo(200);
    }

    @Test
    void statementsTrinoWouldChangeDataWithAreRefusedBeforeItIsAsked() {
        for (String sql : new String[] {"INSERT INTO memory.default.t VALUES (1)", "DROP TABLE memory.default.t",
                "CREATE TABLE memory.default.t AS SELECT 1 AS x", "SET SESSION query_max_run_time = '1h'",
                "CALL system.runtime.kill_query(query_id => 'x')", "SELECT 1; SELECT 2"}) {
            Http.Response r = query(withDownTrino, sql, "trino");
            assertThat(r.status()).as(sql).isEqualTo(403);
            assertThat(r.errorCode()).as(sql).isEqualTo("FORBIDDEN_STATEMENT");
        }
        Http.Response bad = query(withDownTrino, "SELEC 1", "trino");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorCode()).isEqualTo("SQL_ERROR");
        assertThat(bad.errorMessage()).isEqualTo("line 1:1: mismatched input 'SELEC'");
    }

    static Http.Response query(TestServer server, String sql, String engine) {
        return server.http().post("/query", io.resultstore.common.Json.MAPPER.createObjectNode().put("sql", sql)
                .put("engine", engine).toString());
    }

    private static JsonNode run(TestServer server, String runId) {
        return server.http().get("/query-runs/" + runId).json();
    }
}
