package io.resultstore.payload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.time.Duration;
import java.util.Optional;

/**
 * The body of {@code PUT /api/result/{execution_id}}. {@code ttl} empty = the scope's default; {@code forever}
 * = never expires. {@code correlation} and {@code extracted} are kept as canonical JSON text.
 */
public record PutRequest(
        String name,
        JsonNode data,
        Scope scope,
        Optional<Duration> ttl,
        boolean forever,
        Optional<String> store,
        Optional<String> sourceStep,
        Optional<String> correlation,
        Optional<String> extracted,
        boolean compress) {

    public PutRequest {
        NoetlRef.checkName(requireNonNull(name, "name is null"));
        requireNonNull(data, "data is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(ttl, "ttl is null");
        requireNonNull(store, "store is null");
        requireNonNull(sourceStep, "sourceStep is null");
        requireNonNull(correlation, "correlation is null");
        requireNonNull(extracted, "extracted is null");
    }

    public static PutRequest fromJson(ObjectNode body) {
        JsonNode name = body.get("name");
        if (name == null || name.isNull()) {
            throw unprocessable("missing required field 'name'");
        }
        if (!name.isTextual()) {
            throw unprocessable("field 'name' must be a string");
        }
        JsonNode data = body.get("data");
        if (data == null) {
            throw unprocessable("missing required field 'data'");
        }
        Scope scope = text(body, "scope").map(Scope::parse).orElse(Scope.EXECUTION);
        Optional<Duration> ttl = Optional.empty();
        boolean forever = false;
        JsonNode rawTtl = body.get("ttl");
        if (rawTtl != null && !rawTtl.isNull()) {
            if (!rawTtl.isNumber() && !rawTtl.isTextual()) {
                throw unprocessable("field 'ttl' must be a string or a number");
            }
            ttl = Ttl.parse(rawTtl);
            forever = ttl.isEmpty();
        }
        JsonNode compress = body.get("compress");
        if (compress != null && !compress.isNull() && !compress.isBoolean()) {
            throw unprocessable("field 'compress' must be a boolean");
        }
        return new PutRequest(name.textValue(), data, scope, ttl, forever, text(body, "store"),
                text(body, "source_step").map(NoetlRef::checkName), json(body, "correlation"), json(body, "extracted"),
                compress != null && compress.asBoolean(false));
    }

    private static Optional<String> text(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw unprocessable("field '" + field + "' must be a string");
        }
        return Optional.of(v.textValue());
    }

    private static Optional<String> json(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(new String(CanonicalJson.bytes(v), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static ApiException unprocessable(String message) {
        return new ApiException(ErrorCode.UNPROCESSABLE, message);
    }
}
