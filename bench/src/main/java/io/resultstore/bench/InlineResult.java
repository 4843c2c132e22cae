package io.resultstore.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2: 100k rows × 4 columns answered inline, against the same query in an in-process DuckDB whose
 * rows are serialized with Jackson into the same JSON shape.
 */
final class InlineResult {
    private InlineResult() {}

    static void run(Options options, Report report) throws Exception {
        int rows = options.size(100_000, 20_000);
        String sql = Bench.rowsSql(rows);
        Map<String, Object> body = Map.of("sql", sql, "max_inline_rows", rows);
        try (ServerProcess server = ServerProcess.start(options, "inline", List.of(), Map.of());
                Baseline baseline = new Baseline(); Client client = new Client()) {
            String url = server.url() + "/query";
            int reps = options.size(7, 3);
            double[] served = new double[reps];
            double[] base = new double[reps];
            for (int i = -2; i < reps; i++) {
                long t0 = System.nanoTime();
                Client.Response r = client.post(url, body).expect(200);
                double serverMs = (System.nanoTime() - t0) / 1e6;
                JsonNode json = r.json();
                if (json.path("rows").size() != rows) {
                    throw new IllegalStateException("expected " + rows + " inline rows, got " + json.path("rows").size()
                            + " (row_count " + json.path("row_count") + ")");
                }
                // Let the background write finish so it does not overlap the next measurement.
                client.awaitReady(server.url(), json.path("result_id").asText(), java.time.Duration.ofMinutes(2));
                double baseMs = inProcess(baseline, sql);
                if (i >= 0) {
                    served[i] = serverMs;
                    base[i] = baseMs;
                }
            }
            report.ratio("2 inline " + rows / 1000 + "k rows", "POST /query vs DuckDB+Jackson", Stats.median(served),
                    Stats.median(base), 1.3);
            double[] curl = new double[reps];
            Path bodyFile = options.workDir().resolve("inline-body.json");
            Files.write(bodyFile, Client.bytes(body));
            for (int i = -1; i < reps; i++) {
                double ms = curlMs(url, bodyFile);
                if (i >= 0) {
                    curl[i] = ms;
                }
                // Every statement runs: the bench server does not reuse results. Let its write finish.
                JsonNode last = client.get(server.url() + "/results?limit=1").expect(200).json();
                client.awaitReady(server.url(), last.path("results").get(0).path("id").asText(),
                        java.time.Duration.ofMinutes(2));
            }
            report.ratio("2 inline (curl)", "curl time_total vs DuckDB+Jackson", Stats.median(curl),
                    Stats.median(base), 1.3);
        }
    }

    /**
     * The same request from an outside client: curl's {@code time_total} for one POST whose answer it reads and
     * discards, on a new connection each time.
     */
    static double curlMs(String url, Path body) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
                "-H", "Content-Type: application/json", "--data-binary", "@" + body, url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || !out.startsWith("200 ")) {
            throw new IllegalStateException("curl answered: " + out);
        }
        return Double.parseDouble(out.substring(4)) * 1000;
    }

    /** Query, read every value through JDBC and write the same JSON shape the server writes. */
    static double inProcess(Baseline baseline, String sql) throws Exception {
        long t0 = System.nanoTime();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        try (Statement st = baseline.connection().createStatement(); ResultSet rs = st.executeQuery(sql);
                JsonGenerator g = Client.JSON.createGenerator(out)) {
            ResultSetMetaData md = rs.getMetaData();
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (int c = 1; c <= md.getColumnCount(); c++) {
                g.writeString(md.getColumnName(c));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            while (rs.next()) {
                g.writeStartArray();
                g.writeNumber(rs.getLong(1));
                g.writeNumber(rs.getDouble(2));
                g.writeString(rs.getString(3));
                Timestamp ts = rs.getTimestamp(4);
                g.writeString(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(ts.toLocalDateTime()));
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return (System.nanoTime() - t0) / 1e6;
    }
}
