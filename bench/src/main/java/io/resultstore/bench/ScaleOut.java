package io.resultstore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.SharedBackends;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 10: two replicas on one PostgreSQL catalog and one S3 bucket (embedded PostgreSQL and an in-process
 * S3 server in the harness JVM). A ~1 GB result written through replica A is queried with SQL on replica B: the
 * first statement reads the file from the bucket into B's cache, later ones read the cache. Then workflow payloads
 * on the same backends: 1 KiB payloads (inline in the catalog) and 1 MiB payloads (objects in the bucket).
 */
final class ScaleOut {
    private ScaleOut() {}

    static void run(Options options, Report report) throws Exception {
        Map<String, String> env = SharedBackends.create().environment();
        try (ServerProcess a = ServerProcess.start(options, "replica-a", List.of(), withNode(env, 1));
                ServerProcess b = ServerProcess.start(options, "replica-b", List.of(), withNode(env, 2));
                Client client = new Client()) {
            reQuery(options, report, a, b, client);
            payloads(options, report, a, b, client, "inline 1KiB", 1 << 10, options.size(4_000, 500));
            payloads(options, report, a, b, client, "blob 1MiB", 1 << 20, options.size(300, 40));
        }
    }

    private static Map<String, String> withNode(Map<String, String> env, int nodeId) {
        Map<String, String> node = new HashMap<>(env);
        node.put("RESULTSTORE_NODE_ID", Integer.toString(nodeId));
        return node;
    }

    /** Random UUIDs do not compress: 64 bytes a row in the Parquet file. */
    private static void reQuery(Options options, Report report, ServerProcess a, ServerProcess b, Client client)
            throws Exception {
        long rows = options.size(16_000_000, 1_600_000);
        String sql = "SELECT gen_random_uuid() AS a, gen_random_uuid() AS b, gen_random_uuid() AS c,"
                + " gen_random_uuid() AS d FROM range(" + rows + ")";
        long t0 = System.nanoTime();
        JsonNode answer = client.post(a.url() + "/query", Map.of("sql", sql, "max_inline_rows", 0,
                "wait_timeout_ms", 600_000)).expect(200).json();
        String id = answer.path("result_id").asText();
        client.awaitReady(a.url(), id, Duration.ofMinutes(15));
        double readyMs = (System.nanoTime() - t0) / 1e6;
        long bytes = client.get(a.url() + "/results?limit=1&status=ready").expect(200).json()
                .path("results").get(0).path("bytes").asLong();
        String label = "10 S3 " + Report.fmt(bytes / 1e6) + " MB";
        report.info(label, "POST on A until ready (upload incl.)", SmallQueries.fmtMs(readyMs), "-");

        String reread = "SELECT count(*) AS n, count(DISTINCT a) AS distinct_a FROM results.\"" + id + "\"";
        int reps = options.size(5, 3);
        double[] ms = new double[reps + 1];
        for (int i = 0; i <= reps; i++) {
            long s = System.nanoTime();
            JsonNode r = client.post(b.url() + "/query", Map.of("sql", reread)).expect(200).json();
            ms[i] = (System.nanoTime() - s) / 1e6;
            if (r.path("rows").get(0).get(0).asLong() != rows) {
                throw new IllegalStateException("replica B counted " + r.path("rows") + ", expected " + rows);
            }
        }
        double later = Stats.median(Arrays.copyOfRange(ms, 1, ms.length));
        report.info(label, "SQL on B: first (S3) vs later (cache)", SmallQueries.fmtMs(ms[0]),
                SmallQueries.fmtMs(later));
        report.info(label, "first read's extra time → MB/s from S3",
                Report.fmt(bytes / 1e6 / (Math.max(ms[0] - later, 1) / 1e3)) + " MB/s", "-");
    }

    private static void payloads(Options options, Report report, ServerProcess a, ServerProcess b, Client client,
            String tier, int size, int total) throws Exception {
        String text = "x".repeat(size);
        byte[] warm = Client.bytes(Map.of("name", "warm", "data", Map.of("text", text)));
        Client.load(16, Math.min(total, options.size(500, 50)), null,
                i -> client.put(a.url() + "/api/result/9", warm).expect(200));
        byte[][] bodies = new byte[total][];
        for (int i = 0; i < total; i++) {
            bodies[i] = Client.bytes(Map.of("name", "step_" + (i % 50), "data", Map.of("i", i, "text", text)));
        }
        String[] refs = new String[total];
        Stats puts = new Stats(total);
        // Requests alternate between the replicas, as behind a load balancer.
        long putWall = Client.load(16, total, puts, i -> refs[i] = client.put((i % 2 == 0 ? a : b).url()
                + "/api/result/" + (2000 + i % 64), bodies[i]).expect(200).json().path("ref").asText());
        Stats resolves = new Stats(total);
        long resolveWall = Client.load(16, total, resolves, i -> client.get((i % 2 == 0 ? b : a).url()
                + "/api/result/resolve?ref=" + URLEncoder.encode(refs[i], StandardCharsets.UTF_8)).expect(200));
        double putRate = total / (putWall / 1e9);
        double resolveRate = total / (resolveWall / 1e9);
        String label = "10 PG+S3 " + tier;
        report.info(label, "PUT/s, resolve/s (c=16, 2 replicas)", Report.fmt(putRate), Report.fmt(resolveRate));
        report.info(label, "PUT p50/p99; resolve p50/p99", SmallQueries.fmtMs(puts.medianMs()) + " / "
                + SmallQueries.fmtMs(puts.percentileMs(99)), SmallQueries.fmtMs(resolves.medianMs()) + " / "
                + SmallQueries.fmtMs(resolves.percentileMs(99)));
        if (size >= 1 << 20) {
            report.info(label, "MB/s PUT, MB/s resolve", Report.fmt(putRate * size / 1e6),
                    Report.fmt(resolveRate * size / 1e6));
        }
    }
}
