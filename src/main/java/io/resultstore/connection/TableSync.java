package io.resultstore.connection;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.Column;
import io.resultstore.engine.ScratchDuckDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Copies one source table into a Parquet file in bounded memory: the source's rows arrive {@code fetchSize} at a
 * time through a forward-only cursor, go through a DuckDB appender into a table of a scratch database on disk
 * (which spills beyond its memory limit), and that table is written out with {@code COPY … TO parquet}. The
 * Java heap holds one fetch of rows at most, whatever the table's size.
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
        Path db = work.resolve("sync-" + System.nanoTime() + "-" + Thread.currentThread().threadId() + ".duckdb");
        boolean autoCommit = source.getAutoCommit();
        try (DuckDBConnection scratch = (DuckDBConnection) ScratchDuckDb.open(db.toString(), memoryLimit,
                work.resolve("spill"), List.of(work))) {
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
            try (Statement st = scratch.createStatement()) {
                st.execute("COPY (" + finalSelect(columns) + ") TO " + literal(out.toAbsolutePath().toString())
                        + " (FORMAT parquet, COMPRESSION zstd)");
                ScratchDuckDb.Shape shape = ScratchDuckDb.describeParquet(st, out);
                return new Synced(shape.columns(), rows);
            }
        } finally {
            Files.deleteIfExists(db);
            Files.deleteIfExists(work.resolve(db.getFileName() + ".wal"));
        }
    }

    private static void createStaging(DuckDBConnection scratch, List<SourceColumns.Mapped> columns)
            throws SQLException {
        if (columns.isEmpty()) {
            throw new SQLException("the table has no columns");
        }
        Set<String> seen = new java.util.HashSet<>();
        StringBuilder ddl = new StringBuilder("CREATE TABLE staged (");
        for (int i = 0; i < columns.size(); i++) {
            if (!seen.add(columns.get(i).name().toLowerCase(java.util.Locale.ROOT))) {
                throw new SQLException("the table has two columns named " + columns.get(i).name());
            }
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

    /** Arrays were staged as JSON text: they become typed lists on the way out. */
    private static String finalSelect(List<SourceColumns.Mapped> columns) {
        return "SELECT " + columns.stream().map(c -> {
            String name = identifier(c.name());
            return c.finalType().map(t -> "CAST(CAST(" + name + " AS JSON) AS " + t + ") AS " + name).orElse(name);
        }).collect(Collectors.joining(", ")) + " FROM staged";
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
