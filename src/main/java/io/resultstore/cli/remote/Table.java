package io.resultstore.cli.remote;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows as a text table that fits {@code width} characters: wide columns are shortened first (cut with {@code …}),
 * and when even the narrowest columns do not fit, the columns on the right are left out and counted.
 */
final class Table {
    private static final String SEPARATOR = "  ";
    private static final int MIN_WIDTH = 3;

    private Table() {
    }

    static List<String> render(List<String> headers, List<List<String>> rows, List<Boolean> rightAligned, int width) {
        int n = headers.size();
        int[] widths = new int[n];
        for (int c = 0; c < n; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        // The first column names the row (an id to copy): it keeps its width while it takes at most half the line.
        int firstMin = widths.length > 0 && widths[0] <= width / 2 ? widths[0] : MIN_WIDTH;
        int shown = n;
        while (total(widths, shown) > width) {
            int widest = widest(widths, shown, firstMin);
            if (widest >= 0) {
                widths[widest]--;
            } else if (shown > 1) {
                shown--;
            } else {
                break;
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(headers, widths, shown, rightAligned));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < shown; c++) {
            rule.append(c == 0 ? "" : SEPARATOR).append("-".repeat(widths[c]));
        }
        lines.add(rule.toString());
        for (List<String> row : rows) {
            lines.add(line(row, widths, shown, rightAligned));
        }
        if (shown < n) {
            lines.add("(" + (n - shown) + " more column" + (n - shown == 1 ? "" : "s") + " not shown: "
                    + String.join(", ", headers.subList(shown, n)) + ")");
        }
        return lines;
    }

    private static int total(int[] widths, int shown) {
        int sum = SEPARATOR.length() * (shown - 1);
        for (int c = 0; c < shown; c++) {
            sum += widths[c];
        }
        return sum;
    }

    /** The widest column that may still shrink, or -1. */
    private static int widest(int[] widths, int shown, int firstMin) {
        int widest = -1;
        for (int c = 0; c < shown; c++) {
            boolean shrinkable = widths[c] > (c == 0 ? Math.max(firstMin, MIN_WIDTH) : MIN_WIDTH);
            if (shrinkable && (widest < 0 || widths[c] > widths[widest])) {
                widest = c;
            }
        }
        return widest;
    }

    private static String line(List<String> cells, int[] widths, int shown, List<Boolean> rightAligned) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < shown; c++) {
            String text = fit(cells.get(c), widths[c]);
            String pad = " ".repeat(widths[c] - text.length());
            boolean right = rightAligned != null && rightAligned.get(c);
            line.append(c == 0 ? "" : SEPARATOR).append(right ? pad + text : c == shown - 1 ? text : text + pad);
        }
        return line.toString();
    }

    private static String fit(String text, int width) {
        String flat = text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return flat.length() <= width ? flat : flat.substring(0, width - 1) + "…";
    }
}
