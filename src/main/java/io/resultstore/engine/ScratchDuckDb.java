package io.resultstore.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A short-lived DuckDB of the server's own, for work on data the query engine must not reach directly (turning
 * uploads or a source's rows into Parquet). It is sandboxed like the engine: it may touch only the given
 * directories, loads no extension, and its configuration is locked before the caller's statements run.
 */
public final class ScratchDuckDb {
    private ScratchDuckDb() {}

    /**
     * Opens {@code database} (a file, or empty for in-memory) limited to {@code memoryLimit}, spilling to
     * {@code spill}, able to read and write only under {@code allowed}.
     */
    public static Connection open(String database, String memoryLimit, Path spill, List<Path> allowed)
            throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + database, new Properties());
        try (Statement st = c.createStatement()) {
            st.execute("SET memory_limit = " + DuckDbEngine.literal(memoryLimit));
            st.execute("SET threads = 2");
            st.execute("SET temp_directory = " + DuckDbEngine.literal(spill.toString()));
            st.execute("SET preserve_insertion_order = true");
            st.execute("SET autoinstall_known_extensions = false");
            st.execute("SET autoload_known_extensions = false");
            st.execute("SET allowed_directories = [" + allowed.stream()
                    .map(p -> DuckDbEngine.literal(p.toAbsolutePath().normalize() + "/"))
                    .collect(Collectors.joining(", ")) + "]");
            st.execute("SET enable_external_access = false");
            st.execute("SET lock_configuration = true");
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** A Parquet file's columns (nullable when any row holds a null) and row count. */
    public record Shape(List<Column> columns, long rowCount) {
        public Shape {
            columns = List.copyOf(columns);
        }
    }

    /** Reads {@link Shape} of a Parquet file the instance may read, in one pass over the data. */
    public static Shape describeParquet(Statement st, Path file) throws SQLException {
        String source = DuckDbEngine.parquetSource(file.toAbsolutePath());
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + source)) {
            while (rs.next()) {
                names.add(rs.getString("column_name"));
                types.add(rs.getString("column_type"));
            }
        }
        if (names.isEmpty()) {
            return new Shape(List.of(), 0);
        }
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (String n : names) {
            sql.append(", count(*) > count(").append(DuckDbEngine.identifier(n)).append(")");
        }
        try (ResultSet rs = st.executeQuery(sql.append(" FROM ").append(source).toString())) {
            rs.next();
            List<Column> columns = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                columns.add(new Column(names.get(i), types.get(i), rs.getBoolean(i + 2)));
            }
            return new Shape(columns, rs.getLong(1));
        }
    }
}
