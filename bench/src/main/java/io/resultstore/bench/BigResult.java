package io.resultstore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenarios 4–6 share one server (heap capped at 256 MiB, so downloads must stream) and one large result:
 * 4 times POST until ready, 5 queries the result with SQL, 6 downloads it in every format.
 */
final class BigResult implements AutoCloseable {
    private final Options options;
    private final long rows;
    private ServerProcess server;
    private Baseline baseline;
    private String resultId;
    private final Client client = new Client();

    BigResult(Options options) {
        this.options = options;
        this.rows = options.size(10_000_000, 1_000_000);
    }

    private String label() {
        return rows / 1_000_000 + "M rows";
    }

    private void start() throws Exception {
        if (server == null) {
            server = ServerProcess.start(options, "big", List.of("-Xmx256m"), Map.of());
            baseline = new Baseline();
        }
    }

    /** The id of a ready result of {@code rows} rows, made untimed when scenario 4 did not run. */
    private String result() throws Exception {
        start();
        if (resultId == null) {
            JsonNode r = client.post(server.url() + "/query", Client.query(Bench.rowsSql(rows))).expect(200).json();
            resultId = r.path("result_id").asText();
            client.awaitReady(server.url(), resultId, Duration.ofMinutes(10));
        }
        return resultId;
    }

    /** Scenario 4: POST until {@code GET /results/{id}} says ready, vs DuckDB {@code COPY (query) TO} parquet. */
    void timeToReady(Report report) throws Exception {
        start();
        String sql = Bench.rowsSql(rows);
        int reps = options.size(3, 2);
        double[] served = new double[reps];
        double[] base = new double[reps];
        for (int i = -1; i < reps; i++) {
            long t0 = System.nanoTime();
            JsonNode r = client.post(server.url() + "/query", Client.query(sql)).expect(200).json();
            String id = r.path("result_id").asText();
            client.awaitReady(server.url(), id, Duration.ofMinutes(10));
            double serverMs = (System.nanoTime() - t0) / 1e6;
            resultId = id;
            Path file = options.workDir().resolve("baseline.parquet");
            double baseMs = baseline.timeMs("COPY (" + sql + ") TO " + Baseline.literal(file.toString())
                    + " (FORMAT parquet, COMPRESSION zstd)");
            Files.deleteIfExists(file);
            if (i >= 0) {
                served[i] = serverMs;
                base[i] = baseMs;
            }
        }
        report.ratio("4 time to ready " + label(), "POST..ready vs COPY TO parquet", Stats.median(served),
                Stats.median(base), 1.5);
    }

    /** Scenario 5: server-side {@code execution_time_ms} of an aggregate over the result vs read_parquet. */
    void sqlOverResult(Report report) throws Exception {
        String id = result();
        String file = Baseline.literal(server.parquetOf(id).toString());
        String serverSql = "SELECT sum(id) AS s, sum(val) AS v FROM results.\"" + id + "\"";
        String baseSql = "SELECT sum(id) AS s, sum(val) AS v FROM read_parquet(" + file + ")";
        int reps = options.size(9, 3);
        double[] served = new double[reps];
        double[] base = new double[reps];
        for (int i = -2; i < reps; i++) {
            JsonNode r = client.post(server.url() + "/query", Client.query(serverSql)).expect(200).json();
            long t0 = System.nanoTime();
            try (Statement st = baseline.connection().createStatement(); ResultSet rs = st.executeQuery(baseSql)) {
                rs.next();
            }
            double baseMs = (System.nanoTime() - t0) / 1e6;
            if (i >= 0) {
                served[i] = r.path("execution_time_ms").asDouble();
                base[i] = baseMs;
            }
        }
        report.ratio("5 SQL over result " + label(), "execution_time_ms vs read_parquet", Stats.median(served),
                Stats.median(base), 1.2);
    }

    /**
     * Scenario 6: {@code GET /results/{id}/data?format=…} throughput; csv and jsonl against DuckDB
     * {@code COPY TO} csv and json of the same file, arrow against DuckDB's in-process Arrow export of it.
     */
    void downloads(Report report) throws Exception {
        String id = result();
        String url = server.url() + "/results/" + id + "/data?format=";
        long[] probe = client.download(url + "parquet");
        if (probe[0] == 404) {
            report.skipped("6 downloads", "n/a (404)");
            return;
        }
        Path source = server.parquetOf(id);
        for (String format : List.of("parquet", "arrow", "csv", "jsonl")) {
            // A Parquet download takes about 0.1 s here: a median of three would be mostly noise.
            int reps = format.equals("parquet") ? options.size(11, 3) : options.size(3, 1);
            double[] ms = new double[reps];
            long bytes = 0;
            // One download first, not timed: the server's JIT compiles each format's writer during the first (a 10M-row
            // CSV from a fresh server: 3.2 s the first time, 2.1-2.2 s after, but for one 3.0 s while compiles landed).
            client.download(url + format);
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                long[] got = client.download(url + format);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (got[0] != 200) {
                    throw new IllegalStateException(format + " download answered " + got[0]);
                }
                bytes = got[1];
            }
            double median = Stats.median(ms);
            double mbps = bytes / 1e6 / (median / 1e3);
            String what = "6 download " + format;
            if (format.equals("parquet")) {
                report.absolute(what, "MB/s (" + Report.fmt(rows / (median / 1e3)) + " rows/s)", mbps, "MB/s", 400,
                        true);
            } else if (format.equals("arrow")) {
                double[] base = new double[reps];
                for (int i = 0; i < reps; i++) {
                    base[i] = baseline.arrowExportMs("SELECT * FROM read_parquet(" + Baseline.literal(source.toString())
                            + ")");
                }
                report.share(what, Report.fmt(mbps) + " MB/s; rows/s vs in-process export", rows / (median / 1e3),
                        rows / (Stats.median(base) / 1e3), "rows/s", 0.8);
            } else {
                // DuckDB writes JSON Lines for FORMAT json: the same shape as the download.
                boolean csv = format.equals("csv");
                Path target = options.workDir().resolve("baseline." + format);
                double[] base = new double[reps];
                for (int i = 0; i < reps; i++) {
                    base[i] = baseline.timeMs("COPY (SELECT * FROM read_parquet("
                            + Baseline.literal(source.toString()) + ")) TO " + Baseline.literal(target.toString())
                            + (csv ? " (FORMAT csv, HEADER)" : " (FORMAT json)"));
                }
                Files.deleteIfExists(target);
                report.ratio(what, Report.fmt(mbps) + " MB/s vs DuckDB COPY TO " + (csv ? "csv" : "json"), median,
                        Stats.median(base), csv ? 1.3 : 1.5);
            }
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        if (server != null) {
            server.close();
            baseline.close();
        }
    }
}
