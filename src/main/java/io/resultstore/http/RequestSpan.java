package io.resultstore.http;

import io.javalin.http.Context;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.resultstore.observe.RequestLog;
import io.resultstore.observe.Tracing;
import java.util.Optional;

/**
 * The server span of one HTTP request: started before routing (continuing an incoming W3C {@code traceparent}),
 * current while the handler runs so the query, catalog and storage spans hang below it, ended after the handler
 * with the route template and status. Its ids go out at once as {@code traceparent} and {@code X-Trace-Id}, so
 * an error answer carries them too.
 */
final class RequestSpan {
    private static final String KEY = "resultstore.span";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private final Span span;
    private final Scope scope;
    private final Thread thread;

    private RequestSpan(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
        this.thread = Thread.currentThread();
    }

    static void start(Context ctx, Tracing tracing) {
        String method = ctx.method().name();
        Span span = tracing.startServer(method, ctx.header(Tracing.TRACEPARENT));
        span.setAttribute(METHOD, method);
        SpanContext ids = span.getSpanContext();
        ctx.header(Tracing.TRACEPARENT, Tracing.traceparent(ids));
        ctx.header(RequestLog.TRACE_HEADER, ids.getTraceId());
        ctx.attribute(KEY, new RequestSpan(span));
    }

    /** {@code route}: the matched route's template, empty for a request no route took. */
    static void end(Context ctx, Optional<String> route) {
        RequestSpan request = ctx.attribute(KEY);
        if (request == null) {
            return;
        }
        ctx.attribute(KEY, null);
        int status = ctx.statusCode();
        Span span = request.span;
        if (span.isRecording()) {
            route.ifPresent(template -> {
                span.updateName(ctx.method().name() + " " + template);
                span.setAttribute(ROUTE, template);
            });
            span.setAttribute(STATUS, (long) status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
        }
        span.end();
        // A scope belongs to the thread that opened it; a request finished elsewhere leaves it to that thread.
        if (Thread.currentThread() == request.thread) {
            request.scope.close();
        }
    }
}
