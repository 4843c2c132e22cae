package io.resultstore.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.resultstore.common.Json;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Request bodies in, JSON responses out: malformed JSON is 400, valid JSON of the wrong shape is 422. */
public final class JsonIo {
    private JsonIo() {}

    public static ObjectNode objectBody(Context ctx) {
        return objectBody(ctx, Json.MAPPER.reader());
    }

    /** The body read by {@code reader}, e.g. one that keeps decimals exactly as sent. */
    public static ObjectNode objectBody(Context ctx, ObjectReader reader) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiException.badRequest("request body is empty: expected a JSON object");
        }
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    public static String requiredString(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "missing required field '" + field + "'");
        }
        if (!v.isTextual()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "field '" + field + "' must be a string");
        }
        return v.textValue();
    }

    public static Optional<String> optionalString(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "field '" + field + "' must be a string");
        }
        return Optional.of(v.textValue());
    }

    public static Optional<Long> optionalLong(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "field '" + field + "' must be an integer");
        }
        return Optional.of(v.longValue());
    }

    public static Optional<Boolean> optionalBoolean(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "field '" + field + "' must be a boolean");
        }
        return Optional.of(v.booleanValue());
    }

    public static void write(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize response", e);
        }
    }

    /** Query parameter as a long in {@code [min, max]}; absent → {@code fallback}; anything else → 400. */
    public static long longParam(Context ctx, String name, long fallback, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        long v;
        try {
            v = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be an integer, got '" + raw + "'");
        }
        if (v < min || v > max) {
            throw ApiException.badRequest("query parameter '" + name + "' must be between " + min + " and " + max);
        }
        return v;
    }

    /** Like {@link #longParam} but out-of-range values are clamped into {@code [min, max]} instead of refused. */
    public static int clampedParam(Context ctx, String name, int fallback, int min, int max) {
        long v = longParam(ctx, name, fallback, Long.MIN_VALUE, Long.MAX_VALUE);
        return (int) Math.max(min, Math.min(max, v));
    }
}
