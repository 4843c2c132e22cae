package io.resultstore.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.resultstore.query.Admission;
import io.resultstore.query.QueryService;
import io.resultstore.run.RunStatus;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * The meters the server exports on {@code /metrics}, in one place so that names and labels stay consistent with
 * the dashboard in {@code ops/grafana}. Labels carry only small fixed sets (route templates, statuses, reasons):
 * never an id or SQL text, which would make every series unique.
 */
public final class ServerMetrics {
    private final MeterRegistry registry;

    public ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // Holds GC listeners for the life of the registry; the server has one registry for its whole life.
        new JvmGcMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Queue depth and refusals, read from {@link Admission}'s own counts at scrape time. */
    public void bindAdmission(Admission admission) {
        gauge("resultstore.admission.running", admission, Admission::running, "statements running now");
        gauge("resultstore.admission.waiting", admission, Admission::waiting, "statements waiting for a slot");
        refused(admission, "busy", Admission::refusedBusy);
        refused(admission, "backlog", Admission::refusedBacklog);
        refused(admission, "too_large", Admission::refusedTooLarge);
    }

    /** Statements by how they ended, and statements refused before they ran. */
    public void bindQueries(QueryService queries, Admission admission) {
        for (RunStatus status : RunStatus.values()) {
            if (status != RunStatus.RUNNING) {
                queryOutcome(status.wire(), queries, q -> q.ended(status));
            }
        }
        FunctionCounter.builder("resultstore.queries", admission,
                        a -> a.refusedBusy() + a.refusedBacklog() + a.refusedTooLarge())
                .description("statements by outcome").tag("outcome", "refused").register(registry);
    }

    private void queryOutcome(String outcome, QueryService queries, ToDoubleFunction<QueryService> count) {
        FunctionCounter.builder("resultstore.queries", queries, count)
                .description("statements by outcome").tag("outcome", outcome).register(registry);
    }

    /** One HTTP request, by route template (never the concrete path) and status. */
    public void httpRequest(String method, String route, int status, long nanos) {
        Timer.builder("resultstore.http.server.requests")
                .description("HTTP requests by route template and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private <T> void gauge(String name, T source, ToDoubleFunction<T> value, String description) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    private void refused(Admission admission, String reason, ToDoubleFunction<Admission> count) {
        FunctionCounter.builder("resultstore.admission.refused", admission, count)
                .description("statements refused by admission, by reason")
                .tag("reason", reason).register(registry);
    }
}
