package io.resultstore.payload;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A payload record with its inline bytes, when the catalog holds them ({@code store = "db"}). */
public record StoredPayload(Payload payload, Optional<byte[]> inline) {
    public StoredPayload {
        requireNonNull(payload, "payload is null");
        requireNonNull(inline, "inline is null");
    }
}
