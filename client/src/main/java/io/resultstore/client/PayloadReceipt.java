package io.resultstore.client;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** The answer to a put: the {@code noetl://} ref to resolve it by, where and how long it is kept, its digest. */
public record PayloadReceipt(String ref, String store, String scope, Optional<Instant> expiresAt, long bytes,
                             String sha256) {
    public PayloadReceipt {
        requireNonNull(ref, "ref is null");
        requireNonNull(store, "store is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(sha256, "sha256 is null");
    }
}
