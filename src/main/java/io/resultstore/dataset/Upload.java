package io.resultstore.dataset;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A file received by {@code POST /v1/files}, kept in blob storage until a dataset uses it or it expires. */
public record Upload(String id, long sizeBytes, String sha256, String contentType, String storageKey,
        Instant createdAt, Instant expiresAt) {
    public Upload {
        requireNonNull(id, "id is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(storageKey, "storageKey is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    public static String storageKeyFor(String id) {
        return "uploads/" + id;
    }
}
