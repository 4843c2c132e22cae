package io.resultstore.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;

/** The engine's native memory (DuckDB's buffer manager), outside the JVM heap; read at most every 15 s. */
public final class EngineMetrics {
    public EngineMetrics(MeterRegistry registry, LongSupplier memoryInUse) {
        Cached<Long> memory = new Cached<>(memoryInUse::getAsLong, 0L, Duration.ofSeconds(15));
        Gauge.builder("resultstore.engine.memory.used", memory, m -> m.get()).baseUnit("bytes").strongReference(true)
                .description("memory the local engine holds (buffer manager)").register(registry);
    }
}
