package io.resultstore.connection;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.Ids;
import io.resultstore.engine.QueryEngine;
import io.resultstore.engine.StatementPolicy;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Adds, lists, checks and removes connected sources. A connection is added only once the server reached the
 * source with what it was given (a wrong password is refused there, with the source's reason); its password is
 * sealed at once and opened only to connect.
 */
public final class ConnectionService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final ConnectionRepository connections;
    private final SourceAccess access;
    private final SecretBox secrets;
    private final QueryEngine engine;
    private final Clock clock;
    private final Duration deleteGrace;

    public ConnectionService(ConnectionRepository connections, SourceAccess access, SecretBox secrets,
            QueryEngine engine, Clock clock, Duration deleteGrace) {
        this.connections = requireNonNull(connections, "connections is null");
        this.access = requireNonNull(access, "access is null");
        this.secrets = requireNonNull(secrets, "secrets is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.deleteGrace = requireNonNull(deleteGrace, "deleteGrace is null");
    }

    public SourceConnection create(String name, SourceType type, Map<String, String> config, Optional<String> secret) {
        String canonical = checkName(name);
        SourceAccess.Target target = access.check(type, config);
        if (secret.isPresent() && target.url().startsWith("jdbc:sqlite:")) {
            throw ApiException.badRequest("a sqlite source takes no secret");
        }
        String id = Ids.newId(Ids.CONNECTION, clock);
        SourceConnection c = new SourceConnection(id, canonical, type, target.url(), target.user(),
                target.properties(), secret.map(s -> secrets.seal(s, id)), clock.instant());
        try (Connection source = access.open(c, secret)) {
            access.tables(c, source);
        } catch (ApiException e) {
            throw e.code() == ErrorCode.BAD_GATEWAY ? ApiException.badRequest(e.getMessage()) : e;
        } catch (SQLException e) {
            throw ApiException.badRequest("connected to " + canonical + " but cannot list its tables: "
                    + Secrets.scrub(e.getMessage(), secret));
        }
        if (!connections.insert(c)) {
            throw ApiException.conflict("a connection named " + canonical + " already exists");
        }
        return c;
    }

    public List<SourceConnection> list() {
        return connections.list();
    }

    /** 400 for a malformed id, 404 unknown. */
    public SourceConnection require(String id) {
        if (!Ids.isValid(Ids.CONNECTION, id)) {
            throw ApiException.badRequest("invalid connection id: expected 'conn' followed by 26 characters [0-9a-z]");
        }
        return connections.find(id).orElseThrow(() -> ApiException.notFound("connection " + id + " not found"));
    }

    /** Removes the connection and its cache (blobs deleted after the grace); later statements naming it fail. */
    public void delete(String id) {
        SourceConnection c = require(id);
        connections.remove(id, clock.instant().plus(deleteGrace))
                .orElseThrow(() -> ApiException.notFound("connection " + id + " not found"));
        engine.hideConnection(c.name());
    }

    public record Health(boolean ok, long latencyMs, Optional<String> message) {}

    /** Whether the source answers now; an unreachable source is a health of its own, not an error of this call. */
    public Health health(String id) {
        SourceConnection c = require(id);
        long start = System.nanoTime();
        try (Connection source = open(c)) {
            boolean valid = source.isValid(5);
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new Health(valid, ms, valid ? Optional.empty() : Optional.of("the source did not answer"));
        } catch (ApiException e) {
            return new Health(false, (System.nanoTime() - start) / 1_000_000, Optional.of(e.getMessage()));
        } catch (SQLException e) {
            return new Health(false, (System.nanoTime() - start) / 1_000_000,
                    Optional.of(Secrets.scrub(e.getMessage(), password(c))));
        }
    }

    /** One table as the source lists it, with its cached copy when it was synced. */
    public record Listed(SourceTable table, Optional<CachedTable> cached) {}

    /** A connection's tables: the source's list merged with the cache; {@code error} when the source did not answer. */
    public record Tables(SourceConnection connection, List<Listed> tables, Optional<String> error) {}

    public Tables tables(SourceConnection c) {
        Map<String, CachedTable> cached = new HashMap<>();
        for (CachedTable t : connections.cached(c.id())) {
            cached.put(t.schema() + "\0" + t.table(), t);
        }
        List<Listed> out = new ArrayList<>();
        Optional<String> error = Optional.empty();
        try (Connection source = open(c)) {
            for (SourceTable t : access.tables(c, source)) {
                out.add(new Listed(t, Optional.ofNullable(cached.remove(t.schema() + "\0" + t.table()))));
            }
        } catch (ApiException e) {
            error = Optional.of(e.getMessage());
        } catch (SQLException e) {
            error = Optional.of("cannot list tables: " + Secrets.scrub(e.getMessage(), password(c)));
        }
        // Synced tables the source no longer lists (or did not answer for) stay queryable from the cache.
        for (CachedTable t : cached.values()) {
            out.add(new Listed(new SourceTable(t.schema(), t.table(), "table"), Optional.of(t)));
        }
        out.sort(java.util.Comparator.comparing((Listed l) -> l.table().schema())
                .thenComparing(l -> l.table().table()));
        return new Tables(c, out, error);
    }

    /** An open connection to the source; 502 when it refuses. */
    Connection open(SourceConnection c) {
        return access.open(c, password(c));
    }

    Optional<String> password(SourceConnection c) {
        try {
            return c.sealedSecret().map(s -> secrets.open(s, c.id()));
        } catch (IllegalStateException e) {
            throw new ApiException(ErrorCode.INTERNAL, "connection " + c.name() + ": " + e.getMessage());
        }
    }

    Optional<SourceConnection> findByName(String name) {
        return connections.findByName(name.toLowerCase(Locale.ROOT));
    }

    SourceAccess access() {
        return access;
    }

    private static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name must be 1-63 letters, digits or underscores, not starting with a digit");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (StatementPolicy.RESERVED_CATALOGS.contains(lower)) {
            throw ApiException.badRequest("name '" + lower + "' is reserved; choose another");
        }
        return lower;
    }
}
