package io.resultstore.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.testing.SourcePostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways a table is synced, row by row through JDBC (any source) and by PostgreSQL's COPY, write the same
 * Parquet: the same column types and the same values, nulls, empty strings and awkward text included.
 */
class TableSyncTest {
    @TempDir
    Path dir;

    @Test
    void jdbcRowsAndPostgresCopyWriteTheSameParquet() throws Exception {
        String url = SourcePostgres.newDatabase();
        try (Connection c = SourcePostgres.owner(url); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE t (i int, b bigint, n numeric(10,3), u numeric, f real, d float8, s text, v varchar(5),
                        ok boolean, day date, tm time, ts timestamp, tz timestamptz, j json, jb jsonb, ai int[],
                        at text[], id uuid, raw bytea, span interval, m money)""");
            st.execute("""
                    INSERT INTO t VALUES
                    (1, 2, 3.125, 12345678901234567890.5, 1.5, -2.25, 'a,b', 'x"y', true, DATE '2020-02-29',
                     TIME '23:59:59.5', TIMESTAMP '2020-01-01 00:00:00.000001', TIMESTAMPTZ '2020-06-01 12:00:00-07',
                     '{"k": [1, "two"]}', '{"z": null}', ARRAY[1, NULL, 3], ARRAY['with space', 'new
                    line', ''], '00000000-0000-0000-0000-000000000001', '\\x00ff', INTERVAL '-3 days', 12.5),
                    (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                     NULL, NULL, NULL, NULL, NULL),
                    (0, 0, 0, 0, 0, 0, '', '', false, DATE '1999-12-31', TIME '00:00', TIMESTAMP '1999-12-31 23:59:59',
                     TIMESTAMPTZ '1999-12-31 23:59:59Z', '[]', '1', ARRAY[]::int[], ARRAY[NULL]::text[],
                     'ffffffff-ffff-ffff-ffff-ffffffffffff', '\\x', INTERVAL '0', 0)""");
        }
        TableSync sync = new TableSync(dir.resolve("work"), "256MB", 2);
        Path viaJdbc = dir.resolve("work/jdbc.parquet");
        Path viaCopy = dir.resolve("work/copy.parquet");
        TableSync.Synced a;
        TableSync.Synced b;
        try (Connection c = SourcePostgres.owner(url)) {
            a = sync.copy(c, "SELECT * FROM \"public\".\"t\"", true, viaJdbc);
        }
        try (Connection c = SourcePostgres.owner(url)) {
            b = sync.copyPostgres(c, "\"public\".\"t\"", viaCopy);
        }
        assertThat(a.rowCount()).isEqualTo(3);
        assertThat(b.rowCount()).isEqualTo(3);
        assertThat(b.columns()).isEqualTo(a.columns());
        assertThat(a.columns().stream().map(col -> col.type()).toList()).containsExactly("INTEGER", "BIGINT",
                "DECIMAL(10,3)", "DOUBLE", "FLOAT", "DOUBLE", "VARCHAR", "VARCHAR", "BOOLEAN", "DATE", "TIME",
                "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "JSON", "JSON", "INTEGER[]", "VARCHAR[]", "UUID", "BLOB",
                "VARCHAR", "VARCHAR");
        assertThat(rows(viaCopy)).isEqualTo(rows(viaJdbc)).hasSize(3);
        assertThat(rows(viaCopy).get(1)).contains("[with space, new\nline, '']");
        // No scratch database or CSV file is left behind.
        assertThat(dir.resolve("work").toFile().list()).filteredOn(f -> !f.equals("spill"))
                .containsExactlyInAnyOrder("jdbc.parquet", "copy.parquet");
    }

    private static List<String> rows(Path parquet) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + parquet + "') ORDER BY i NULLS LAST")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append(" | ");
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
