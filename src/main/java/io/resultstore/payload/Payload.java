package io.resultstore.payload;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The catalog record of one stored payload. {@code bytes} and {@code sha256} describe the canonical JSON;
 * {@code storedBytes} what the tier holds after compression. {@code correlation} and {@code extracted} are JSON
 * text. Exactly one of inline data (kept apart, see {@link StoredPayload}) or {@code blobKey} locates the data.
 */
public record Payload(
        long id,
        String executionId,
        String name,
        Scope scope,
        String store,
        PayloadState state,
        long bytes,
        long storedBytes,
        String sha256,
        Compression compression,
        Optional<String> blobKey,
        Optional<String> sourceStep,
        Optional<String> correlation,
        Optional<String> extracted,
        Instant createdAt,
        Optional<Instant> expiresAt) {

    public Payload {
        requireNonNull(executionId, "executionId is null");
        requireNonNull(name, "name is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(store, "store is null");
        requireNonNull(state, "state is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(compression, "compression is null");
        requireNonNull(blobKey, "blobKey is null");
        requireNonNull(sourceStep, "sourceStep is null");
        requireNonNull(correlation, "correlation is null");
        requireNonNull(extracted, "extracted is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    public NoetlRef ref() {
        return new NoetlRef(executionId, name, id);
    }

    public boolean isExpired(Instant now) {
        return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
    }

    /** Live and not past its expiry: what reads may return. */
    public boolean isReadable(Instant now) {
        return state == PayloadState.LIVE && !isExpired(now);
    }
}
