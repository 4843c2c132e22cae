package io.resultstore.observe;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value read at most once per {@code ttl}: a gauge behind it may be scraped by many Prometheus servers at any
 * rate without each scrape reaching the catalog or the engine. A failed read keeps the last value.
 */
final class Cached<T> {
    private final Supplier<T> read;
    private final long ttlNanos;
    private T value;
    private long readAt;
    private boolean present;

    Cached(Supplier<T> read, T initial, Duration ttl) {
        this.read = read;
        this.value = initial;
        this.ttlNanos = ttl.toNanos();
    }

    synchronized T get() {
        long now = System.nanoTime();
        if (!present || now - readAt >= ttlNanos) {
            readAt = now;
            present = true;
            try {
                value = read.get();
            } catch (RuntimeException e) {
                // Metrics must never fail a scrape; the last value stands until the next read.
            }
        }
        return value;
    }
}
