package io.resultstore.connection;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.Ids;
import io.resultstore.engine.CatalogedTables;
import io.resultstore.engine.CheckedStatement;
import io.resultstore.engine.QueryEngine;
import io.resultstore.engine.SourceTableRef;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parquet cache of connected sources' tables. A statement naming {@code "<connection>"."<schema>"."<table>"}
 * gets the table synced on first use (the statement waits), and read from the cache afterwards until a refresh
 * or a purge. The cache is a blob plus a catalog row, so every replica reads the same copy (through its local
 * blob cache); a refresh on one replica is seen by the next statement on any other.
 */
public final class SourceCache implements CatalogedTables {
    private static final Logger log = LoggerFactory.getLogger(SourceCache.class);

    private final ConnectionService connections;
    private final ConnectionRepository repository;
    private final TableSync sync;
    private final BlobStorage storage;
    private final QueryEngine engine;
    private final Path work;
    private final Clock clock;
    private final Duration deleteGrace;
    /** One sync at a time per table in this process: concurrent first uses wait for one copy. */
    private final Map<String, ReentrantLock> syncing = new ConcurrentHashMap<>();

    public SourceCache(ConnectionService connections, ConnectionRepository repository, BlobStorage storage,
            QueryEngine engine, Path work, String memoryLimit, int fetchSize, Clock clock, Duration deleteGrace) {
        this.connections = requireNonNull(connections, "connections is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.work = requireNonNull(work, "work is null");
        this.sync = new TableSync(work, memoryLimit, fetchSize);
        this.clock = requireNonNull(clock, "clock is null");
        this.deleteGrace = requireNonNull(deleteGrace, "deleteGrace is null");
    }

    @Override
    public void expose(CheckedStatement statement) {
        for (SourceTableRef ref : statement.sourceTables()) {
            SourceConnection c = connections.findByName(ref.connection()).orElseThrow(() -> {
                engine.hideConnection(ref.connection());
                return new ApiException(ErrorCode.FORBIDDEN_STATEMENT, "table " + ref
                        + " is not available: there is no connection named " + ref.connection());
            });
            CachedTable cached = cachedOrSync(c, ref);
            Path file;
            try {
                file = storage.localPath(cached.storageKey());
            } catch (NoSuchFileException e) {
                throw ApiException.notFound("table " + ref + " is not available: its cached file is missing;"
                        + " refresh it");
            } catch (IOException e) {
                throw ApiException.unavailable("storage unavailable, retry later", e);
            }
            engine.exposeSourceTable(new SourceTableRef(c.name(), cached.schema(), cached.table()), file,
                    cached.columns());
        }
    }

    /**
     * Syncs again the tables asked for: one table, the synced tables of one schema, or every synced table of the
     * connection. A table never synced is synced when named with its schema.
     */
    public List<CachedTable> refresh(String connectionId, Optional<String> schema, Optional<String> table) {
        SourceConnection c = connections.require(connectionId);
        if (table.isPresent() && schema.isEmpty()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "give schema with table");
        }
        List<SourceTable> targets = new ArrayList<>();
        if (table.isPresent()) {
            targets.add(resolve(c, schema.get(), table.get()));
        } else {
            for (CachedTable t : repository.cached(c.id())) {
                if (schema.isEmpty() || schema.get().equals(t.schema())) {
                    targets.add(new SourceTable(t.schema(), t.table(), "table"));
                }
            }
        }
        List<CachedTable> out = new ArrayList<>();
        for (SourceTable t : targets) {
            out.add(syncLocked(c, t, true));
        }
        return out;
    }

    /** Forgets every cached table of the connection (blobs deleted after the grace); the next use syncs again. */
    public int purge(String connectionId) {
        SourceConnection c = connections.require(connectionId);
        int purged = repository.purge(c.id(), clock.instant().plus(deleteGrace));
        engine.hideConnection(c.name());
        return purged;
    }

    private CachedTable cachedOrSync(SourceConnection c, SourceTableRef ref) {
        Optional<CachedTable> cached = findCached(c, ref.schema(), ref.table());
        if (cached.isPresent()) {
            return cached.get();
        }
        return syncLocked(c, resolve(c, ref.schema(), ref.table()), false);
    }

    /** The cached table by exact name, or by a name that differs only in case when just one does. */
    private Optional<CachedTable> findCached(SourceConnection c, String schema, String table) {
        Optional<CachedTable> exact = repository.cached(c.id(), schema, table);
        if (exact.isPresent()) {
            return exact;
        }
        List<CachedTable> folded = repository.cached(c.id()).stream()
                .filter(t -> t.schema().equalsIgnoreCase(schema) && t.table().equalsIgnoreCase(table)).toList();
        return folded.size() == 1 ? Optional.of(folded.get(0)) : Optional.empty();
    }

    /** The source's own table of that name (exact, else the one differing only in case); 404 when none. */
    private SourceTable resolve(SourceConnection c, String schema, String table) {
        List<SourceTable> tables;
        try (Connection source = connections.open(c)) {
            tables = connections.access().tables(c, source);
        } catch (SQLException e) {
            throw new ApiException(ErrorCode.BAD_GATEWAY, "cannot list the tables of " + c.name() + ": "
                    + Secrets.scrub(e.getMessage(), connections.password(c)));
        }
        Optional<SourceTable> exact = tables.stream()
                .filter(t -> t.schema().equals(schema) && t.table().equals(table)).findFirst();
        if (exact.isPresent()) {
            return exact.get();
        }
        List<SourceTable> folded = tables.stream().filter(t -> t.schema().toLowerCase(Locale.ROOT)
                .equals(schema.toLowerCase(Locale.ROOT)) && t.table().equalsIgnoreCase(table)).toList();
        if (folded.size() == 1) {
            return folded.get(0);
        }
        throw ApiException.notFound("table " + schema + "." + table + " not found in connection " + c.name());
    }

    private CachedTable syncLocked(SourceConnection c, SourceTable t, boolean always) {
        ReentrantLock lock = syncing.computeIfAbsent(c.id() + "\0" + t.schema() + "\0" + t.table(),
                k -> new ReentrantLock());
        lock.lock();
        try {
            if (!always) {
                Optional<CachedTable> meanwhile = repository.cached(c.id(), t.schema(), t.table());
                if (meanwhile.isPresent()) {
                    return meanwhile.get();
                }
            }
            return syncNow(c, t);
        } finally {
            lock.unlock();
        }
    }

    private CachedTable syncNow(SourceConnection c, SourceTable t) {
        long start = System.nanoTime();
        Path out = work.resolve(c.id() + "-" + System.nanoTime() + ".parquet");
        String key = CachedTable.storageKeyFor(c.id(), Ids.newId("v", clock));
        try (Connection source = connections.open(c)) {
            TableSync.Synced synced;
            try {
                synced = source.isWrapperFor(org.postgresql.PGConnection.class)
                        ? sync.copyPostgres(source, SourceAccess.quotedName(source, t), out)
                        : sync.copy(source, "SELECT * FROM " + SourceAccess.quotedName(source, t),
                                c.type() != SourceType.SQLITE, out);
            } catch (SQLException e) {
                throw new ApiException(ErrorCode.BAD_GATEWAY, "cannot sync " + t.schema() + "." + t.table()
                        + " from " + c.name() + ": " + Secrets.scrub(e.getMessage(), connections.password(c)));
            }
            long bytes = storage.publish(out, key);
            CachedTable cached = new CachedTable(c.id(), t.schema(), t.table(), key, synced.columns(),
                    synced.rowCount(), bytes, clock.instant());
            if (!repository.putCached(cached, clock.instant().plus(deleteGrace))) {
                storage.deleteUnreferenced(key);
                throw ApiException.notFound("connection " + c.name() + " was deleted");
            }
            log.info("connection {} table {}.{} synced: {} rows, {} bytes in {} ms", c.id(), t.schema(), t.table(),
                    synced.rowCount(), bytes, (System.nanoTime() - start) / 1_000_000);
            return cached;
        } catch (SQLException e) {
            throw new ApiException(ErrorCode.BAD_GATEWAY, "source " + c.name() + " failed: "
                    + Secrets.scrub(e.getMessage(), connections.password(c)));
        } catch (IOException e) {
            throw ApiException.unavailable("storage unavailable, retry later", e);
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // the work directory is cleared at start
            }
        }
    }

}
