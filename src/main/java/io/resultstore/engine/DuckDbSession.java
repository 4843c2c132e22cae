package io.resultstore.engine;

import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class DuckDbSession implements QuerySession {
    private static final Pattern LINE = Pattern.compile("LINE (\\d+):");
    private final Connection connection;
    private final StatementPolicy policy;
    private final RunningStatement running = new RunningStatement();

    DuckDbSession(Connection connection, StatementPolicy policy) {
        this.connection = requireNonNull(connection, "connection is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    @Override
    public CheckedStatement check(String sql) {
        return policy.check(connection, sql);
    }

    @Override
    public ExecutedQuery execute(CheckedStatement statement, String resultId, int maxRows) {
        return execute(statement, List.of(), resultId, maxRows);
    }

    @Override
    public ExecutedQuery execute(CheckedStatement statement, List<Object> parameters, String resultId, int maxRows) {
        return execute(statement, parameters, resultId, maxRows, Optional.empty());
    }

    @Override
    public ExecutedQuery execute(CheckedStatement statement, List<Object> parameters, String resultId, int maxRows,
            Optional<RowTap> tap) {
        long start = System.nanoTime();
        String table = DuckDbEngine.stagingTable(resultId);
        try {
            if (tap.isPresent() && streamed(statement, parameters, table, tap.get())) {
                return readBack(connection, resultId, maxRows, (System.nanoTime() - start) / 1_000_000);
            }
            // The user's SQL starts on a line of its own so that the engine's error positions refer to it.
            try (PreparedStatement st = connection.prepareStatement("CREATE TABLE " + table + " AS\n"
                    + statement.sql() + "\n")) {
                running.start(st);
                bind(st, parameters);
                st.execute();
            } finally {
                running.end();
            }
            return readBack(connection, resultId, maxRows, (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            if (running.canceled()) {
                throw new ApiException(ErrorCode.CONFLICT, "query was canceled");
            }
            throw new ApiException(ErrorCode.SQL_ERROR, userFacing(e.getMessage()));
        }
    }

    /**
     * Runs the statement as a stream its tap reads while the rows are staged; false (nothing run) when its
     * columns must be staged directly.
     */
    private boolean streamed(CheckedStatement statement, List<Object> parameters, String table, RowTap tap)
            throws SQLException {
        // On a line of its own, as in the staged form, so that error positions read the same.
        try (PreparedStatement st = connection.prepareStatement("\n" + statement.sql() + "\n")) {
            if (!DuckDbRowStream.streamable(st)) {
                return false;
            }
            running.start(st, () -> DuckDbInterrupt.interrupt(connection));
            bind(st, parameters);
            DuckDbRowStream.run((org.duckdb.DuckDBConnection) connection, st, table, tap, running::canceled);
            return true;
        } finally {
            running.end();
        }
    }

    /** Both placeholder styles count: DuckDB numbers {@code ?} and {@code $n} alike. */
    private static void bind(PreparedStatement st, List<Object> parameters) throws SQLException {
        int expected = st.getParameterMetaData().getParameterCount();
        if (expected != parameters.size()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the statement has " + expected + " parameter"
                    + (expected == 1 ? "" : "s") + " but " + parameters.size() + (parameters.size() == 1 ? " was" : " were")
                    + " given");
        }
        for (int i = 0; i < parameters.size(); i++) {
            st.setObject(i + 1, parameters.get(i));
        }
    }

    @Override
    public StatementShape describe(CheckedStatement statement) {
        try (PreparedStatement st = connection.prepareStatement(statement.sql())) {
            ParameterMetaData md = st.getParameterMetaData();
            List<String> types = new ArrayList<>(md.getParameterCount());
            for (int i = 1; i <= md.getParameterCount(); i++) {
                String type = md.getParameterTypeName(i);
                types.add(type == null || "INVALID".equals(type) || "UNKNOWN".equals(type)
                        ? StatementShape.UNKNOWN_TYPE : type);
            }
            return new StatementShape(types, describedColumns(st));
        } catch (SQLException e) {
            throw new ApiException(ErrorCode.SQL_ERROR, e.getMessage() == null ? "query failed" : e.getMessage());
        }
    }

    /** DuckDB describes the result of a prepared statement unless an untyped parameter decides it. */
    private static List<Column> describedColumns(PreparedStatement st) {
        List<Column> columns = new ArrayList<>();
        try {
            ResultSetMetaData md = st.getMetaData();
            for (int i = 1; md != null && i <= md.getColumnCount(); i++) {
                columns.add(new Column(md.getColumnName(i), md.getColumnTypeName(i), true));
            }
            return columns;
        } catch (SQLException e) {
            return List.of();
        }
    }

    /**
     * The answer for a freshly staged table: its first {@code maxRows} rows, row count and columns. Any engine that
     * staged rows under a result id answers through here, so every result is read back the same way.
     */
    static ExecutedQuery readBack(Connection connection, String resultId, int maxRows, long elapsedMs)
            throws SQLException {
        String table = DuckDbEngine.stagingTable(resultId);
        // Results stream (jdbc_stream_results): reading stops after maxRows without a LIMIT, and one row more
        // tells whether the rows read are all of them, so a small result needs no count(*) pass.
        List<Object[]> rows;
        boolean complete;
        String[] names;
        String[] types;
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            rows = readRows(rs, maxRows);
            complete = rows.size() < maxRows || !rs.next();
            ResultSetMetaData md = rs.getMetaData();
            names = new String[md.getColumnCount()];
            types = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                names[i] = md.getColumnName(i + 1);
                types[i] = md.getColumnTypeName(i + 1);
            }
        }
        boolean[] nullable = new boolean[names.length];
        long rowCount = complete ? nullsInRows(rows, nullable) : countAndNulls(connection, table, names, nullable);
        List<Column> columns = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            columns.add(new Column(names[i], types[i], nullable[i]));
        }
        return new ExecutedQuery(columns, rowCount, rows, elapsedMs, Optional.of(resultId));
    }

    /** Line numbers in engine messages count the wrapper line; report them as the user's. */
    static String userFacing(String message) {
        if (message == null) {
            return "query failed";
        }
        Matcher m = LINE.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "LINE " + Math.max(1, Integer.parseInt(m.group(1)) - 1) + ":");
        }
        return m.appendTail(out).toString();
    }

    static List<Object[]> readRows(ResultSet rs, int maxRows) throws SQLException {
        ValueEncoder.ColumnReader[] readers = ValueEncoder.readers(rs.getMetaData());
        List<Object[]> rows = new ArrayList<>(Math.min(maxRows, 1024));
        while (rows.size() < maxRows && rs.next()) {
            Object[] row = new Object[readers.length];
            for (int i = 0; i < readers.length; i++) {
                row[i] = readers[i].read(rs, i + 1);
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * A column is nullable when the result holds a null in it. When every row was read, the rows show it (and
     * their number is the row count).
     */
    private static long nullsInRows(List<Object[]> rows, boolean[] nullable) {
        for (Object[] row : rows) {
            for (int i = 0; i < nullable.length; i++) {
                nullable[i] |= row[i] == null;
            }
        }
        return rows.size();
    }

    /** Otherwise one aggregate pass over the staged table answers both. */
    private static long countAndNulls(Connection connection, String table, String[] names, boolean[] nullable)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (String name : names) {
            sql.append(", count(*) > count(").append(DuckDbEngine.identifier(name)).append(")");
        }
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql.append(" FROM ").append(table).toString())) {
            rs.next();
            for (int i = 0; i < nullable.length; i++) {
                nullable[i] = rs.getBoolean(i + 2);
            }
            return rs.getLong(1);
        }
    }

    @Override
    public void cancel() {
        running.cancel();
    }

    @Override
    public boolean wasCanceled() {
        return running.canceled();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to free
        }
    }
}
