package io.resultstore.observe;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per request on the {@code io.resultstore.request} logger: method, route template, status, time, the ids the
 * request named or created, and the trace id. Built only from those fields: never a header, a query string or
 * a body, so bearer tokens, connection passwords and payload data cannot reach the log through it. The same
 * fields go along as key-value pairs, which the JSON format ({@code log.format = json}) writes as fields.
 */
public final class RequestLog implements RequestLogger {
    /** The response header a trace id travels in, when tracing set one. */
    public static final String TRACE_HEADER = "X-Trace-Id";
    private static final String IDS = "resultstore.log.ids";
    private static final Logger log = LoggerFactory.getLogger("io.resultstore.request");

    /** Adds an id a route created or resolved (a new result's id, say) to its request's line. */
    public static void note(Context ctx, String name, String id) {
        StringBuilder ids = ctx.attribute(IDS);
        if (ids == null) {
            ids = new StringBuilder();
            ctx.attribute(IDS, ids);
        }
        ids.append(' ').append(name).append('=').append(id);
    }

    @Override
    public void handle(Context ctx, Float executionTimeMs) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String method = ctx.method().name();
        String route = route(ctx);
        int status = ctx.statusCode();
        String ms = String.format(Locale.ROOT, "%.1f", executionTimeMs);
        String trace = ctx.res().getHeader(TRACE_HEADER);
        StringBuilder line = new StringBuilder(96).append(method).append(' ').append(route).append(' ')
                .append(status).append(' ').append(ms).append(" ms");
        LoggingEventBuilder event = log.atInfo().addKeyValue("method", method).addKeyValue("route", route)
                .addKeyValue("status", status).addKeyValue("ms", ms);
        String id = pathId(ctx);
        if (id != null) {
            line.append(" id=").append(id);
            event = event.addKeyValue("id", id);
        }
        StringBuilder noted = ctx.attribute(IDS);
        if (noted != null) {
            line.append(noted);
            for (String pair : noted.substring(1).split(" ")) {
                int eq = pair.indexOf('=');
                event = event.addKeyValue(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        if (trace != null) {
            line.append(" trace_id=").append(trace);
            event = event.addKeyValue("trace_id", trace);
        }
        event.log(line.toString());
    }

    /**
     * The matched route's template, so that a line carries ids only where it names them. A request refused before
     * routing (401, 404) shows its path, cut to the characters a path of ours uses and to 120 of them.
     */
    private static String route(Context ctx) {
        Optional<String> matched = matchedRoute(ctx);
        if (matched.isPresent()) {
            return matched.get();
        }
        String path = ctx.path();
        StringBuilder safe = new StringBuilder(Math.min(path.length(), 120));
        for (int i = 0; i < path.length() && safe.length() < 120; i++) {
            char c = path.charAt(i);
            safe.append(c < 128 && (Character.isLetterOrDigit(c) || "/_-.".indexOf(c) >= 0) ? c : '?');
        }
        return safe.toString();
    }

    /** The template of the route that handled {@code ctx} ({@code /results/{id}}); empty when none matched. */
    public static Optional<String> matchedRoute(Context ctx) {
        try {
            var endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? Optional.empty() : Optional.of(endpoint.path);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The {@code {id}} path parameter, when the route has one and it looks like one of ours (ids are letters,
     * digits, {@code _} and {@code -}): a hostile path may put anything there, and that stays out of the log.
     */
    private static String pathId(Context ctx) {
        String id = ctx.pathParamMap().get("id");
        if (id == null || id.isEmpty() || id.length() > 64) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '-') {
                return null;
            }
        }
        return id;
    }
}
