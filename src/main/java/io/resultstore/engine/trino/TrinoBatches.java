package io.resultstore.engine.trino;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Trino result set as a stream of Arrow batches, pulled by the local engine as it stages them: only one batch
 * is held at a time, and Trino sends the next pages as they are read.
 */
final class TrinoBatches extends ArrowReader {
    static final int BATCH_ROWS = 4096;

    private final ResultSet rows;
    private final List<TrinoColumn> columns;
    private final Schema schema;
    private volatile SQLException failure;

    TrinoBatches(BufferAllocator allocator, ResultSet rows, List<TrinoColumn> columns) {
        super(allocator);
        this.rows = requireNonNull(rows, "rows is null");
        this.columns = List.copyOf(columns);
        List<Field> fields = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            fields.add(columns.get(i).field(i));
        }
        this.schema = new Schema(fields);
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        SQLException failed = failure;
        if (failed != null) {
            // The local engine may ask again after a failure; the driver's iterator then only says it failed before.
            throw new IOException(failed.getMessage(), failed);
        }
        VectorSchemaRoot root = getVectorSchemaRoot();
        root.allocateNew();
        int count = 0;
        try {
            while (count < BATCH_ROWS && rows.next()) {
                for (int c = 0; c < columns.size(); c++) {
                    columns.get(c).writer().write(rows, c + 1, root.getVector(c), count);
                }
                count++;
            }
        } catch (SQLException | RuntimeException e) {
            SQLException reported = e instanceof SQLException sql ? sql
                    : new SQLException("cannot read a Trino value: " + e.getMessage(), e);
            failure = reported;
            throw new IOException(reported.getMessage(), reported);
        }
        root.setRowCount(count);
        return count > 0;
    }

    /** Why reading stopped, when it was the Trino side: the local engine only sees a message. */
    Optional<SQLException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public long bytesRead() {
        return 0;
    }

    @Override
    protected void closeReadSource() {
        // The result set belongs to the session, which closes it.
    }

    @Override
    protected Schema readSchema() {
        return schema;
    }
}
