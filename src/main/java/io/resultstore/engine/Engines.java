package io.resultstore.engine;

import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The engines a query may name: the local one, always there, and the remote ones the configuration
 * registers. Every engine stages its rows locally, so whichever ran a query, its result is kept the same way.
 */
public final class Engines {
    public static final String DUCKDB = "duckdb";
    public static final String TRINO = "trino";
    /** Engines this server can run, with the key that turns each on. */
    private static final Map<String, String> SWITCHES = Map.of(TRINO, "engines.trino.url");
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[a-z0-9_]{1,32}");

    private final QueryEngine local;
    private final Map<String, QueryEngine> remote;

    public Engines(QueryEngine local, Map<String, QueryEngine> remote) {
        this.local = requireNonNull(local, "local is null");
        this.remote = Map.copyOf(remote);
    }

    public QueryEngine local() {
        return local;
    }

    /** The engine a request names, the local one when it names none; 400 for one that is not there. */
    public QueryEngine select(Optional<String> name) {
        String wanted = name.orElse(DUCKDB);
        if (wanted.equals(DUCKDB)) {
            return local;
        }
        QueryEngine engine = remote.get(wanted);
        if (engine != null) {
            return engine;
        }
        String key = SWITCHES.get(wanted);
        if (key != null) {
            throw ApiException.badRequest("engine '" + wanted + "' is not configured: set " + key);
        }
        throw ApiException.badRequest("unknown engine" + (PRINTABLE_NAME.matcher(wanted).matches()
                ? " '" + wanted + "'" : "") + ": expected one of " + DUCKDB + ", " + TRINO);
    }
}
