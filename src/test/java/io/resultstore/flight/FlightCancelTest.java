package io.resultstore.flight;

import static io.resultstore.flight.FlightTesting.bearer;
import static io.resultstore.flight.FlightTesting.meta;
import static io.resultstore.flight.FlightTesting.runStatuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Await;
import io.resultstore.testing.SharedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statements answered while they run ({@code flight.info_wait=0s}): the client holds a ticket while the engine
 * works, and cancelling it, through the real JDBC driver or {@code CancelFlightInfo}, stops the engine statement.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FlightCancelTest {
    private static final int PORT = FlightTesting.freePort();

    @RegisterExtension
    static final SharedServer server = new SharedServer(b -> b.set("flight.port", Integer.toString(PORT))
            .set("flight.info_wait", "0s").set("auth.tokens", FlightTesting.TOKEN));

    private static BufferAllocator allocator;
    private static FlightSqlClient client;

    @BeforeAll
    static void connect() {
        allocator = new RootAllocator();
        client = new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", PORT))
                .build());
    }

    @AfterAll
    static void disconnect() throws Exception {
        client.close();
        allocator.close();
    }

    @Test
    void jdbcStatementCancelStopsTheEngineStatement() throws Exception {
        String sql = "SELECT count(*) AS n FROM range(1e12) WHERE range % 7 = 3";
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (Connection c = DriverManager.getConnection(FlightTesting.url(PORT, "token=" + FlightTesting.TOKEN));
                Statement st = c.createStatement()) {
            Future<Long> result = caller.submit(() -> {
                try (ResultSet rs = st.executeQuery(sql)) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            Await.until("the statement runs", () -> runStatuses(server, sql).contains("running"));
            // The driver's cancel closes the stream it reads; until executeQuery reaches the read it does nothing,
            // so it is repeated until the call ends.
            Await.until("executeQuery ends", () -> {
                cancel(st);
                return result.isDone();
            });
            assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SQLException.class);
        } finally {
            caller.shutdownNow();
        }
        Await.until("the engine lets go", () -> server.server().app().queries().running() == 0);
        assertThat(runStatuses(server, sql)).containsExactly("canceled");
    }

    @Test
    void cancelFlightInfoStopsTheRunningStatementAndItsTicketSaysSo() throws Exception {
        String sql = "SELECT count(*) AS n FROM range(1e12) WHERE range % 5 = 1";
        FlightInfo info = client.execute(sql, bearer());
        JsonNode meta = meta(info);
        String runId = meta.path("query_run_id").asText();
        assertThat(runId).startsWith("qrun");
        // Answered while it runs: no result yet, and the schema comes with the stream.
        assertThat(meta.has("result_id")).isFalse();
        assertThat(info.getSchemaOptional()).isEmpty();

        assertThat(client.cancelFlightInfo(new CancelFlightInfoRequest(info), bearer()).getStatus())
                .isEqualTo(CancelStatus.CANCELLED);
        Await.until("the engine lets go", () -> server.server().app().queries().running() == 0);
        assertThat(FlightTesting.http(server, "GET", "/query-runs/" + runId, null).json().path("status").asText())
                .isEqualTo("canceled");
        assertThatThrownBy(() -> {
            try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), bearer())) {
                stream.next();
            }
        }).isInstanceOfSatisfying(FlightRuntimeException.class,
                e -> assertThat(e.status().code()).isEqualTo(FlightStatusCode.CANCELLED));
        // A ticket read (or being read) is no longer cancellable.
        assertThat(client.cancelFlightInfo(new CancelFlightInfoRequest(info), bearer()).getStatus())
                .isEqualTo(CancelStatus.NOT_CANCELLABLE);
    }

    @Test
    void closingAPreparedStatementCancelsItsExecutionStillRunning() throws Exception {
        String sql = "SELECT count(*) AS n FROM range(1e12) WHERE range % 11 = 4";
        FlightSqlClient.PreparedStatement prepared = client.prepare(sql, bearer());
        FlightInfo info = prepared.execute(bearer());
        String runId = meta(info).path("query_run_id").asText();
        assertThat(FlightTesting.http(server, "GET", "/query-runs/" + runId, null).json().path("status").asText())
                .isEqualTo("running");
        prepared.close(bearer());
        Await.until("the engine lets go", () -> server.server().app().queries().running() == 0);
        assertThat(FlightTesting.http(server, "GET", "/query-runs/" + runId, null).json().path("status").asText())
                .isEqualTo("canceled");
    }

    @Test
    void aTicketAnsweredWhileItsQueryRunsStreamsTheRowsAndTheRunNamesTheResult() throws Exception {
        FlightInfo info = client.execute("SELECT range AS n FROM range(100000)", bearer());
        String runId = meta(info).path("query_run_id").asText();
        assertThat(FlightTesting.rowsAndSum(client, info, "n")).containsExactly(100000, 100000L * 99999 / 2);
        JsonNode run = FlightTesting.http(server, "GET", "/query-runs/" + runId, null).json();
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("result_id").asText()).startsWith("rslt");
    }

    private static void cancel(Statement st) {
        try {
            st.cancel();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
