package io.resultstore.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

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
