package io.resultstore.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.resultstore.error.ApiException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Workflow payload puts and resolves, by outcome: {@code ok} or the error code the caller got. */
public final class PayloadMetrics {
    private final MeterRegistry registry;

    public PayloadMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Present from the start, so that a rate over them is zero rather than absent before the first call.
        timer("put", "ok");
        timer("resolve", "ok");
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("resultstore.payload.operations").description("payload puts and resolves by outcome")
                .tag("operation", operation).tag("outcome", outcome).publishPercentileHistogram()
                .register(registry);
    }

    /** Runs {@code action} as one {@code operation} ({@code put}, {@code resolve}) and records its outcome. */
    public <T> T measure(String operation, Supplier<T> action) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T value = action.get();
            outcome = "ok";
            return value;
        } catch (ApiException e) {
            outcome = e.code().name().toLowerCase(Locale.ROOT);
            throw e;
        } finally {
            timer(operation, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
