package io.resultstore.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.resultstore.testing.Postgres;
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
 * Scenario 7: workflow payloads. PUT 1 KiB JSON at concurrency 16 and resolve them. Judged against the HTTP
 * floor (the cheapest request the server answers, {@code GET /health}, at the same concurrency over the same
 * connections) and, on PostgreSQL, against raw JDBC inserts of rows of the same shape into the same database
 * through a pool of the catalog's size. The raw SQLite insert rate is reported too.
 */
final class Payloads {
    private static final int CONCURRENCY = 16;
    private static final String INSERT = "INSERT INTO payloads (id, execution_id, name, scope, store, state, bytes,"
            + " stored_bytes, sha256, compression, blob_key, source_step, correlation, extracted, created_at,"
            + " expires_at, data) VALUES (?, ?, ?, 'execution', 'db', 'live', ?, ?, ?, 'none', NULL, NULL, NULL,"
            + " NULL, ?, ?, ?)";

    private Payloads() {}

    static void run(Options options, Report report) throws Exception {
        // 40,000 of each (several seconds per phase, like the wrk run): over 10,000 the JIT and the collector were
        // still settling inside the window and one run measured 0.47 ms server CPU per PUT, 40,000 measured 0.25.
        int total = options.size(40_000, 2_000);
        try (ServerProcess server = ServerProcess.start(options, "payloads", List.of(), Map.of());
                Client client = new Client()) {
            Rates rates = measure(options, server, client, total);
            if (rates == null) {
                report.skipped("7 payloads", "n/a (404)");
                return;
            }
            double rawRate = rawSqliteInsertRate(server.dataDir().resolve("catalog.db"), total);
            report.absolute("7 PUT 1KiB c=16", "PUT/s", rates.put(), "PUT/s", 5000, true);
            report.info("7 PUT 1KiB c=16", "server CPU per PUT", SmallQueries.fmtMs(rates.cpuMsPerPut()), "-");
            report.info("7 PUT 1KiB c=16", "PUT p50 / p99", rates.putLatency(), "-");
            report.info("7 warm-up", "rounds PUT / resolve / floor", rates.warmUpRounds(), "-");
            report.share("7 PUT vs HTTP floor", "PUT/s vs GET /health/s", rates.put(), rates.floor(), "req/s", 0.5);
            report.share("7 resolve vs floor", "resolve/s vs GET /health/s", rates.resolve(), rates.floor(), "req/s",
                    0.7);
            report.info("7 resolve c=16", "p50 / p99", rates.resolveLatency(), "-");
            report.info("7 raw SQLite insert", "PUT/s vs raw JDBC insert/s (share)", Report.fmt(rates.put()),
                    Report.fmt(rawRate) + String.format(" (%.2f)", rates.put() / rawRate));
        }
        String url = Postgres.newDatabase();
        int pool = 10;
        try (ServerProcess server = ServerProcess.start(options, "payloads-pg", List.of(), Map.of(
                        "RESULTSTORE_CATALOG_TYPE", "postgres", "RESULTSTORE_CATALOG_URL", url,
                        "RESULTSTORE_CATALOG_POOL_SIZE", Integer.toString(pool)));
                Client client = new Client()) {
            Rates rates = measure(options, server, client, total);
            double rawRate = rawPostgresInsertRate(url, pool, total);
            report.info("7 PG PUT 1KiB c=16", "PUT/s, server CPU per PUT", Report.fmt(rates.put()) + " PUT/s",
                    SmallQueries.fmtMs(rates.cpuMsPerPut()));
            report.share("7 PG PUT vs raw insert", "PUT/s vs raw JDBC insert/s, pool " + pool, rates.put(), rawRate,
                    "/s", 0.5);
            report.info("7 PG resolve c=16", "resolve/s vs GET /health/s", Report.fmt(rates.resolve()),
                    Report.fmt(rates.floor()));
            report.info("7 PG warm-up", "rounds PUT / resolve / floor", rates.warmUpRounds(), "-");
        }
    }

    record Rates(double put, double resolve, double floor, double cpuMsPerPut, String putLatency,
            String resolveLatency, String warmUpRounds) {}

    /** PUTs, then resolves of what was put, then the HTTP floor; all at concurrency 16 on the same connections. */
    private static Rates measure(Options options, ServerProcess server, Client client, int total) throws Exception {
        String putUrl = server.url() + "/api/result/";
        Client.Response probe = client.put(putUrl + "1", body(0));
        if (probe.status() == 404) {
            return null;
        }
        probe.expect(200);
        String[] refs = new String[total];
        // Each phase is measured once its rate has settled (see Client.warmUp), not after a fixed count.
        int round = options.size(5_000, 300);
        int maxRounds = options.size(16, 1);
        byte[] warm = Client.bytes(body(0));
        int putRounds = Client.warmUp(CONCURRENCY, round, maxRounds, i -> client.put(putUrl + "2", warm).expect(200));

        // Bodies are serialized up front so the client's CPU goes to requests, not to JSON writing.
        byte[][] bodies = new byte[total][];
        for (int i = 0; i < total; i++) {
            bodies[i] = Client.bytes(body(i));
        }
        Stats puts = new Stats(total);
        long cpu0 = server.cpuNanos();
        long wall = Client.load(CONCURRENCY, total, puts, i -> refs[i] =
                client.put(putUrl + (1000 + i % 64), bodies[i]).expect(200).json().path("ref").asText());
        double cpuMs = (server.cpuNanos() - cpu0) / 1e6 / total;

        Client.Call resolve = i -> client.get(server.url() + "/api/result/resolve?ref="
                + URLEncoder.encode(refs[i % total], StandardCharsets.UTF_8)).expect(200);
        int resolveRounds = Client.warmUp(CONCURRENCY, round, maxRounds, resolve);
        Stats resolves = new Stats(total);
        long resolveWall = Client.load(CONCURRENCY, total, resolves, resolve);

        Client.Call health = i -> client.get(server.url() + "/health").expect(200);
        int healthRounds = Client.warmUp(CONCURRENCY, round, maxRounds, health);
        long healthWall = Client.load(CONCURRENCY, total, null, health);
        String rounds = putRounds + " / " + resolveRounds + " / " + healthRounds + " of " + round;
        return new Rates(total / (wall / 1e9), total / (resolveWall / 1e9), total / (healthWall / 1e9), cpuMs,
                latency(puts), latency(resolves), rounds);
    }

    private static String latency(Stats s) {
        return SmallQueries.fmtMs(s.medianMs()) + " / " + SmallQueries.fmtMs(s.percentileMs(99));
    }

    static Map<String, Object> body(int i) {
        return Map.of("name", "step_" + (i % 50), "data", Map.of("i", i, "text", "x".repeat(1000)));
    }

    /**
     * Raw JDBC inserts of rows like the server's into the server's own catalog file (so with its schema and
     * indexes), on one connection set up as the catalog sets up SQLite (WAL, synchronous=NORMAL), 16 threads
     * taking turns as the catalog serializes its writes, one autocommitted insert each.
     */
    static double rawSqliteInsertRate(Path db, int total) throws Exception {
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, new Properties())) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=10000");
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
            }
            AtomicLong ids = new AtomicLong(Long.MAX_VALUE / 2);
            Object lock = new Object();
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                long wall = Client.load(CONCURRENCY, total, null, i -> {
                    synchronized (lock) {
                        insert(ps, ids.incrementAndGet(), i);
                    }
                });
                return total / (wall / 1e9);
            }
        }
    }

    /**
     * Raw JDBC inserts into the server's own PostgreSQL catalog (its tables, indexes and schema search path), 16
     * threads sharing a Hikari pool of the catalog's size, one autocommitted insert each.
     */
    static double rawPostgresInsertRate(String url, int pool, int total) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(pool);
        // Wherever the catalog keeps its tables: its own schema when it has one, else public.
        config.setConnectionInitSql("SET search_path TO resultstore, public");
        try (HikariDataSource ds = new HikariDataSource(config)) {
            AtomicLong ids = new AtomicLong(Long.MAX_VALUE / 2);
            long wall = Client.load(CONCURRENCY, total, null, i -> {
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
                    insert(ps, ids.incrementAndGet(), i);
                }
            });
            return total / (wall / 1e9);
        }
    }

    private static final byte[] DATA = Client.bytes(body(0).get("data"));

    private static void insert(PreparedStatement ps, long id, int i) throws java.sql.SQLException {
        long now = System.currentTimeMillis();
        ps.setLong(1, id);
        ps.setString(2, Integer.toString(1000 + i % 64));
        ps.setString(3, "step_" + (i % 50));
        ps.setLong(4, DATA.length);
        ps.setLong(5, DATA.length);
        ps.setString(6, "0".repeat(64));
        ps.setLong(7, now);
        ps.setLong(8, now + 86_400_000L);
        ps.setBytes(9, DATA);
        ps.executeUpdate();
    }
}
