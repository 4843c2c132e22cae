package io.resultstore.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds; percentiles by nearest rank. */
final class Stats {
    private final long[] samples;
    private int n;

    Stats(int capacity) {
        samples = new long[Math.max(1, capacity)];
    }

    synchronized void add(long nanos) {
        if (n < samples.length) {
            samples[n++] = nanos;
        }
    }

    synchronized int count() {
        return n;
    }

    /** {@code p} in [0, 100], in milliseconds. */
    synchronized double percentileMs(double p) {
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))] / 1e6;
    }

    double medianMs() {
        return percentileMs(50);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
