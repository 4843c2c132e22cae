package io.resultstore.connection;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.Column;
import io.resultstore.engine.ScratchDuckDb;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.postgresql.PGConnection;

/**
 * Copies one source table into a Parquet file in bounded memory, through a scratch DuckDB database on disk under
 * the work directory (sandboxed to it, spilling beyond its memory limit).
 *
 * <p>Any JDBC source: rows arrive {@code fetchSize} at a time through a forward-only cursor and go through a
 * DuckDB appender into a table, which is then written out with {@code COPY … TO parquet}; the heap holds one fetch
 * of rows at most. PostgreSQL: {@code COPY … TO STDOUT (FORMAT csv)} streams the server's own text output to a
 * file, which DuckDB's CSV reader reads with the column types fixed up front (nothing is guessed); no value becomes
 * a Java object, which makes it several times faster. Values whose text DuckDB does not read back as their type
 * are converted on the PostgreSQL side (arrays to JSON, bytea to hex) or kept as text.
 */
final class TableSync {
    private final Path work;
    private final String memoryLimit;
    private final int fetchSize;

    TableSync(Path work, String memoryLimit, int fetchSize) {
        this.work = requireNonNull(work, "work is null");
        this.memoryLimit = requireNonNull(memoryLimit, "memoryLimit is null");
        this.fetchSize = fetchSize;
    }

    record Synced(List<Column> columns, long rowCount) {}

    /** Reads {@code select} from {@code source} into {@code out} (a Parquet file under the work directory). */
    Synced copy(Connection source, String select, boolean typedValues, Path out) throws SQLException, IOException {
        Files.createDirectories(work);
        Path db = scratchFile(".duckdb");
        boolean autoCommit = source.getAutoCommit();
        try (DuckDBConnection scratch = open(db)) {
            // PostgreSQL streams with a cursor only inside a transaction; elsewhere this is harmless.
            source.setAutoCommit(false);
            long rows;
            List<SourceColumns.Mapped> columns;
            try (Statement st = source.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                st.setFetchSize(fetchSize);
                try (ResultSet rs = st.executeQuery(select)) {
                    columns = SourceColumns.map(rs.getMetaData(), typedValues);
                    createStaging(scratch, columns);
                    rows = append(scratch, rs, columns);
                }
            } finally {
                rollbackQuietly(source);
                source.setAutoCommit(autoCommit);
            }
            List<String> values = new ArrayList<>();
            for (SourceColumns.Mapped c : columns) {
                String name = identifier(c.name());
                values.add(c.finalType().map(t -> "CAST(CAST(" + name + " AS JSON) AS " + t + ")").orElse(name));
            }
            return writeParquet(scratch, columns, values, "staged", out, rows);
        } finally {
            deleteDatabase(db);
        }
    }

    /** {@code table} is the quoted {@code "schema"."table"} of a PostgreSQL source. */
    Synced copyPostgres(Connection source, String table, Path out) throws SQLException, IOException {
        Files.createDirectories(work);
        List<SourceColumns.Mapped> columns;
        try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table
                + " LIMIT 0")) {
            columns = SourceColumns.map(rs.getMetaData(), true);
        }
        checkNames(columns);
        List<String> remote = new ArrayList<>();
        List<String> readAs = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            SourceColumns.Mapped c = columns.get(i);
            String q = identifier(c.name());
            String csv = "c" + i;
            if (c.finalType().isPresent()) {
                remote.add("array_to_json(" + q + ")::text");
                readAs.add("VARCHAR");
                values.add("CAST(CAST(" + csv + " AS JSON) AS " + c.finalType().get() + ")");
            } else if (c.stagedType().equals("BLOB")) {
                remote.add("encode(" + q + ", 'hex')");
                readAs.add("VARCHAR");
                values.add("from_hex(" + csv + ")");
            } else if (c.stagedType().equals("JSON") || c.stagedType().equals("BOOLEAN")) {
                // Text of json as is; booleans as 'true'/'false' rather than COPY's 't'/'f'.
                remote.add(q + "::text");
                readAs.add("VARCHAR");
                values.add("CAST(" + csv + " AS " + c.stagedType() + ")");
            } else {
                remote.add(c.stagedType().equals("VARCHAR") ? q + "::text" : q);
                readAs.add(c.stagedType());
                values.add(csv);
            }
        }
        Path csv = scratchFile(".csv");
        Path db = scratchFile(".duckdb");
        try {
            long rows;
            try (Statement st = source.createStatement()) {
                // Text the CSV reader parses as it stands: ISO dates, UTC offsets, all float digits.
                st.execute("SET TimeZone = 'UTC'");
                st.execute("SET DateStyle = 'ISO, YMD'");
                st.execute("SET IntervalStyle = 'postgres'");
                st.execute("SET extra_float_digits = 3");
            }
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(csv), 1 << 20)) {
                rows = source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT "
                        + String.join(", ", remote) + " FROM " + table + ") TO STDOUT (FORMAT csv)", file);
            }
            try (DuckDBConnection scratch = open(db)) {
                StringBuilder types = new StringBuilder();
                for (int i = 0; i < readAs.size(); i++) {
                    types.append(i == 0 ? "" : ", ").append(literal("c" + i)).append(": ").append(literal(readAs.get(i)));
                }
                String reader = "read_csv(" + literal(csv.toAbsolutePath().toString()) + ", header = false,"
                        + " auto_detect = false, delim = ',', quote = '\"', escape = '\"', allow_quoted_nulls = false,"
                        + " columns = {" + types + "})";
                return writeParquet(scratch, columns, values, reader, out, rows);
            }
        } finally {
            Files.deleteIfExists(csv);
            deleteDatabase(db);
        }
    }

    private DuckDBConnection open(Path db) throws SQLException {
        return (DuckDBConnection) ScratchDuckDb.open(db.toString(), memoryLimit, work.resolve("spill"), List.of(work));
    }

    private Path scratchFile(String suffix) {
        return work.resolve("sync-" + System.nanoTime() + "-" + Thread.currentThread().threadId() + suffix);
    }

    private static Synced writeParquet(DuckDBConnection scratch, List<SourceColumns.Mapped> columns,
            List<String> values, String from, Path out, long rows) throws SQLException {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(values.get(i)).append(" AS ")
                    .append(identifier(columns.get(i).name()));
        }
        try (Statement st = scratch.createStatement()) {
            st.execute("COPY (" + select + " FROM " + from + ") TO " + literal(out.toAbsolutePath().toString())
                    + " (FORMAT parquet, COMPRESSION zstd)");
            return new Synced(ScratchDuckDb.describeParquet(st, out).columns(), rows);
        }
    }

    private static void checkNames(List<SourceColumns.Mapped> columns) throws SQLException {
        if (columns.isEmpty()) {
            throw new SQLException("the table has no columns");
        }
        Set<String> seen = new HashSet<>();
        for (SourceColumns.Mapped c : columns) {
            if (!seen.add(c.name().toLowerCase(Locale.ROOT))) {
                throw new SQLException("the table has two columns named " + c.name());
            }
        }
    }

    private static void createStaging(DuckDBConnection scratch, List<SourceColumns.Mapped> columns)
            throws SQLException {
        checkNames(columns);
        StringBuilder ddl = new StringBuilder("CREATE TABLE staged (");
        for (int i = 0; i < columns.size(); i++) {
            ddl.append(i == 0 ? "" : ", ").append(identifier(columns.get(i).name())).append(' ')
                    .append(columns.get(i).stagedType());
        }
        try (Statement st = scratch.createStatement()) {
            st.execute(ddl.append(')').toString());
        }
    }

    private static long append(DuckDBConnection scratch, ResultSet rs, List<SourceColumns.Mapped> columns)
            throws SQLException {
        long rows = 0;
        int n = columns.size();
        SourceColumns.Mover[] movers = new SourceColumns.Mover[n];
        for (int i = 0; i < n; i++) {
            movers[i] = columns.get(i).mover();
        }
        try (DuckDBAppender appender = scratch.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "staged")) {
            while (rs.next()) {
                appender.beginRow();
                for (int i = 0; i < n; i++) {
                    movers[i].move(rs, i + 1, appender);
                }
                appender.endRow();
                rows++;
            }
            appender.flush();
        }
        return rows;
    }

    private void deleteDatabase(Path db) throws IOException {
        Files.deleteIfExists(db);
        Files.deleteIfExists(work.resolve(db.getFileName() + ".wal"));
    }

    private static void rollbackQuietly(Connection source) {
        try {
            source.rollback();
        } catch (SQLException ignored) {
            // read-only work: nothing to undo
        }
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
