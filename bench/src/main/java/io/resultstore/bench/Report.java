package io.resultstore.bench;

import java.util.ArrayList;
import java.util.List;

/** The table printed at the end: one line per measured number, with its baseline, ratio and target. */
final class Report {
    record Line(String scenario, String metric, String value, String baseline, String ratio, String target,
            String verdict) {}

    private final List<Line> lines = new ArrayList<>();

    /** A number judged against an absolute target; {@code higherIsBetter} decides the direction. */
    void absolute(String scenario, String metric, double value, String unit, double target, boolean higherIsBetter) {
        boolean pass = higherIsBetter ? value >= target : value <= target;
        add(new Line(scenario, metric, fmt(value) + " " + unit, "-", "-",
                (higherIsBetter ? ">= " : "<= ") + fmt(target) + " " + unit, pass ? "PASS" : "MISS"));
    }

    /** A time compared with its baseline's time; the ratio is value / baseline, lower is better. */
    void ratio(String scenario, String metric, double valueMs, double baselineMs, double maxRatio) {
        double r = valueMs / baselineMs;
        add(new Line(scenario, metric, fmt(valueMs) + " ms", fmt(baselineMs) + " ms", String.format("%.2f", r),
                "ratio <= " + maxRatio, r <= maxRatio ? "PASS" : "MISS"));
    }

    /** A rate compared with its baseline's rate; the share is value / baseline, higher is better. */
    void share(String scenario, String metric, double rate, double baselineRate, String unit, double minShare) {
        double s = rate / baselineRate;
        add(new Line(scenario, metric, fmt(rate) + " " + unit, fmt(baselineRate) + " " + unit,
                String.format("%.2f", s), "share >= " + minShare, s >= minShare ? "PASS" : "MISS"));
    }

    /** A number reported without a target. */
    void info(String scenario, String metric, String value, String baseline) {
        add(new Line(scenario, metric, value, baseline, "-", "-", ""));
    }

    void skipped(String scenario, String reason) {
        add(new Line(scenario, "-", reason, "-", "-", "-", "n/a"));
    }

    void add(Line line) {
        lines.add(line);
        System.out.printf("  %-22s %-34s %-16s %-16s %-6s %-22s %s%n", line.scenario(), line.metric(), line.value(),
                line.baseline(), line.ratio(), line.target(), line.verdict());
        System.out.flush();
    }

    void print() {
        String format = "%-22s | %-34s | %-16s | %-16s | %-6s | %-22s | %s%n";
        System.out.println();
        System.out.printf(format, "scenario", "metric", "value", "baseline", "ratio", "target", "");
        System.out.println("-".repeat(140));
        for (Line l : lines) {
            System.out.printf(format, l.scenario(), l.metric(), l.value(), l.baseline(), l.ratio(), l.target(),
                    l.verdict());
        }
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Math.abs(v) >= 100) {
            return String.format("%,.0f", v);
        }
        return Math.abs(v) >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
