package io.resultstore.observe;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.resultstore.result.ResultStatus;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** Results by status as the catalog holds them (all replicas together), read at most every 15 s. */
public final class CatalogMetrics {
    static final Duration REFRESH = Duration.ofSeconds(15);

    public CatalogMetrics(MeterRegistry registry, Supplier<Map<String, Long>> countsByStatus) {
        Cached<Map<String, Long>> counts = new Cached<>(countsByStatus, Map.of(), REFRESH);
        for (ResultStatus status : ResultStatus.values()) {
            String wire = status.wire();
            Gauge.builder("resultstore.results", counts, c -> c.get().getOrDefault(wire, 0L))
                    .description("results in the catalog by status").tag("status", wire).strongReference(true)
                    .register(registry);
        }
    }
}
