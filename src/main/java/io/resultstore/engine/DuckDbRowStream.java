package io.resultstore.engine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * Runs a statement once and sends its rows two ways as DuckDB produces them: to a {@link RowTap} as Arrow
 * batches, and into the result's staging table, which persistence and pages read as for any other statement.
 * The staging table is filled from the very batches the tap sees (each held by reference, not copied), on a
 * connection of its own, so neither way waits for the statement's end. Only types that come back from Arrow as
 * the same engine type go this way; the rest are staged directly (see {@link #streamable}).
 */
final class DuckDbRowStream {
    /** Rows per batch: large enough to amortize per-batch costs, small enough to keep a batch a few MB. */
    static final int BATCH_ROWS = 64 * 1024;
    /** Batches exported but not yet staged; the statement waits beyond that. */
    private static final int STAGING_QUEUE = 4;
    private static final Set<String> SAME_AFTER_ARROW = Set.of("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER",
            "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "FLOAT", "DOUBLE", "VARCHAR", "BLOB", "DATE",
            "TIME", "TIMESTAMP");
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\(\\d+,\\d+\\)");

    private DuckDbRowStream() {}

    /**
     * True when every column is of a type DuckDB exports to Arrow and reads back as itself (HUGEINT, UUID, JSON,
     * ENUM, nested types and the like would be staged as another type), under a name of its own.
     */
    static boolean streamable(PreparedStatement st) {
        try {
            ResultSetMetaData md = st.getMetaData();
            if (md == null || md.getColumnCount() == 0) {
                return false;
            }
            Set<String> names = new HashSet<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String type = md.getColumnTypeName(i);
                if (type == null || !(SAME_AFTER_ARROW.contains(type) || DECIMAL.matcher(type).matches())
                        || !names.add(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT))) {
                    return false;
                }
            }
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Runs {@code st} (parameters bound) into {@code table} while handing every batch to {@code tap}. Throws when the
     * statement, the staging or the tap's reader fails; {@code stopped} tells a tap waiting for its reader to give up.
     */
    static void run(DuckDBConnection session, PreparedStatement st, String table, RowTap tap,
            java.util.function.BooleanSupplier stopped) throws SQLException {
        BufferAllocator allocator = tap.allocator();
        Throwable failure = null;
        boolean opened = false;
        try (ResultSet rs = st.executeQuery();
                ArrowReader export = (ArrowReader) rs.unwrap(DuckDBResultSet.class)
                        .arrowExportStream(allocator, BATCH_ROWS)) {
            VectorSchemaRoot root = export.getVectorSchemaRoot();
            QueuedBatches feed = new QueuedBatches(allocator, root.getSchema(), STAGING_QUEUE);
            CompletableFuture<Void> staged = stage(session, feed, table, allocator);
            tap.open(root.getSchema(), stopped);
            opened = true;
            try {
                while (export.loadNextBatch()) {
                    VectorUnloader unloader = new VectorUnloader(root);
                    feed.put(unloader.getRecordBatch(), staged::isDone);
                    tap.batch(unloader.getRecordBatch());
                    if (stopped.getAsBoolean() || staged.isDone()) {
                        break;
                    }
                }
                if (stopped.getAsBoolean()) {
                    throw new SQLException("statement canceled");
                }
                feed.end(Optional.empty());
            } catch (Exception | Error e) {
                feed.end(Optional.of(e));
                await(staged);
                throw e;
            }
            await(staged);
        } catch (Exception | Error e) {
            failure = e;
            throw e instanceof SQLException se ? se : new SQLException(e.getMessage(), e);
        } finally {
            if (opened) {
                tap.end(Optional.ofNullable(failure));
            }
        }
    }

    /**
     * {@code CREATE TABLE … AS} over the fed batches, on a platform thread of its own: the engine calls back into
     * the feed from its worker threads and blocks there while the next batch is on its way.
     */
    private static CompletableFuture<Void> stage(DuckDBConnection session, QueuedBatches feed, String table,
            BufferAllocator allocator) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        String view = "rows_" + UUID.randomUUID().toString().replace("-", "");
        Thread.ofPlatform().daemon().name("stage-" + view).start(() -> {
            try (DuckDBConnection c = (DuckDBConnection) session.duplicate();
                    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
                Data.exportArrayStream(allocator, feed, stream);
                c.registerArrowStream(view, stream);
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE " + table + " AS SELECT * FROM " + DuckDbEngine.identifier(view));
                }
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            } finally {
                try {
                    feed.close();
                } catch (Exception ignored) {
                    // freed already
                }
            }
        });
        return done;
    }

    private static void await(CompletableFuture<Void> staged) throws SQLException {
        try {
            staged.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof SQLException se ? se : new SQLException("staging failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while staging", e);
        }
    }
}
