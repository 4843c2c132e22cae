package io.resultstore.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** The background Parquet writes: how long they take, how much they write, how many are under way. */
public final class PersistenceMetrics {
    private final Timer ready;
    private final Timer failed;
    private final Counter bytes;
    private final MeterRegistry registry;

    public PersistenceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ready = timer(registry, "ready");
        this.failed = timer(registry, "failed");
        this.bytes = Counter.builder("resultstore.persistence.written").baseUnit("bytes")
                .description("bytes of Parquet published to storage").register(registry);
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("resultstore.persistence").description("background result writes by outcome")
                .tag("outcome", outcome).publishPercentileHistogram().maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    /** {@code inFlight} answers how many results are queued or being written. */
    public void bindInFlight(IntSupplier inFlight) {
        Gauge.builder("resultstore.persistence.in.flight", inFlight, IntSupplier::getAsInt)
                .description("results queued for a writer or being written").strongReference(true).register(registry);
    }

    public void written(long startNanos, long byteCount) {
        ready.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        bytes.increment(byteCount);
    }

    public void failed(long startNanos) {
        failed.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
