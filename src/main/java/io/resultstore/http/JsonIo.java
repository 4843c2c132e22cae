package io.resultstore.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.resultstore.common.Json;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** Request bodies in, JSON responses out: malformed JSON is 400, valid JSON of the wrong shape is 422. */
public final class JsonIo {
    private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]{1,19}");

    private JsonIo() {}

    public static ObjectNode objectBody(Context ctx) {
        return objectBody(ctx, Json.MAPPER.reader());
    }

    /** The body read by {@code reader}, e.g. one that keeps decimals exactly as sent. */
    public static ObjectNode objectBody(Context ctx, ObjectReader reader) {
        JsonNode node;
        byte[] body = ctx.bodyAsBytes();
        // One JSON value and nothing after it: "{...} garbage" is not a body we understood.
        ObjectReader strict = reader.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try {
            node = nonZeroAscii(body) ? strict.readTree(body) : strict.readTree(utf8(body));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("request body is not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || node.isMissingNode()) {
            throw ApiException.badRequest("request body is empty: expected a JSON object");
        }
        if (!node.isObject()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /**
     * Bytes 0x01-0x7F only: text that is the same in every reading, which Jackson may then parse as bytes (its
     * encoding guess only departs from UTF-8 on a byte-order mark or a zero byte, neither of which can occur here)
     * without the decoder below, whose buffers cost a PUT of 1 KiB more than its parsing.
     */
    static boolean nonZeroAscii(byte[] body) {
        for (byte b : body) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Jackson decodes overlong forms and encoded surrogates ({@code C0 AF} as {@code /}), so text could pass a
     * check in one spelling and mean another; the JDK decoder refuses anything that is not strict UTF-8. Reading
     * through it also stops Jackson from guessing UTF-16 or UTF-32 from the first bytes, without a copy of the body.
     */
    private static Reader utf8(byte[] body) {
        return new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
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
            // Only ASCII digits: Long.parseLong also reads other scripts' digits, and trim() drops control bytes.
            if (!ASCII_INTEGER.matcher(raw).matches()) {
                throw new NumberFormatException(raw);
            }
            v = Long.parseLong(raw);
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
