package io.resultstore.catalog;

import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import io.resultstore.observe.Tracing;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Runs catalog work through callbacks that own the connection, and turns "the database is not reachable"
 * into a 503 for the caller. SQLite allows one writer at a time: writes take a JVM lock first so that
 * they queue here instead of spinning on SQLite's busy handler.
 */
public final class CatalogDb {
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final LongAdder writes = new LongAdder();
    private final Tracing tracing;
    private static final StackWalker CALLER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    public CatalogDb(Jdbi jdbi, Dialect dialect, Tracing tracing) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.tracing = requireNonNull(tracing, "tracing is null");
    }

    public Dialect dialect() {
        return dialect;
    }

    public <T> T read(HandleCallback<T, SQLException> callback) {
        return tracing.inChildSpan(spanName(), () -> readNow(callback));
    }

    public <T> T write(HandleCallback<T, SQLException> callback) {
        return tracing.inChildSpan(spanName(), () -> writeNow(callback));
    }

    /**
     * One statement that is atomic on its own. On PostgreSQL it runs in autocommit: an explicit transaction would
     * add a BEGIN and a COMMIT round trip to the one that does the work. SQLite takes it as any other write.
     */
    public <T> T writeStatement(HandleCallback<T, SQLException> callback) {
        if (dialect == Dialect.SQLITE) {
            return write(callback);
        }
        return tracing.inChildSpan(spanName(), () -> readNow(callback));
    }

    /** Writes finished so far: background maintenance skips its round when none came since the last. */
    long writes() {
        return writes.sum();
    }

    /**
     * SQLite: {@code callback} in autocommit while no write runs and none starts, for maintenance that must see
     * the writers stopped (the last step of a WAL checkpoint). Elsewhere it simply runs.
     */
    <T> T betweenWrites(HandleCallback<T, SQLException> callback) {
        return serialized(() -> readNow(callback));
    }

    /**
     * {@code catalog Results.markReady}: the repository method that called, so a trace names the catalog
     * operation rather than "a statement". Only computed when the span is recorded.
     */
    private static Supplier<String> spanName() {
        return () -> CALLER.walk(frames -> frames
                .filter(f -> f.getDeclaringClass() != CatalogDb.class && f.getDeclaringClass() != Tracing.class)
                .findFirst()
                .map(f -> "catalog " + f.getDeclaringClass().getSimpleName().replaceFirst("^Jdbc", "") + "."
                        + f.getMethodName().replaceFirst("^lambda\\$([^$]+)\\$.*$", "$1"))
                .orElse("catalog"));
    }

    private <T> T readNow(HandleCallback<T, SQLException> callback) {
        try {
            return jdbi.withHandle(callback::withHandle);
        } catch (RuntimeException | SQLException e) {
            throw translate(e);
        }
    }

    private <T> T writeNow(HandleCallback<T, SQLException> callback) {
        return serialized(() -> {
            try {
                return jdbi.inTransaction((Handle h) -> callback.withHandle(h));
            } catch (RuntimeException | SQLException e) {
                throw translate(e);
            } finally {
                // Counted after the commit (or the failure): a checkpoint round that sees the count move finds
                // this write's frames in the WAL, at worst none.
                writes.increment();
            }
        });
    }

    /** SQLite takes one writer at a time: {@code work} under the JVM's write lock there, as it is elsewhere. */
    private <T> T serialized(Supplier<T> work) {
        if (dialect != Dialect.SQLITE) {
            return work.get();
        }
        writeLock.lock();
        try {
            return work.get();
        } finally {
            writeLock.unlock();
        }
    }

    private static RuntimeException translate(Exception e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (isConnectionFailure(e)) {
            return ApiException.unavailable("catalog unavailable, retry later", e);
        }
        if (isOutOfResources(e)) {
            return ApiException.unavailable("catalog storage is full or failing, retry later", e);
        }
        return e instanceof RuntimeException re ? re : new IllegalStateException("catalog failure", e);
    }

    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database is reachable but cannot write: its disk is full or failing (SQLite {@code SQLITE_FULL} or
     * {@code SQLITE_IOERR}, PostgreSQL class 53, insufficient resources). Not the caller's fault and not a bug:
     * it passes once space is freed, so it is a 503 like an outage.
     */
    static boolean isOutOfResources(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                int primary = sqlite.getResultCode().code & 0xff;
                if (primary == SQLiteErrorCode.SQLITE_FULL.code || primary == SQLiteErrorCode.SQLITE_IOERR.code) {
                    return true;
                }
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("53")) {
                return true;
            }
        }
        return false;
    }
}
