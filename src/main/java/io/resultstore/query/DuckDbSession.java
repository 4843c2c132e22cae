package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import io.resultstore.result.Column;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

final class DuckDbSession implements QuerySession {
    private static final Pattern LINE = Pattern.compile("LINE (\\d+):");
    private final Connection connection;
    private final StatementPolicy policy;
    private final Map<String, List<Column>> stagedColumns;
    private volatile Statement running;
    private volatile boolean canceled;

    /** {@code stagedColumns}: where the columns of each staged result are left for its writer. */
    DuckDbSession(Connection connection, StatementPolicy policy, Map<String, List<Column>> stagedColumns) {
        this.connection = requireNonNull(connection, "connection is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.stagedColumns = requireNonNull(stagedColumns, "stagedColumns is null");
    }

    @Override
    public CheckedStatement check(String sql) {
        return policy.check(connection, sql);
    }

    @Override
    public ExecutedQuery execute(CheckedStatement statement, String resultId, int maxRows) {
        long start = System.nanoTime();
        String table = DuckDbEngine.stagingTable(resultId);
        try {
            long rowCount;
            try (Statement st = connection.createStatement()) {
                running = st;
                if (canceled) {
                    throw new SQLException("canceled before start");
                }
                // The user's SQL starts on a line of its own so that the engine's error positions refer to it.
                st.execute("CREATE TABLE " + table + " AS\n" + statement.sql() + "\n");
                // CREATE TABLE … AS reports the rows it inserted: no count(*) pass over the table.
                rowCount = st.getLargeUpdateCount();
            } finally {
                running = null;
            }
            if (rowCount < 0) {
                rowCount = count(table);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            // A LIMIT far above the row count still costs the engine a buffer per query; leave it out when all fit.
            String select = "SELECT * FROM " + table + (rowCount > maxRows ? " LIMIT " + maxRows : "");
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(select)) {
                ResultSetMetaData md = rs.getMetaData();
                List<Object[]> rows = readRows(rs, maxRows);
                List<Column> columns = columns(md, rows, rowCount == rows.size(), table);
                stagedColumns.put(resultId, columns);
                return new ExecutedQuery(columns, rowCount, rows, elapsedMs);
            }
        } catch (SQLException e) {
            if (canceled) {
                throw new ApiException(ErrorCode.CONFLICT, "query was canceled");
            }
            throw new ApiException(ErrorCode.SQL_ERROR, userFacing(e.getMessage()));
        }
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

    private long count(String table) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A column is nullable when the result holds a null in it. When every row was read, that is seen from the
     * rows themselves; otherwise one aggregate pass over the staged table answers it.
     */
    private List<Column> columns(ResultSetMetaData md, List<Object[]> rows, boolean complete, String table)
            throws SQLException {
        int n = md.getColumnCount();
        boolean[] nullable = new boolean[n];
        if (complete) {
            for (Object[] row : rows) {
                for (int i = 0; i < n; i++) {
                    nullable[i] |= row[i] == null;
                }
            }
        } else {
            StringBuilder sql = new StringBuilder("SELECT ");
            for (int i = 0; i < n; i++) {
                sql.append(i == 0 ? "" : ", ").append("count(*) > count(")
                        .append(DuckDbEngine.identifier(md.getColumnName(i + 1))).append(")");
            }
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql.append(" FROM ").append(table).toString())) {
                rs.next();
                for (int i = 0; i < n; i++) {
                    nullable[i] = rs.getBoolean(i + 1);
                }
            }
        }
        List<Column> columns = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            columns.add(new Column(md.getColumnName(i + 1), md.getColumnTypeName(i + 1), nullable[i]));
        }
        return columns;
    }

    @Override
    public void cancel() {
        canceled = true;
        Statement st = running;
        if (st != null) {
            try {
                st.cancel();
            } catch (SQLException ignored) {
                // the statement finished meanwhile
            }
        }
    }

    @Override
    public boolean wasCanceled() {
        return canceled;
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
