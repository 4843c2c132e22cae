package io.resultstore.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition in a test: a hang bound, not a speed check (90 s, as {@link Http#await}). */
public final class Await {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private Await() {}

    /** Polls {@code condition} every 20 ms; fails naming {@code what} when it does not hold within the limit. */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not reached in " + LIMIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
