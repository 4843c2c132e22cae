package io.resultstore.result;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;

/**
 * Text downloads (CSV, JSON Lines) of plain columns written from the engine's Arrow batches instead of row by row
 * through JDBC: per-value JDBC getters were most of a large text download's time. Each writer picks a cell writer
 * per column once and produces the very text its row-by-row counterpart in {@link TextRows} writes; results with
 * any other column type go there.
 */
final class ArrowText {
    private static final Set<String> PLAIN =
            Set.of("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DOUBLE", "BOOLEAN", "VARCHAR", "TIMESTAMP");
    private static final int BATCH_ROWS = 16_384;
    private static final long ALLOCATOR_LIMIT = 512L * 1024 * 1024;

    private ArrowText() {}

    /** Whether every column is of a type the Arrow writers handle. */
    static boolean handles(ResultSetMetaData md) throws SQLException {
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String type = md.getColumnTypeName(i);
            if (!PLAIN.contains(type) && !type.startsWith("DECIMAL")) {
                return false;
            }
        }
        return true;
    }

    /** Writes the non-null value at one row of one column. */
    @FunctionalInterface
    interface Cell {
        void write(int row, TextBuffer buf) throws IOException;
    }

    /** Writes one whole row of the current batch. */
    @FunctionalInterface
    interface Row {
        void write(int row) throws IOException;
    }

    /**
     * Exports the result set as Arrow and hands every row to the writer {@code rows} makes from the columns' vectors
     * (made once: the vectors are reused for every batch).
     */
    static void eachRow(ResultSet rs, RowWriters rows) throws SQLException, IOException {
        DuckDBResultSet duck = rs.unwrap(DuckDBResultSet.class);
        try (BufferAllocator allocator = new RootAllocator(ALLOCATOR_LIMIT);
                ArrowReader reader = (ArrowReader) duck.arrowExportStream(allocator, BATCH_ROWS)) {
            Row row = rows.forVectors(reader.getVectorSchemaRoot().getFieldVectors());
            while (reader.loadNextBatch()) {
                int count = reader.getVectorSchemaRoot().getRowCount();
                for (int r = 0; r < count; r++) {
                    row.write(r);
                }
            }
        }
    }

    @FunctionalInterface
    interface RowWriters {
        Row forVectors(List<FieldVector> vectors);
    }
}
