package io.resultstore.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBDriver;
import org.duckdb.DuckDBResultSet;

/** An in-process DuckDB in the harness JVM: the baseline a server result is compared with. */
final class Baseline implements AutoCloseable {
    private final Connection connection;

    Baseline() throws SQLException {
        // Through the driver object: DriverManager does not see drivers of exec:java's class loader.
        connection = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    }

    Connection connection() {
        return connection;
    }

    /**
     * Streams a query's rows out of the engine as Arrow record batches (DuckDB's own Arrow export, batches of
     * {@code 16,384} rows as the server's Arrow download uses), answers the wall-clock milliseconds.
     */
    double arrowExportMs(String sql) throws SQLException, IOException {
        long t0 = System.nanoTime();
        try (BufferAllocator allocator = new RootAllocator(512L << 20); Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql);
                ArrowReader reader = (ArrowReader) rs.unwrap(DuckDBResultSet.class).arrowExportStream(allocator,
                        16_384)) {
            long rows = 0;
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
            if (rows == 0) {
                throw new IllegalStateException("the Arrow export read no rows");
            }
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Runs a statement, answers its wall-clock milliseconds. */
    double timeMs(String sql) throws SQLException {
        long t0 = System.nanoTime();
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
