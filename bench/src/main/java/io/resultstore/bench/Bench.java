package io.resultstore.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark harness: starts the real server as separate processes, runs each scenario next to its baseline
 * in the same run and prints medians, p99s and ratios against the targets. Timing lives here, never in tests.
 */
public final class Bench {
    private Bench() {}

    /** Rows × 4 columns: bigint, double, varchar, timestamp. */
    static String rowsSql(long rows) {
        return "SELECT i AS id, CAST(i AS DOUBLE) / 2 AS val, 'name-' || i AS name, TIMESTAMP '2024-01-01 00:00:00' + to_seconds(i) AS ts"
                + " FROM range(" + rows + ") t(i)";
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Report report = new Report();
        Map<Integer, Scenario> all = new LinkedHashMap<>();
        all.put(1, SmallQueries::run);
        all.put(2, InlineResult::run);
        all.put(3, PersistenceCost::run);
        BigResult big = new BigResult(options);
        all.put(4, (o, r) -> big.timeToReady(r));
        all.put(5, (o, r) -> big.sqlOverResult(r));
        all.put(6, (o, r) -> big.downloads(r));
        all.put(7, Payloads::run);
        all.put(8, Startup::run);
        all.put(9, Soak::run);
        all.put(10, ScaleOut::run);
        all.put(11, Reuse::run);
        all.put(12, FlightRows::run);
        Set<Integer> chosen = options.scenarios().isEmpty() ? all.keySet() : options.scenarios();
        if (!all.keySet().containsAll(chosen)) {
            System.err.println("no scenario " + chosen.stream().filter(n -> !all.containsKey(n)).findFirst().orElseThrow()
                    + "; scenarios are " + all.keySet() + "; " + Options.USAGE);
            System.exit(2);
            return;
        }
        System.out.println("ResultStore benchmark" + (options.quick() ? " (quick)" : "") + ", scenarios "
                + chosen + ", " + Runtime.getRuntime().availableProcessors() + " cpus, work dir "
                + options.workDir());
        try {
            for (int n : chosen) {
                System.out.println("scenario " + n + " ...");
                try {
                    all.get(n).run(options, report);
                } catch (Exception e) {
                    System.out.println("scenario " + n + " failed: " + e);
                    e.printStackTrace(System.out);
                    report.skipped("(" + n + ")", "error: " + e.getClass().getSimpleName());
                }
            }
        } finally {
            big.close();
        }
        report.print();
        if (options.jfr()) {
            System.out.println("\nserver flight recordings: " + options.workDir() + "/*.jfr");
        } else {
            ServerProcess.deleteTree(options.workDir());
        }
        System.exit(0);
    }

    @FunctionalInterface
    interface Scenario {
        void run(Options options, Report report) throws Exception;
    }
}
