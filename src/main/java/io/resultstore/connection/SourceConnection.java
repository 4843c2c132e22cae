package io.resultstore.connection;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A connected source: its JDBC URL, user and the driver properties allowed for it, and the password sealed by
 * {@link SecretBox} (never in clear, never shown). Its tables are queryable as {@code "<name>"."<schema>"."<table>"}.
 */
public record SourceConnection(String id, String name, SourceType type, String url, Optional<String> user,
        Map<String, String> properties, Optional<String> sealedSecret, Instant createdAt) {
    public SourceConnection {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        properties = Map.copyOf(properties);
        requireNonNull(sealedSecret, "sealedSecret is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    /** Never the secret, even sealed: this is what logs and errors may show. */
    @Override
    public String toString() {
        return "SourceConnection[id=" + id + ", name=" + name + ", type=" + type.wire() + ", url=" + url + "]";
    }
}
