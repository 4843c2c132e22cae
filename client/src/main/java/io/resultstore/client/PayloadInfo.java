package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/** A stored payload's metadata ({@code resolve=false} and the listing). */
public record PayloadInfo(String ref, String store, String scope, String name, Optional<Instant> expiresAt, long bytes,
                          String sha256, Optional<String> sourceStep, Optional<JsonNode> correlation,
                          Optional<JsonNode> extracted, Instant createdAt) {
    public PayloadInfo {
        requireNonNull(ref, "ref is null");
        requireNonNull(store, "store is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(name, "name is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(sourceStep, "sourceStep is null");
        correlation = correlation == null ? Optional.empty() : correlation.filter(n -> !n.isNull());
        extracted = extracted == null ? Optional.empty() : extracted.filter(n -> !n.isNull());
        requireNonNull(createdAt, "createdAt is null");
    }
}
