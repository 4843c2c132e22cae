package io.resultstore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3: POST /query of 1M rows on a server that persists results and on one that does not
 * ({@code persistence.enabled=false}); requests alternate between the two, each going first every other time,
 * so noise hits both alike.
 */
final class PersistenceCost {
    private PersistenceCost() {}

    private static double timedPost(Client client, String url, Object body) {
        long t0 = System.nanoTime();
        client.post(url + "/query", body).expect(200);
        return (System.nanoTime() - t0) / 1e6;
    }

    static void run(Options options, Report report) throws Exception {
        int rows = options.size(1_000_000, 200_000);
        Object body = Client.query(Bench.rowsSql(rows));
        try (ServerProcess on = ServerProcess.start(options, "persist-on", List.of(), Map.of());
                ServerProcess off = ServerProcess.start(options, "persist-off", List.of(),
                        Map.of("RESULTSTORE_PERSISTENCE_ENABLED", "false"));
                Client client = new Client()) {
            int reps = options.size(15, 3);
            double[] withWrite = new double[reps];
            double[] without = new double[reps];
            for (int i = -2; i < reps; i++) {
                // Which server goes first alternates, so that neither always follows the other's idle gap.
                double offMs = 0;
                if ((i & 1) == 1) {
                    offMs = timedPost(client, off.url(), body);
                }
                long t0 = System.nanoTime();
                JsonNode r = client.post(on.url() + "/query", body).expect(200).json();
                double onMs = (System.nanoTime() - t0) / 1e6;
                // Untimed: the background write of this result must not overlap the next request.
                client.awaitReady(on.url(), r.path("result_id").asText(), Duration.ofMinutes(5));
                if ((i & 1) == 0) {
                    offMs = timedPost(client, off.url(), body);
                }
                if (i >= 0) {
                    withWrite[i] = onMs;
                    without[i] = offMs;
                }
            }
            report.ratio("3 persistence " + rows / 1000 + "k", "POST on vs off", Stats.median(withWrite),
                    Stats.median(without), 1.05);
        }
    }
}
