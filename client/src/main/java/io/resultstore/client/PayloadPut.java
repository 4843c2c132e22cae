package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The body of {@code PUT /api/result/{execution_id}}: {@code name} and {@code data} are required; absent fields take
 * the server's defaults (scope {@code execution}, the scope's TTL, the tier by size).
 */
public record PayloadPut(String name, JsonNode data, Optional<String> scope, Optional<String> ttl,
                         Optional<String> store, Optional<String> sourceStep, Optional<JsonNode> correlation,
                         Optional<JsonNode> extracted, boolean compress, Optional<String> idempotencyKey) {
    public PayloadPut {
        requireNonNull(name, "name is null");
        requireNonNull(data, "data is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(ttl, "ttl is null");
        requireNonNull(store, "store is null");
        requireNonNull(sourceStep, "sourceStep is null");
        requireNonNull(correlation, "correlation is null");
        requireNonNull(extracted, "extracted is null");
        requireNonNull(idempotencyKey, "idempotencyKey is null");
    }

    public static PayloadPut of(String name, JsonNode data) {
        return new PayloadPut(name, data, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false, Optional.empty());
    }

    public PayloadPut withScope(String value) {
        return new PayloadPut(name, data, Optional.of(value), ttl, store, sourceStep, correlation, extracted, compress,
                idempotencyKey);
    }

    public PayloadPut withTtl(String value) {
        return new PayloadPut(name, data, scope, Optional.of(value), store, sourceStep, correlation, extracted, compress,
                idempotencyKey);
    }

    public PayloadPut withStore(String value) {
        return new PayloadPut(name, data, scope, ttl, Optional.of(value), sourceStep, correlation, extracted, compress,
                idempotencyKey);
    }

    public PayloadPut withCompress(boolean value) {
        return new PayloadPut(name, data, scope, ttl, store, sourceStep, correlation, extracted, value, idempotencyKey);
    }

    public PayloadPut withIdempotencyKey(String value) {
        return new PayloadPut(name, data, scope, ttl, store, sourceStep, correlation, extracted, compress,
                Optional.of(value));
    }
}
