package io.resultstore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --scenarios 1,2,8} (empty: every scenario; the harness checks the numbers), {@code --quick} (smaller
 * sizes), {@code --jfr} (record server profiles).
 */
record Options(Set<Integer> scenarios, boolean quick, boolean jfr, Path workDir) {
    static final String USAGE = "usage: ./resultstore bench [--scenarios 1,2,...] [--quick] [--jfr]";

    static Options parse(String[] args) throws Exception {
        Set<Integer> scenarios = new TreeSet<>();
        boolean quick = false;
        boolean jfr = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--jfr" -> jfr = true;
                case "--scenarios" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(USAGE);
                    }
                    scenarios = new TreeSet<>();
                    for (String s : args[++i].split(",")) {
                        scenarios.add(Integer.parseInt(s.trim()));
                    }
                }
                case "" -> { }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        // Servers start through ./resultstore, which builds the jar when needed.
        Path work = Files.createTempDirectory("resultstore-bench-");
        return new Options(scenarios, quick, jfr, work);
    }

    /** {@code full} normally, {@code small} with {@code --quick}. */
    int size(int full, int small) {
        return quick ? small : full;
    }
}
