package io.resultstore.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Await;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Flight SQL endpoint through the real Apache Arrow Flight SQL JDBC driver and Flight client. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FlightSqlTest {
    private static final String TOKEN = FlightTesting.TOKEN;
    private static final int PORT = FlightTesting.freePort();

    // Every statement here ends well within the wait: its flight info names its result.
    @RegisterExtension
    static final SharedServer server = new SharedServer(b -> b.set("flight.port", Integer.toString(PORT))
            .set("flight.info_wait", "60s").set("auth.tokens", TOKEN));

    private static Connection jdbc;
    private static BufferAllocator allocator;
    private static FlightSqlClient client;

    @BeforeAll
    static void connect() throws SQLException {
        jdbc = DriverManager.getConnection(url("token=" + TOKEN));
        allocator = new RootAllocator();
        client = new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", PORT))
                .build());
    }

    @AfterAll
    static void disconnect() throws Exception {
        jdbc.close();
        client.close();
        allocator.close();
    }

    @Test
    void anyFlightQueryIsARunWithAPersistedResultReadableById() throws Exception {
        FlightInfo info = client.execute("SELECT range AS n, 'row ' || range AS label FROM range(5)", bearer());
        JsonNode meta = FlightTesting.meta(info);
        String resultId = meta.path("result_id").asText();
        String runId = meta.path("query_run_id").asText();
        assertThat(resultId).startsWith("rslt");
        assertThat(info.getRecords()).isEqualTo(5);
        long rows = 0;
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), bearer())) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        assertThat(rows).isEqualTo(5);

        assertThat(http("GET", "/query-runs/" + runId, null).json().path("status").asText()).isEqualTo("succeeded");
        Await.until("result ready", () -> "ready".equals(
                http("GET", "/results/" + resultId, null).json().path("status").asText()));
        try (Statement st = jdbc.createStatement();
                ResultSet rs = st.executeQuery("SELECT label FROM results.\"" + resultId + "\" ORDER BY n DESC")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("row 4");
        }
        // The ticket was read once; a second read points to the result by id.
        assertThatThrownBy(() -> {
            try (FlightStream again = client.getStream(info.getEndpoints().get(0).getTicket(), bearer())) {
                again.next();
            }
        }).isInstanceOfSatisfying(FlightRuntimeException.class,
                e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.NOT_FOUND));
    }

    @Test
    void aLargeResultStreamsWhileTheStatementRunsAndIsPersistedWhole() throws Exception {
        // More rows than wait for a reader: the flight info is answered while the statement still produces them.
        String sql = "SELECT range AS n, 'row ' || range AS label FROM range(2000000)";
        FlightInfo info = client.execute(sql, bearer());
        JsonNode meta = FlightTesting.meta(info);
        String resultId = meta.path("result_id").asText();
        String runId = meta.path("query_run_id").asText();
        assertThat(resultId).startsWith("rslt");
        assertThat(info.getRecords()).isEqualTo(-1);
        assertThat(info.getSchemaOptional()).isPresent();
        assertThat(FlightTesting.runStatuses(server, sql)).containsExactly("running");
        assertThat(FlightTesting.rowsAndSum(client, info, "n")).containsExactly(2000000, 2000000L * 1999999 / 2);

        JsonNode run = http("GET", "/query-runs/" + runId, null).json();
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("result_id").asText()).isEqualTo(resultId);
        Await.until("result ready", () -> "ready".equals(
                http("GET", "/results/" + resultId, null).json().path("status").asText()));
        assertThat(http("GET", "/results/" + resultId, null).json().path("row_count").asLong()).isEqualTo(2000000);
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*), sum(n), max(label) FROM results.\"" + resultId + "\"")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(2000000);
            assertThat(rs.getLong(2)).isEqualTo(2000000L * 1999999 / 2);
            assertThat(rs.getString(3)).isEqualTo("row 999999");
        }
    }

    @Test
    void everyEngineTypeTheDriverReadsArrivesAsOverHttp() throws Exception {
        String[] exprs = {"true", "1::TINYINT", "2::SMALLINT", "3::INTEGER", "4::BIGINT",
            "123456789012345678901234567890::HUGEINT", "1.5::FLOAT", "2.25::DOUBLE", "12.34::DECIMAL(10,2)",
            "'text'", "'6b1b2f4e-8a4d-4f6a-9d3e-3a1b2c3d4e5f'::UUID", "'{\"a\": 1}'::JSON",
            "DATE '2024-01-02'", "TIMESTAMP '2024-01-02 03:04:05.123456'",
            "TIMESTAMP_MS '2024-01-02 03:04:05.123'", "TIMESTAMP_NS '2024-01-02 03:04:05.123456789'",
            "[1, 2, 3]", "[1, 2]::INTEGER[2]", "{'a': 1, 'b': 'x'}", "MAP {'k': 1}", "NULL::INTEGER"};
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < exprs.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(exprs[i]).append(" AS c").append(i);
        }
        JsonNode httpRow = http("POST", "/query", Json.MAPPER.writeValueAsString(java.util.Map.of("sql", sql.toString())))
                .json().path("rows").path(0);
        try (Statement st = jdbc.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            assertThat(rs.next()).isTrue();
            for (int i = 0; i < exprs.length; i++) {
                JsonNode expected = httpRow.path(i);
                String text = expected.isValueNode() ? expected.asText() : expected.toString();
                // HTTP writes ISO-8601 timestamps; JDBC's text form puts a space where ISO has the T.
                assertThat(rs.getString(i + 1)).as(exprs[i])
                        .isEqualTo(expected.isNull() ? null : text.replaceFirst("^(\\d{4}-\\d\\d-\\d\\d)T", "$1 "));
            }
            assertThat(rs.next()).isFalse();
        }
        try (Statement st = jdbc.createStatement();
                ResultSet rs = st.executeQuery("SELECT '\\xAA'::BLOB AS b, INTERVAL 3 DAY AS i, TIME '03:04:05' AS t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).containsExactly((byte) 0xAA);
            assertThat(rs.getString(2)).isEqualTo("P3D");
            assertThat(rs.getTime(3).toLocalTime()).isEqualTo(java.time.LocalTime.of(3, 4, 5));
        }
    }

    @Test
    void aRepeatedStatementStreamsTheStoredResult() throws Exception {
        String sql = "SELECT range AS n, range * 2 AS twice FROM range(70000)";
        String first = FlightTesting.meta(client.execute(sql, bearer())).path("result_id").asText();
        Await.until("result ready", () -> "ready".equals(
                http("GET", "/results/" + first, null).json().path("status").asText()));
        FlightInfo again = client.execute(sql, bearer());
        assertThat(FlightTesting.meta(again).path("result_id").asText()).isEqualTo(first);
        assertThat(FlightTesting.rowsAndSum(client, again, "twice")).containsExactly(70000, 70000L * 69999);
    }

    @Test
    void enumColumnsArriveDictionaryEncoded() throws Exception {
        // The JDBC driver shows a dictionary column's codes; Flight clients that decode dictionaries see the values.
        FlightInfo info = client.execute("SELECT 'b'::ENUM('a', 'b') AS e FROM range(3)", bearer());
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), bearer())) {
            assertThat(stream.next()).isTrue();
            var field = stream.getRoot().getSchema().getFields().get(0);
            assertThat(field.getDictionary()).isNotNull();
            var codes = (org.apache.arrow.vector.BaseIntVector) stream.getRoot().getVector(0);
            var values = (org.apache.arrow.vector.VarCharVector) stream.getDictionaryProvider()
                    .lookup(field.getDictionary().getId()).getVector();
            assertThat(stream.getRoot().getRowCount()).isEqualTo(3);
            assertThat(values.getObject((int) codes.getValueAsLong(0)).toString()).isEqualTo("b");
        }
    }

    @Test
    void preparedStatementsReadDatasetsAndConnectedSources() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("flight-source");
        java.nio.file.Path file = dir.resolve("src.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id INTEGER, name TEXT)");
            st.execute("INSERT INTO items VALUES (1, 'pen'), (2, 'ink')");
        }
        Http.Response conn = http("POST", "/connections", "{\"name\":\"flight_src\",\"source_type\":\"sqlite\","
                + "\"config\":{\"path\":\"" + file + "\"}}");
        assertThat(conn.status()).as(conn.body()).isEqualTo(201);
        try (PreparedStatement ps = jdbc.prepareStatement("SELECT name FROM flight_src.main.items WHERE id = ?")) {
            ps.setLong(1, 2);
            assertThat(rows(ps.executeQuery())).containsExactly("ink");
        }
        String resultId = http("POST", "/query", "{\"sql\":\"SELECT 7 AS seven\"}").json().path("result_id").asText();
        Await.until("result ready", () -> http("GET", "/results/" + resultId, null).json().path("status").asText().equals("ready"));
        Http.Response ds = http("POST", "/v1/datasets", "{\"table_name\":\"flight_ds\",\"from_result\":\""
                + resultId + "\"}");
        assertThat(ds.status()).as(ds.body()).isEqualTo(201);
        try (PreparedStatement ps = jdbc.prepareStatement("SELECT seven FROM datasets.flight_ds")) {
            assertThat(rows(ps.executeQuery())).containsExactly("7");
        }
        java.nio.file.Files.deleteIfExists(file);
        java.nio.file.Files.deleteIfExists(dir);
    }

    @Test
    void preparedStatementsBindParametersInTheEngine() throws Exception {
        try (PreparedStatement ps = jdbc.prepareStatement(
                "SELECT range AS n, ? AS tag FROM range(10) WHERE range >= ? AND range < ? ORDER BY n")) {
            ps.setString(1, "a");
            ps.setLong(2, 3);
            ps.setLong(3, 6);
            assertThat(rows(ps.executeQuery())).containsExactly("3|a", "4|a", "5|a");
            ps.setString(1, "b");
            ps.setLong(2, 0);
            ps.setLong(3, 2);
            assertThat(rows(ps.executeQuery())).containsExactly("0|b", "1|b");
        }
        try (PreparedStatement ps = jdbc.prepareStatement("SELECT ?::DATE + 1 AS d, ?::DOUBLE * 2 AS x")) {
            ps.setDate(1, java.sql.Date.valueOf("2024-02-28"));
            ps.setDouble(2, 1.25);
            assertThat(rows(ps.executeQuery())).containsExactly("2024-02-29|2.5");
        }
    }

    @Test
    void theCatalogBrowserListsReadyResultsAsTablesOfSchemaResults() throws Exception {
        String resultId = FlightTesting.meta(client.execute("SELECT 1 AS one", bearer()))
                .path("result_id").asText();
        Await.until("result ready", () -> "ready".equals(
                http("GET", "/results/" + resultId, null).json().path("status").asText()));
        DatabaseMetaData md = jdbc.getMetaData();
        assertThat(md.getDatabaseProductName()).isEqualTo("ResultStore");
        assertThat(rows(md.getSchemas())).anyMatch(r -> r.startsWith("results|"));
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, "results", "rslt%", null)) {
            while (rs.next()) {
                assertThat(rs.getString("TABLE_SCHEM")).isEqualTo("results");
                assertThat(rs.getString("TABLE_TYPE")).isEqualTo("TABLE");
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertThat(tables).contains(resultId);
        try (ResultSet rs = md.getTables(null, "results", "no-such-table", null)) {
            assertThat(rs.next()).isFalse();
        }
        assertThat(rows(md.getTableTypes())).containsExactly("TABLE");
    }

    @Test
    void theBrowserShowsDatasetsAndResultsWithTheirColumns() throws Exception {
        String resultId = FlightTesting.meta(client.execute(
                "SELECT 7::INTEGER AS qty, 'pen' AS item, DATE '2024-01-02' AS sold_on", bearer()))
                .path("result_id").asText();
        Await.until("result ready", () -> "ready".equals(
                http("GET", "/results/" + resultId, null).json().path("status").asText()));
        assertThat(http("POST", "/v1/datasets", Json.MAPPER.writeValueAsString(
                java.util.Map.of("table_name", "flight_sales", "from_result", resultId))).status()).isEqualTo(201);

        DatabaseMetaData md = jdbc.getMetaData();
        assertThat(rows(md.getSchemas())).anyMatch(r -> r.startsWith("datasets|")).anyMatch(r -> r.startsWith("results|"));
        assertThat(rows(md.getTables(null, "datasets", "%", null)))
                .anyMatch(r -> r.startsWith("null|datasets|flight_sales|TABLE"));
        for (String[] table : List.of(new String[] {"datasets", "flight_sales"}, new String[] {"results", resultId})) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = md.getColumns(null, table[0], table[1], "%")) {
                while (rs.next()) {
                    assertThat(rs.getString("TABLE_SCHEM")).isEqualTo(table[0]);
                    columns.add(rs.getString("COLUMN_NAME") + " " + rs.getInt("DATA_TYPE") + " "
                            + rs.getString("TYPE_NAME"));
                }
            }
            assertThat(columns).as(table[0]).containsExactly("qty " + java.sql.Types.INTEGER + " INTEGER",
                    "item " + java.sql.Types.VARCHAR + " VARCHAR", "sold_on " + java.sql.Types.DATE + " DATE");
        }
        try (Statement st = jdbc.createStatement();
                ResultSet rs = st.executeQuery("SELECT item, qty FROM datasets.flight_sales")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + rs.getInt(2)).isEqualTo("pen7");
        }
    }

    @Test
    void hostileSqlIsRefusedWithTheMessageHttpGives() throws Exception {
        for (String sql : List.of("COPY (SELECT 1) TO '/tmp/out.csv'", "SELECT * FROM read_csv('/etc/passwd')",
                "ATTACH '/tmp/x.db' AS x", "SELECT 1; SELECT 2")) {
            Http.Response viaHttp = http("POST", "/query", Json.MAPPER.writeValueAsString(java.util.Map.of("sql", sql)));
            assertThat(viaHttp.status()).as(sql).isEqualTo(403);
            String message = viaHttp.errorMessage();
            assertThatThrownBy(() -> jdbc.createStatement().executeQuery(sql)).as(sql)
                    .isInstanceOf(SQLException.class).hasMessageContaining(message);
            assertThatThrownBy(() -> client.execute(sql, bearer())).as(sql)
                    .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                        assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHORIZED);
                        assertThat(e.status().description()).isEqualTo(message);
                    });
        }
        assertThatThrownBy(() -> client.execute("SELECT no_such_column", bearer()))
                .isInstanceOfSatisfying(FlightRuntimeException.class,
                        e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT));
    }

    @Test
    void callsWithoutAValidTokenAreRefusedAndBasicAuthTakesTheTokenAsPassword() throws Exception {
        assertThatThrownBy(() -> {
            try (Connection c = DriverManager.getConnection(url("")); Statement st = c.createStatement()) {
                st.executeQuery("SELECT 1");
            }
        }).isInstanceOf(SQLException.class).hasStackTraceContaining("missing or invalid bearer token");
        assertThatThrownBy(() -> client.execute("SELECT 1"))
                .isInstanceOfSatisfying(FlightRuntimeException.class,
                        e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.UNAUTHENTICATED));
        try (Connection c = DriverManager.getConnection(url("user=anyone&password=" + TOKEN));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 7 AS seven")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
    }

    @Test
    void aClientThatGivesUpCancelsTheEngineStatement() throws Exception {
        // The call's deadline passes while the statement runs: the client cancels the call, and the server stops
        // the statement through the same cancel as POST /query-runs/{id}/cancel.
        assertThatThrownBy(() -> client.execute("SELECT count(*) FROM range(1e12)", bearer(),
                CallOptions.timeout(2, TimeUnit.SECONDS)))
                .isInstanceOfSatisfying(FlightRuntimeException.class,
                        e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.TIMED_OUT));
        Await.until("the canceled run ends", () -> server.server().app().queries().running() == 0);
        assertThat(FlightTesting.runStatuses(server, "SELECT count(*) FROM range(1e12)")).containsExactly("canceled");
    }

    private static HeaderCallOption bearer() {
        return FlightTesting.bearer();
    }

    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (rs) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static Http.Response http(String method, String path, String body) {
        return FlightTesting.http(server, method, path, body);
    }

    private static String url(String auth) {
        return FlightTesting.url(PORT, auth);
    }
}
