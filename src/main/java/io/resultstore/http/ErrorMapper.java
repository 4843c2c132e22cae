package io.resultstore.http;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP answers: {@code {"error": {"code", "message"}}}. */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {}

    public static void handle(Exception e, Context ctx) {
        if (e instanceof ApiException api) {
            if (api.code().kind() != ErrorCode.Kind.USER) {
                log.warn("{} {} -> {}: {}", ctx.method(), ctx.path(), api.code(), api.getMessage(), api.getCause());
            }
            respond(ctx, api.code(), api.getMessage());
        } else if (e instanceof HttpResponseException http) {
            respond(ctx, fromStatus(http.getStatus()), messageFor(http));
        } else {
            // Never leak internals: the log has the stack trace, the caller a plain sentence.
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            respond(ctx, ErrorCode.INTERNAL, "internal error");
        }
    }

    public static void respond(Context ctx, ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        JsonIo.write(ctx, code.httpStatus(), Map.of("error", error));
    }

    private static String messageFor(HttpResponseException http) {
        return switch (http.getStatus()) {
            case 413 -> "request body is larger than the limit (server.max_body)";
            case 404 -> "no such endpoint";
            case 405 -> "method not allowed";
            default -> http.getMessage() == null ? "request failed" : http.getMessage();
        };
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
