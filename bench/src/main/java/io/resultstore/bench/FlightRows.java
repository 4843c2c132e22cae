package io.resultstore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBDriver;
import org.duckdb.DuckDBResultSet;

/**
 * Scenario 12: a 10M-row statement read whole as Arrow over Flight SQL (GetFlightInfo starts it, DoGet waits
 * for its end and streams it), against the same statement exported as Arrow by an in-process DuckDB (target: at least 0.8 of its
 * rows/s, i.e. a time ratio of at most 1.25), and against HTTP (POST /query, wait until ready, Arrow
 * download). The server runs at -Xmx256m: the stream must not hold the result on the heap.
 */
final class FlightRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlightRows() {}

    static void run(Options options, Report report) throws Exception {
        long rows = options.size(10_000_000, 1_000_000);
        String sql = Bench.rowsSql(rows);
        int flightPort = ServerProcess.freePort();
        int reps = options.size(3, 1);
        try (ServerProcess server = ServerProcess.start(options, "flight", List.of("-Xmx256m"),
                Map.of("RESULTSTORE_FLIGHT_PORT", Integer.toString(flightPort)));
                Client http = new Client();
                // Streamed like the server's engine reads: the export starts before the query has finished.
                Connection local = new DuckDBDriver().connect("jdbc:duckdb:", streaming());
                BufferAllocator allocator = new RootAllocator();
                FlightSqlClient flight = new FlightSqlClient(FlightClient.builder(allocator,
                        Location.forGrpcInsecure("127.0.0.1", flightPort)).build())) {
            double[] flightMs = new double[reps];
            double[] httpMs = new double[reps];
            double[] localMs = new double[reps];
            for (int i = -1; i < reps; i++) {
                long t0 = System.nanoTime();
                FlightInfo info = flight.execute(sql);
                long got = 0;
                try (FlightStream stream = flight.getStream(info.getEndpoints().get(0).getTicket())) {
                    while (stream.next()) {
                        got += stream.getRoot().getRowCount();
                    }
                }
                double f = (System.nanoTime() - t0) / 1e6;
                check(got, rows, "Flight");
                JsonNode meta = JSON.readTree(info.getAppMetadata());
                // A statement still running when its flight info was answered: its run names the result.
                String resultId = meta.has("result_id") ? meta.path("result_id").asText()
                        : http.get(server.url() + "/query-runs/" + meta.path("query_run_id").asText()).expect(200)
                                .json().path("result_id").asText();
                // Untimed: the next measurement must not share the machine with this result's write.
                http.awaitReady(server.url(), resultId, Duration.ofMinutes(10));

                long t1 = System.nanoTime();
                JsonNode answer = http.post(server.url() + "/query", Map.of("sql", sql, "max_inline_rows", 0))
                        .expect(200).json();
                String id = answer.path("result_id").asText();
                http.awaitReady(server.url(), id, Duration.ofMinutes(10));
                long[] download = http.download(server.url() + "/results/" + id + "/data?format=arrow");
                double h = (System.nanoTime() - t1) / 1e6;
                if (download[0] != 200) {
                    throw new IllegalStateException("arrow download answered " + download[0]);
                }

                long t2 = System.nanoTime();
                long exported = 0;
                try (Statement st = local.createStatement(); ResultSet rs = st.executeQuery(sql);
                        ArrowReader reader = (ArrowReader) rs.unwrap(DuckDBResultSet.class)
                                .arrowExportStream(allocator, 64 * 1024)) {
                    while (reader.loadNextBatch()) {
                        exported += reader.getVectorSchemaRoot().getRowCount();
                    }
                }
                double l = (System.nanoTime() - t2) / 1e6;
                check(exported, rows, "in-process export");
                if (i >= 0) {
                    flightMs[i] = f;
                    httpMs[i] = h;
                    localMs[i] = l;
                }
            }
            String label = "12 Flight " + rows / 1_000_000 + "M rows";
            double flightMedian = Stats.median(flightMs);
            double localMedian = Stats.median(localMs);
            double httpMedian = Stats.median(httpMs);
            report.ratio(label, "Flight vs in-process Arrow export", flightMedian, localMedian, 1.25);
            report.info(label, "rows/s Flight / in-process", Report.fmt(rows / (flightMedian / 1e3)),
                    Report.fmt(rows / (localMedian / 1e3)));
            report.info(label, "HTTP POST+ready+arrow vs in-process", Report.fmt(httpMedian) + " ms",
                    Report.fmt(localMedian) + " ms (" + String.format("%.2f", httpMedian / localMedian) + ")");
        }
    }

    private static Properties streaming() {
        Properties props = new Properties();
        props.setProperty("jdbc_stream_results", "true");
        return props;
    }

    private static void check(long got, long expected, String path) {
        if (got != expected) {
            throw new IllegalStateException(path + " read " + got + " rows, expected " + expected);
        }
    }
}
