package io.resultstore.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Scenario 8: from process start until {@code /health} answers, on a fresh data directory each time. The first
 * start of a run may be the one that records the class-data archive after a build; it is reported on its own and
 * the target applies to the starts after it.
 */
final class Startup {
    private Startup() {}

    static void run(Options options, Report report) throws Exception {
        int reps = options.size(6, 3);
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            try (ServerProcess server = ServerProcess.spawn(options, "startup", List.of(), Map.of())) {
                ms[i] = server.awaitHealthy(Duration.ofSeconds(60)).toNanos() / 1e6;
            }
        }
        report.info("8 startup", "first start → /health 200", SmallQueries.fmtMs(ms[0]), "-");
        double[] later = Arrays.copyOfRange(ms, 1, reps);
        report.absolute("8 startup", "later starts (median / max)", Stats.median(later), "ms", 1500, false);
        report.info("8 startup", "later starts max", SmallQueries.fmtMs(Arrays.stream(later).max().orElseThrow()),
                "-");
    }
}
