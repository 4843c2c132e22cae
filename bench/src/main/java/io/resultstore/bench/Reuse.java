package io.resultstore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 11: a repeated deterministic statement over 10M rows answered from its stored result
 * ({@code "reused": true}) vs the same statement run again ({@code "reuse": false}); both answer the default
 * 10,000 rows inline. Requests alternate so that both see the same machine load.
 */
final class Reuse {
    private Reuse() {}

    static void run(Options options, Report report) throws Exception {
        long rows = options.size(10_000_000, 1_000_000);
        try (ServerProcess server = ServerProcess.start(options, "reuse", List.of(),
                Map.of("RESULTSTORE_QUERY_REUSE_TTL", "24h"));
                Client client = new Client()) {
            String url = server.url() + "/query";
            String sql = Bench.rowsSql(rows) + " ORDER BY id";
            JsonNode first = client.post(url, Map.of("sql", sql, "reuse", false)).expect(200).json();
            client.awaitReady(server.url(), first.path("result_id").asText(), Duration.ofMinutes(10));
            int reps = options.size(7, 3);
            Stats fresh = new Stats(reps);
            Stats reused = new Stats(reps);
            for (int i = -1; i < reps; i++) {
                long t0 = System.nanoTime();
                client.post(url, Map.of("sql", sql, "reuse", false)).expect(200);
                long t1 = System.nanoTime();
                JsonNode r = client.post(url, Map.of("sql", sql)).expect(200).json();
                long t2 = System.nanoTime();
                if (!r.path("reused").asBoolean()) {
                    throw new IllegalStateException("the repeated statement was not reused: " + r.path("result_id"));
                }
                if (i >= 0) {
                    fresh.add(t1 - t0);
                    reused.add(t2 - t1);
                }
            }
            String label = "11 reuse " + rows / 1_000_000 + "M rows";
            report.info(label, "POST reused vs run again (p50)", SmallQueries.fmtMs(reused.medianMs()),
                    SmallQueries.fmtMs(fresh.medianMs()));
            report.info(label, "speed-up", Report.fmt(fresh.medianMs() / reused.medianMs()) + "x", "-");
        }
    }
}
