package io.resultstore.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Arrow text writers write exactly what the row-by-row writers write, for every column type they take. */
class ArrowTextTest {
    private static final String PLAIN = """
            SELECT i AS id, CAST(i * 0.5 - 3 AS DOUBLE) AS val, i * 0.25 - 1 AS dec, CASE WHEN i % 7 = 0 THEN NULL WHEN i % 5 = 0 THEN ''
                WHEN i % 3 = 0 THEN 'q"u,o' || chr(10) || 'te' ELSE 'ünï-' || i END AS "na,me",
              TIMESTAMP '1969-12-31 23:59:58' + to_microseconds(i * 250001) AS ts, i % 2 = 0 AS even,
              CAST(i AS INTEGER) AS small, CASE WHEN i = 3 THEN 'NaN'::DOUBLE WHEN i = 4 THEN 'inf'::DOUBLE END AS odd,
              CASE WHEN i = 5 THEN 9007199254740993 END AS huge,
              CASE WHEN i = 6 THEN -9223372036854775808 WHEN i = 7 THEN 9223372036854775807 ELSE 10 - i END AS neg,
              CAST(i % 200 - 100 AS TINYINT) AS tiny,
              CASE WHEN i = 8 THEN 'infinity'::TIMESTAMP WHEN i = 9 THEN '-infinity'::TIMESTAMP END AS inf
            FROM range(40000) t(i)""";

    private Connection engine;

    @BeforeEach
    void open() throws Exception {
        engine = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws Exception {
        engine.close();
    }

    @Test
    void csvIsTheTextOfTheRowByRowWriter() throws Exception {
        String rowByRow = sameText(PLAIN, TextRows::csv, ArrowCsv::write);
        assertThat(rowByRow).startsWith("id,val,dec,\"na,me\",ts,even,small,odd,huge,neg,tiny,inf\n0,-3.0,-1.00,,1969-12-31T23:59:58,true,0,,,10,-100,\n");
    }

    @Test
    void jsonLinesAreTheTextOfTheRowByRowWriter() throws Exception {
        String sql = PLAIN.replace("ELSE 'ünï-' || i END", "WHEN i % 11 = 0 THEN 'back\\slash' || chr(1) || chr(9) || chr(127)"
                + " || '/' || chr(8232) ELSE 'ünï-' || i END");
        String rowByRow = sameText(sql, TextRows::jsonl, ArrowJsonl::write);
        assertThat(rowByRow).startsWith("{\"id\":0,\"val\":-3.0,\"dec\":-1.00,\"na,me\":null,"
                + "\"ts\":\"1969-12-31T23:59:58\",\"even\":true,\"small\":0,\"odd\":null,\"huge\":null,\"neg\":10,"
                + "\"tiny\":-100,\"inf\":null}\n");
        assertThat(rowByRow).contains("\"huge\":\"9007199254740993\"", "\"odd\":\"NaN\"", "\"odd\":\"Infinity\"",
                "back\\\\slash\\u0001\\t");
    }

    /** Writes the statement's rows with both writers, asserts the same text and answers it. */
    private String sameText(String sql, Writer rowByRow, Writer arrow) throws Exception {
        String expected = text(sql, rowByRow);
        assertThat(text(sql, arrow)).isEqualTo(expected);
        return expected;
    }

    private String text(String sql, Writer writer) throws Exception {
        try (Statement st = engine.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(ArrowText.handles(rs.getMetaData())).isTrue();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(rs, out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(ResultSet rs, java.io.OutputStream out) throws Exception;
    }

    @Test
    void leavesOtherColumnTypesToTheRowByRowWriter() throws Exception {
        try (Statement st = engine.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 AS a, DATE '2024-01-01' AS d")) {
            assertThat(ArrowText.handles(rs.getMetaData())).isFalse();
        }
    }
}
