package io.resultstore.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Scenario 8: from process start until {@code /health} answers, on a fresh data directory. */
final class Startup {
    private Startup() {}

    static void run(Options options, Report report) throws Exception {
        int reps = options.size(5, 2);
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            try (ServerProcess server = ServerProcess.spawn(options, "startup", List.of(), Map.of())) {
                ms[i] = server.awaitHealthy(Duration.ofSeconds(60)).toNanos() / 1e6;
            }
        }
        report.absolute("8 startup", "start → /health 200 (median)", Stats.median(ms), "ms", 2000, false);
    }
}
