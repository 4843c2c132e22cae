package io.resultstore.engine.trino;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.ArrowStaging;
import io.resultstore.engine.CheckedStatement;
import io.resultstore.engine.ExecutedQuery;
import io.resultstore.engine.QuerySession;
import io.resultstore.engine.RunningStatement;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One query on Trino: the statement runs there, and its rows stream as Arrow batches into the local staging table
 * of the result, from where they are answered and persisted like any local result. Canceling kills the Trino query.
 */
final class TrinoSession implements QuerySession {
    private static final Logger log = LoggerFactory.getLogger(TrinoSession.class);
    /** The driver's wrapper around Trino's own message: {@code Query failed (#20261203_…): line 1:8: …}. */
    private static final Pattern QUERY_FAILED = Pattern.compile("Query failed \\(#[^)]*\\): ");

    private final TrinoConnector connector;
    private final ArrowStaging staging;
    private final BufferAllocator allocator;
    private final RunningStatement running = new RunningStatement();

    TrinoSession(TrinoConnector connector, ArrowStaging staging, BufferAllocator allocator) {
        this.connector = requireNonNull(connector, "connector is null");
        this.staging = requireNonNull(staging, "staging is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    @Override
    public CheckedStatement check(String sql) {
        return TrinoStatementPolicy.check(sql);
    }

    @Override
    public ExecutedQuery execute(CheckedStatement statement, String resultId, int maxRows) {
        long start = System.nanoTime();
        TrinoBatches batches = null;
        try (Connection connection = connector.connect(); Statement st = connection.createStatement()) {
            running.start(st);
            try (ResultSet rs = st.executeQuery(statement.sql())) {
                List<TrinoColumn> columns = columns(rs.getMetaData());
                List<ArrowStaging.Target> targets = columns.stream()
                        .map(c -> new ArrowStaging.Target(c.name(), c.cast())).toList();
                batches = new TrinoBatches(allocator, rs, columns);
                return staging.stage(resultId, allocator, batches, targets, maxRows, start);
            }
        } catch (SQLException e) {
            if (running.canceled()) {
                throw new ApiException(ErrorCode.CONFLICT, "query was canceled");
            }
            throw failure(batches == null ? e : batches.failure().orElse(e));
        } finally {
            running.end();
        }
    }

    private static List<TrinoColumn> columns(ResultSetMetaData md) throws SQLException {
        List<TrinoColumn> columns = new ArrayList<>(md.getColumnCount());
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(TrinoColumn.of(md, i));
        }
        return columns;
    }

    /**
     * Trino's own message for a statement it refused or failed; 503 when Trino could not be reached at all, as when
     * the catalog or storage cannot.
     */
    private ApiException failure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                log.warn("Trino at {} is unreachable: {}", connector.url(), e.getMessage());
                return new ApiException(ErrorCode.UNAVAILABLE, "Trino at " + connector.url() + " is unavailable: "
                        + Optional.ofNullable(e.getMessage()).orElse(t.toString()));
            }
        }
        // A failure while rows stream ("Error fetching results") carries Trino's own message further down.
        // Wrapped once more, the message is prefixed with the wrapped exception's class name.
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = QUERY_FAILED.matcher(Optional.ofNullable(t.getMessage()).orElse(""));
            if (m.find()) {
                return new ApiException(ErrorCode.SQL_ERROR, t.getMessage().substring(m.end()));
            }
        }
        return new ApiException(ErrorCode.SQL_ERROR, Optional.ofNullable(e.getMessage()).orElse("query failed on Trino"));
    }

    @Override
    public void cancel() {
        // The Trino driver asks the coordinator to kill the query, then stops reading.
        running.cancel();
    }

    @Override
    public boolean wasCanceled() {
        return running.canceled();
    }

    @Override
    public void close() {
        try {
            allocator.close();
        } catch (IllegalStateException e) {
            log.warn("Arrow memory of a Trino query was not released: {}", e.getMessage());
        }
    }
}
