package io.resultstore.observe;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's OpenTelemetry tracer. Trace and span ids exist always (responses carry them, runs store them);
 * spans are recorded and exported only when an exporter is configured ({@code otel.exporter.endpoint}), and then
 * only for traces the caller did not mark unsampled. With no exporter every span is a cheap non-recording one,
 * and the work that would only feed a recording span (catalog and storage spans) is skipped outright.
 */
public final class Tracing implements AutoCloseable {
    public static final String TRACEPARENT = "traceparent";
    public static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("resultstore.run_id");
    public static final AttributeKey<String> RESULT_ID = AttributeKey.stringKey("resultstore.result_id");
    private static final TextMapGetter<String> HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private Tracing(Sampler sampler, Optional<SpanProcessor> processor, String instance) {
        var builder = SdkTracerProvider.builder().setSampler(sampler).setResource(Resource.getDefault()
                .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "resultstore",
                        AttributeKey.stringKey("service.instance.id"), instance))));
        processor.ifPresent(builder::addSpanProcessor);
        this.provider = builder.build();
        this.tracer = provider.get("io.resultstore");
    }

    /** Exports over OTLP/HTTP to {@code endpoint}{@code /v1/traces} in batches, or records nothing when empty. */
    public static Tracing create(Optional<URI> endpoint, String instance) {
        if (endpoint.isEmpty()) {
            // A provider without processors hands out no-op tracers, whose spans have no ids: this one keeps them.
            return new Tracing(Sampler.alwaysOff(), Optional.of(new SpanProcessor() {
                @Override
                public void onStart(Context parent, ReadWriteSpan span) {}

                @Override
                public boolean isStartRequired() {
                    return false;
                }

                @Override
                public void onEnd(ReadableSpan span) {}

                @Override
                public boolean isEndRequired() {
                    return false;
                }
            }), instance);
        }
        String base = endpoint.get().toString().replaceAll("/+$", "");
        SpanExporter otlp = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces")
                .setTimeout(10, TimeUnit.SECONDS).build();
        return new Tracing(Sampler.parentBased(Sampler.alwaysOn()), Optional.of(BatchSpanProcessor.builder(otlp)
                .setScheduleDelay(1, TimeUnit.SECONDS).build()), instance);
    }

    /** Records every span and hands each to {@code exporter} as it ends (an in-memory exporter in tests). */
    public static Tracing exportingTo(SpanExporter exporter, String instance) {
        return new Tracing(Sampler.parentBased(Sampler.alwaysOn()),
                Optional.of(SimpleSpanProcessor.create(requireNonNull(exporter, "exporter is null"))), instance);
    }

    /** Nothing recorded, nothing exported: for parts used outside a server (tools, tests of one part). */
    public static Tracing off() {
        return create(Optional.empty(), "local");
    }

    public Tracer tracer() {
        return tracer;
    }

    /** A server span continuing the caller's trace when {@code traceparent} is a valid W3C header, else a new one. */
    public Span startServer(String name, String traceparent) {
        Context parent = traceparent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, HEADER);
        return tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.SERVER).startSpan();
    }

    /** The W3C {@code traceparent} value naming {@code span}, for a response header. */
    public static String traceparent(SpanContext span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /**
     * Runs {@code work} in a child span of the current one when that one is recorded; otherwise just runs it, so
     * that frequent small calls (catalog statements, storage reads) cost nothing while tracing is off.
     */
    public <T, E extends Exception> T inChildSpan(Supplier<String> name, Work<T, E> work) throws E {
        if (!Span.current().isRecording()) {
            return work.run();
        }
        Span span = tracer.spanBuilder(name.get()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.run();
        } catch (Exception e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** Marks {@code span} as failed with the error's message (never its stack: messages are what users see). */
    public static void failed(Span span, Throwable e) {
        span.setStatus(StatusCode.ERROR, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /** Work that may throw a checked exception of one type. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Exports what is still buffered (up to a few seconds), then stops. */
    @Override
    public void close() {
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
