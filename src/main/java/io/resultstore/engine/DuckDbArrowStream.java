package io.resultstore.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streamed DuckDB result exported through the Arrow C data interface: the engine hands over whole column
 * chunks, no value passes through JDBC getters. Owns the connection it reads on.
 */
final class DuckDbArrowStream implements ArrowStream {
    private static final Logger log = LoggerFactory.getLogger(DuckDbArrowStream.class);
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;
    private final ArrowReader reader;

    private DuckDbArrowStream(Connection connection, Statement statement, ResultSet rows, ArrowReader reader) {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.reader = reader;
    }

    static DuckDbArrowStream open(Connection connection, String sql, BufferAllocator allocator, int batchRows)
            throws SQLException {
        Statement st = null;
        ResultSet rs = null;
        try {
            st = connection.createStatement();
            rs = st.executeQuery(sql);
            ArrowReader reader = (ArrowReader) rs.unwrap(DuckDBResultSet.class).arrowExportStream(allocator, batchRows);
            return new DuckDbArrowStream(connection, st, rs, reader);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(rs);
            closeQuietly(st);
            closeQuietly(connection);
            throw e;
        }
    }

    @Override
    public ArrowReader reader() {
        return reader;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (Exception e) {
            log.debug("arrow reader close failed: {}", e.toString());
        }
        closeQuietly(rows);
        closeQuietly(statement);
        closeQuietly(connection);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.debug("close failed: {}", e.toString());
        }
    }
}
