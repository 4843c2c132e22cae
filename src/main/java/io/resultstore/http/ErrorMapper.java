package io.resultstore.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.resultstore.error.ApiException;
import io.resultstore.common.Json;
import io.resultstore.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP answers: {@code {"error": {"code", "message"}}}. */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    private static final String ANSWERED = "resultstore.error-answered";

    private ErrorMapper() {}

    public static void handle(Exception e, Context ctx) {
        if (e instanceof ApiException api) {
            if (api.code().kind() != ErrorCode.Kind.USER && api.retryAfterSeconds().isEmpty()) {
                log.warn("{} {} -> {}: {}", ctx.method(), ctx.path(), api.code(), api.getMessage(), api.getCause());
            }
            api.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", Long.toString(seconds)));
            respond(ctx, api.code(), api.getMessage());
        } else if (e instanceof HttpResponseException http) {
            respond(ctx, fromStatus(http.getStatus()), messageFor(http));
        } else if (jettyStatus(e) instanceof Integer status) {
            // The request itself broke while its body was read (e.g. fewer bytes than its Content-Length).
            respond(ctx, fromStatus(status), "bad HTTP request: the request body is incomplete or malformed");
        } else if (e instanceof IllegalArgumentException && fromUrlDecoder(e)) {
            respond(ctx, ErrorCode.BAD_REQUEST, "malformed percent-encoding in the request path");
        } else {
            // Never leak internals: the log has the stack trace, the caller a plain sentence.
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            respond(ctx, ErrorCode.INTERNAL, "internal error");
        }
    }

    public static void respond(Context ctx, ErrorCode code, String message) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        if (code == ErrorCode.PAYLOAD_TOO_LARGE) {
            RefusedBody.discard(ctx);
        }
        JsonIo.write(ctx, code.httpStatus(), shape(code, message));
    }

    /** Whether this request's error answer is already in the API's shape (Javalin's own JSON errors are not). */
    static boolean answered(Context ctx) {
        return ctx.attribute(ANSWERED) != null;
    }

    /** The error body as bytes, for answers written outside Javalin (see {@link JettyErrors}). */
    static byte[] body(ErrorCode code, String message) {
        try {
            return Json.MAPPER.writeValueAsBytes(shape(code, message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an error", e);
        }
    }

    private static Map<String, Object> shape(ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        return Map.of("error", error);
    }

    private static String messageFor(HttpResponseException http) {
        return switch (http.getStatus()) {
            case 413 -> "request body is larger than the limit (server.max_body)";
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed";
            default -> http.getMessage() == null ? "request failed" : http.getMessage();
        };
    }

    /** The 4xx status Jetty gives a broken request found anywhere in the cause chain, else null. */
    private static Integer jettyStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return http.getCode();
            }
            if (t instanceof EofException) {
                return 400;
            }
        }
        return null;
    }

    /** Javalin decodes path parameters lazily with {@link java.net.URLDecoder}, which throws on {@code %u2215}. */
    private static boolean fromUrlDecoder(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().equals("java.net.URLDecoder");
    }

    static ErrorCode fromStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 410 -> ErrorCode.GONE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 422 -> ErrorCode.UNPROCESSABLE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }
}
