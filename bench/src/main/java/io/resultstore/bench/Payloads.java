package io.resultstore.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 7: workflow payloads. PUT 1 KiB JSON at concurrency 16 and resolve them, against raw JDBC inserts
 * of rows of the same shape into the same (embedded SQLite) catalog.
 */
final class Payloads {
    private static final int CONCURRENCY = 16;

    private Payloads() {}

    static void run(Options options, Report report) throws Exception {
        try (ServerProcess server = ServerProcess.start(options, "payloads", List.of(), Map.of());
                Client client = new Client()) {
            String putUrl = server.url() + "/api/result/";
            Client.Response probe = client.put(putUrl + "1", body(0));
            if (probe.status() == 404) {
                report.skipped("7 payloads", "n/a (404)");
                return;
            }
            probe.expect(200);
            int total = options.size(10_000, 2_000);
            String[] refs = new String[total];
            // Warm up until the JIT has compiled the hot paths: a cold server reaches about half its steady rate.
            byte[] warm = Client.bytes(body(0));
            Client.load(CONCURRENCY, options.size(10_000, 300), null, i -> client.put(putUrl + "2", warm).expect(200));

            // Bodies are serialized up front so the client's CPU goes to requests, not to JSON writing.
            byte[][] bodies = new byte[total][];
            for (int i = 0; i < total; i++) {
                bodies[i] = Client.bytes(body(i));
            }
            Stats puts = new Stats(total);
            long cpu0 = server.cpuNanos();
            long wall = Client.load(CONCURRENCY, total, puts, i -> refs[i] =
                    client.put(putUrl + (1000 + i % 64), bodies[i]).expect(200).json().path("ref").asText());
            double putRate = total / (wall / 1e9);
            double cpuMs = (server.cpuNanos() - cpu0) / 1e6 / total;

            Stats resolves = new Stats(total);
            long resolveWall = Client.load(CONCURRENCY, total, resolves, i -> client.get(server.url()
                    + "/api/result/resolve?ref=" + URLEncoder.encode(refs[i], StandardCharsets.UTF_8)).expect(200));

            // The floor of the HTTP stack: the cheapest request the server answers, on the same connections.
            long healthWall = Client.load(CONCURRENCY, total, null, i -> client.get(server.url() + "/health").expect(200));
            double healthRate = total / (healthWall / 1e9);

            double rawRate = rawInsertRate(server.dataDir().resolve("catalog.db"), total);
            report.absolute("7 PUT 1KiB c=16", "PUT/s", putRate, "PUT/s", 5000, true);
            report.info("7 PUT 1KiB c=16", "server CPU per PUT", SmallQueries.fmtMs(cpuMs), "-");
            report.info("7 PUT 1KiB c=16", "PUT p50 / p99", SmallQueries.fmtMs(puts.medianMs()) + " / "
                    + SmallQueries.fmtMs(puts.percentileMs(99)), "-");
            double share = putRate / rawRate;
            report.add(new Report.Line("7 PUT vs raw insert", "PUT/s vs raw JDBC insert/s", Report.fmt(putRate),
                    Report.fmt(rawRate), String.format("%.2f", share), "share >= 0.5", share >= 0.5 ? "PASS" : "MISS"));
            report.info("7 HTTP floor c=16", "GET /health req/s vs raw insert/s (share)", Report.fmt(healthRate),
                    Report.fmt(rawRate) + String.format(" (%.2f)", healthRate / rawRate));
            report.info("7 resolve c=16", "p50 / p99 (" + Report.fmt(total / (resolveWall / 1e9)) + " req/s)",
                    SmallQueries.fmtMs(resolves.medianMs()) + " / " + SmallQueries.fmtMs(resolves.percentileMs(99)),
                    "-");
        }
    }

    static Map<String, Object> body(int i) {
        return Map.of("name", "step_" + (i % 50), "data", Map.of("i", i, "text", "x".repeat(1000)));
    }

    /**
     * Raw JDBC inserts of rows like the server's into the server's own catalog file (so with its schema and
     * indexes), on one connection set up as the catalog sets up SQLite (WAL, synchronous=NORMAL), 16 threads
     * taking turns as the catalog serializes its writes, one autocommitted insert each.
     */
    static double rawInsertRate(Path db, int total) throws Exception {
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, new Properties())) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=10000");
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
            }
            byte[] data = Client.bytes(body(0).get("data"));
            AtomicLong ids = new AtomicLong(Long.MAX_VALUE / 2);
            Object lock = new Object();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO payloads (id, execution_id, name, scope, store,"
                    + " state, bytes, stored_bytes, sha256, compression, blob_key, source_step, correlation, extracted,"
                    + " created_at, expires_at, data) VALUES (?, ?, ?, 'execution', 'db', 'live', ?, ?, ?, 'none', NULL,"
                    + " NULL, NULL, NULL, ?, ?, ?)")) {
                long wall = Client.load(CONCURRENCY, total, null, i -> {
                    synchronized (lock) {
                        long now = System.currentTimeMillis();
                        ps.setLong(1, ids.incrementAndGet());
                        ps.setString(2, Integer.toString(1000 + i % 64));
                        ps.setString(3, "step_" + (i % 50));
                        ps.setLong(4, data.length);
                        ps.setLong(5, data.length);
                        ps.setString(6, "0".repeat(64));
                        ps.setLong(7, now);
                        ps.setLong(8, now + 86_400_000L);
                        ps.setBytes(9, data);
                        ps.executeUpdate();
                    }
                });
                return total / (wall / 1e9);
            }
        }
    }
}
