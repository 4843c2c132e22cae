package io.resultstore.cli.remote;

import static java.util.Objects.requireNonNull;

import io.resultstore.client.Progress;
import io.resultstore.client.WaitListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Download progress and a spinner while a query runs, drawn on one stderr line that is rewritten in place. Drawn only
 * on a terminal: piped or captured stderr gets nothing, so scripts and logs stay clean. A spinner's ticker thread and
 * the caller draw on the same line, hence the locking.
 */
final class ProgressBar implements Progress, WaitListener, AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000L;
    /** A query that answers within this draws nothing. */
    private static final long SPIN_AFTER_MILLIS = 500;
    private static final String SPINNER = "|/-\\";
    private final PrintStream err;
    private final boolean enabled;
    private final int width;
    private final long start = System.nanoTime();
    private long lastDraw = System.nanoTime() - REDRAW_NANOS;
    private int spins;
    private boolean drawn;

    ProgressBar(Io io) {
        this.err = requireNonNull(io, "io is null").err();
        this.enabled = io.errIsTerminal();
        this.width = Math.min(io.columns(), 100) - 1;
    }

    /** While a request that reports nothing is in flight: a spinner redrawn until the returned handle is closed. */
    Spin spin(String what) {
        if (!enabled) {
            return () -> { };
        }
        long started = System.nanoTime();
        Thread ticker = Thread.ofVirtual().name("progress").start(() -> {
            try {
                Thread.sleep(SPIN_AFTER_MILLIS);
                while (true) {
                    Thread.sleep(REDRAW_NANOS / 1_000_000);
                    waiting(what, Duration.ofNanos(System.nanoTime() - started));
                }
            } catch (InterruptedException stop) {
                // closed: the request has answered
            }
        });
        return () -> {
            ticker.interrupt();
            try {
                ticker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    interface Spin extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public synchronized void update(long bytesDone, OptionalLong bytesTotal) {
        if (!due()) {
            return;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        String tail = bytes(bytesDone) + (bytesTotal.isPresent() ? " / " + bytes(bytesTotal.getAsLong()) : "")
                + "  " + bytes((long) (bytesDone / seconds)) + "/s";
        if (bytesTotal.isPresent() && bytesTotal.getAsLong() > 0) {
            double share = Math.min(1.0, (double) bytesDone / bytesTotal.getAsLong());
            int bar = Math.max(10, width - tail.length() - 10);
            int filled = (int) (share * bar);
            draw(String.format(Locale.ROOT, "[%s%s] %3d%% %s", "#".repeat(filled), ".".repeat(bar - filled),
                    (int) (share * 100), tail));
        } else {
            draw("downloading " + tail);
        }
    }

    @Override
    public synchronized void waiting(String what, Duration elapsed) {
        if (due()) {
            draw(SPINNER.charAt(spins++ % SPINNER.length()) + " waiting for " + what + " "
                    + String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0));
        }
    }

    private boolean due() {
        long now = System.nanoTime();
        if (!enabled || now - lastDraw < REDRAW_NANOS) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private void draw(String text) {
        String line = text.length() > width ? text.substring(0, width) : text;
        err.print("\r" + line + " ".repeat(width - line.length()));
        err.flush();
        drawn = true;
    }

    /** Clears the line so what follows starts clean. */
    @Override
    public synchronized void close() {
        if (drawn) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String units = "KMGTPE";
        int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
        return String.format(Locale.ROOT, "%.1f %siB", n / Math.pow(1024, unit), units.charAt(unit - 1));
    }
}
