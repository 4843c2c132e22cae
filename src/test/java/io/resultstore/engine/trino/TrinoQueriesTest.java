package io.resultstore.engine.trino;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import io.resultstore.testing.TrinoServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries on a real Trino server (memory and tpch catalogs), through the HTTP API: the rows land in the same
 * persistence path as local ones, so the result is paged, downloaded and queried again with DuckDB. Run with
 * {@code ./resultstore test -Ptrino}.
 */
@Tag("trino")
@Timeout(600)
class TrinoQueriesTest {
    /** Long enough to be canceled or timed out while it runs: tpch data is generated as it is read. */
    private static final String SLOW = "SELECT count(*) AS n FROM tpch.sf1000.lineitem WHERE comment LIKE '%slow%'";

    @TempDir
    static Path dir;
    static TrinoServer trino;
    static TestServer server;
    static Http http;

    @BeforeAll
    static void start() throws SQLException {
        trino = TrinoServer.start(dir.resolve("trino"));
        server = TestServer.builder(dir.resolve("rs")).set("engines.trino.url", trino.url())
                .set("engines.trino.catalog", "tpch").set("engines.trino.schema", "tiny").start();
        http = server.http();
        try (Connection c = trino.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE memory.default.events AS SELECT * FROM (VALUES (1, 'start'), (2, 'stop'))"
                    + " AS t(id, kind)");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (trino != null) {
            trino.close();
        }
    }

    @Test
    void aTrinoResultIsStoredPagedDownloadedAndQueriedLikeAnyOther() {
        Http.Response r = query("SELECT nationkey, name, regionkey FROM nation ORDER BY nationkey", 3);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("columns").toString()).isEqualTo("[\"nationkey\",\"name\",\"regionkey\"]");
        assertThat(body.path("rows").toString()).isEqualTo("[[0,\"ALGERIA\",0],[1,\"ARGENTINA\",1],[2,\"BRAZIL\",1]]");
        assertThat(body.path("row_count").asLong()).isEqualTo(25);
        assertThat(body.path("truncated").asBoolean()).isTrue();
        String id = body.path("result_id").asText();
        JsonNode run = http.get("/query-runs/" + body.path("query_run_id").asText()).json();
        assertThat(run.path("engine").asText()).isEqualTo("trino");
        assertThat(run.path("status").asText()).isEqualTo("succeeded");

        assertThat(http.awaitResult(id).path("status").asText()).isEqualTo("ready");
        JsonNode page = http.get("/results/" + id + "?offset=23&limit=5").json();
        assertThat(page.path("rows").toString()).isEqualTo("[[23,\"UNITED KINGDOM\",3],[24,\"UNITED STATES\",1]]");
        Http.Response csv = http.get("/results/" + id + "/data?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("nationkey,name,regionkey\n0,ALGERIA,0\n").hasLineCount(26);
        Http.Response again = http.query("SELECT regionkey, count(*) AS n FROM results.\"" + id
                + "\" GROUP BY regionkey ORDER BY regionkey");
        assertThat(again.json().path("rows").toString()).isEqualTo("[[0,5],[1,5],[2,5],[3,5],[4,5]]");
    }

    @Test
    void manyBatchesArriveWholeAndInOrder() {
        Http.Response r = query("SELECT orderkey, linenumber FROM lineitem ORDER BY orderkey, linenumber", 2);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("row_count").asLong()).isEqualTo(60175);
        String id = r.json().path("result_id").asText();
        assertThat(http.awaitResult(id).path("status").asText()).isEqualTo("ready");
        Http.Response check = http.query("SELECT count(*) AS n, count(DISTINCT orderkey) AS orders,"
                + " bool_and(orderkey >= prev) AS ordered FROM (SELECT orderkey,"
                + " lag(orderkey, 1, 0) OVER () AS prev FROM results.\"" + id + "\")");
        assertThat(check.json().path("rows").toString()).isEqualTo("[[60175,15000,true]]");
    }

    @Test
    void theMemoryCatalogIsReadable() {
        Http.Response r = query("SELECT id, kind FROM memory.default.events ORDER BY id", 10);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("rows").toString()).isEqualTo("[[1,\"start\"],[2,\"stop\"]]");
    }

    @Test
    void typesArriveAsTheirLocalCounterparts() {
        Http.Response r = query("""
                SELECT BIGINT '9007199254740993' AS big, 7 AS i, SMALLINT '-3' AS s, TINYINT '5' AS t,
                    DOUBLE '2.5' AS d, REAL '1.5' AS f, DECIMAL '12345678901234567890.12' AS dec,
                    'héllo' AS v, CAST('ab' AS char(3)) AS ch, true AS b, DATE '2024-02-29' AS day,
                    TIME '13:14:15.123456' AS tod, TIMESTAMP '2024-02-29 23:59:58.123456' AS ts,
                    TIMESTAMP '2024-02-29 23:59:58.123456789' AS ts9,
                    TIMESTAMP '2024-06-01 12:00:00.5 Europe/Paris' AS tstz,
                    ARRAY[1, 2, NULL] AS arr, MAP(ARRAY['k'], ARRAY[1.5e0]) AS m,
                    CAST(ROW(1, 'x') AS ROW(a integer, b varchar)) AS r, X'CAFE' AS bin,
                    UUID '12151fd2-7586-11e9-8f9e-2a86e4085a59' AS u, JSON '{"a":1}' AS j,
                    CAST(NULL AS bigint) AS nothing""", 10);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode row = r.json().path("rows").path(0);
        assertThat(row.toString()).isEqualTo("[\"9007199254740993\",7,-3,5,2.5,1.5,12345678901234567890.12,\"héllo\","
                + "\"ab \",true,\"2024-02-29\",\"13:14:15.123456\",\"2024-02-29T23:59:58.123456\","
                + "\"2024-02-29T23:59:58.123456\",\"2024-06-01T10:00:00.5Z\",\"[1,2,null]\",\"{\\\"k\\\":1.5}\","
                + "\"{\\\"a\\\":1,\\\"b\\\":\\\"x\\\"}\",\"yv4=\",\"12151fd2-7586-11e9-8f9e-2a86e4085a59\","
                + "\"{\\\"a\\\":1}\",null]");
        String id = r.json().path("result_id").asText();
        assertThat(http.awaitResult(id).path("status").asText()).isEqualTo("ready");
        Http.Response types = http.query("SELECT typeof(big), typeof(i), typeof(s), typeof(t), typeof(d), typeof(f),"
                + " typeof(dec), typeof(v), typeof(b), typeof(day), typeof(tod), typeof(ts), typeof(tstz), typeof(arr),"
                + " typeof(bin), typeof(u) FROM results.\"" + id + "\"");
        assertThat(types.json().path("rows").path(0).toString()).isEqualTo("[\"BIGINT\",\"INTEGER\",\"SMALLINT\","
                + "\"TINYINT\",\"DOUBLE\",\"FLOAT\",\"DECIMAL(22,2)\",\"VARCHAR\",\"BOOLEAN\",\"DATE\",\"TIME\","
                + "\"TIMESTAMP\",\"TIMESTAMP WITH TIME ZONE\",\"VARCHAR\",\"BLOB\",\"UUID\"]");
        assertThat(http.get("/results/" + id).json().path("rows").path(0).toString()).isEqualTo(row.toString());
    }

    @Test
    void trinosErrorsAreSqlErrorsWithItsMessageAndAFailedRun() {
        Http.Response r = query("SELECT nosuchcolumn FROM nation", 10);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("SQL_ERROR");
        assertThat(r.errorMessage()).isEqualTo("line 1:8: Column 'nosuchcolumn' cannot be resolved");
        Http.Response failing = query("SELECT 1 / (nationkey - 3) FROM nation", 10);
        assertThat(failing.status()).isEqualTo(400);
        assertThat(failing.errorMessage()).isEqualTo("Division by zero");
        JsonNode run = http.get("/query-runs?limit=1").json().path("query_runs").path(0);
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("error_message").asText()).isEqualTo("Division by zero");
    }

    @Test
    void writesAreRefusedAndNeverReachTrino() throws SQLException {
        Http.Response r = query("INSERT INTO memory.default.events VALUES (3, 'more')", 10);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("FORBIDDEN_STATEMENT");
        try (Connection c = trino.connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM memory.default.events")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }

    @Test
    void cancelingARunKillsTheTrinoQuery() throws SQLException {
        Http.Response r = http.post("/query", Json.MAPPER.createObjectNode().put("sql", SLOW).put("engine", "trino")
                .put("wait_timeout_ms", 0).toString());
        assertThat(r.status()).isEqualTo(202);
        String runId = r.json().path("query_run_id").asText();
        awaitTrinoQuery("RUNNING");
        assertThat(http.post("/query-runs/" + runId + "/cancel", "").status()).isEqualTo(200);
        assertThat(http.get("/query-runs/" + runId).json().path("status").asText()).isEqualTo("canceled");
        awaitTrinoQuery("FAILED");
        io.resultstore.testing.Await.until("the session let go", () -> server.app().queries().running() == 0);
    }

    @Test
    void theStatementTimeoutStopsATrinoQueryToo() throws SQLException {
        try (TestServer strict = TestServer.builder(dir.resolve("strict")).set("engines.trino.url", trino.url())
                .set("query.timeout", "3s").start()) {
            Http.Response r = strict.http().post("/query", Json.MAPPER.createObjectNode().put("sql", SLOW + " AND 1 = 1")
                    .put("engine", "trino").toString());
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errorMessage()).isEqualTo("query exceeded the statement timeout of 3 s (query.timeout) and was stopped");
            JsonNode run = strict.http().get("/query-runs?limit=1").json().path("query_runs").path(0);
            assertThat(run.path("status").asText()).isEqualTo("failed");
        }
    }

    /** Waits until the slow query's latest run on Trino is in {@code state}. */
    private static void awaitTrinoQuery(String state) throws SQLException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        String last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = trino.connect(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT state FROM system.runtime.queries WHERE source = 'resultstore'"
                            + " AND query LIKE '%sf1000.lineitem%slow%' ORDER BY created DESC LIMIT 1")) {
                last = rs.next() ? rs.getString(1) : null;
            }
            if (state.equals(last)) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("Trino query never reached " + state + "; last " + last);
    }

    private static Http.Response query(String sql, int maxRows) {
        return http.post("/query", Json.MAPPER.createObjectNode().put("sql", sql).put("engine", "trino")
                .put("max_inline_rows", maxRows).toString());
    }
}
