package io.resultstore.result;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.resultstore.common.Json;
import io.resultstore.engine.ValueEncoder;
import io.resultstore.engine.ValueEncoder.ColumnReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * CSV and JSON Lines written row by row from a streaming result set: memory holds one row and an output
 * buffer, whatever the result's size. Values are encoded as in the JSON API ({@link ValueEncoder}), so every
 * format shows the same text for the same value.
 */
final class TextRows {
    private static final int BUFFER = 64 * 1024;

    private TextRows() {}

    /**
     * A header line, then one line per row, {@code \n}-terminated. NULL is an empty field and an empty string
     * is {@code ""}, as DuckDB and most readers tell them apart; nested values are their JSON text.
     */
    static void csv(ResultSet rs, OutputStream out) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        ColumnReader[] readers = ValueEncoder.readers(md);
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                w.write(',');
            }
            csvField(w, md.getColumnName(i + 1));
        }
        w.write('\n');
        while (rs.next()) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    w.write(',');
                }
                Object v = readers[i].read(rs, i + 1);
                if (v != null) {
                    csvField(w, text(v));
                }
            }
            w.write('\n');
        }
        w.flush();
    }

    /** One JSON object per line, keyed by column name, values encoded as in {@code GET /results/{id}}. */
    static void jsonl(ResultSet rs, OutputStream out) throws SQLException, IOException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        ColumnReader[] readers = ValueEncoder.readers(md);
        // Pre-encoded once: the key text is copied, not escaped again, for every row.
        SerializedString[] names = new SerializedString[n];
        for (int i = 0; i < n; i++) {
            names[i] = new SerializedString(md.getColumnName(i + 1));
        }
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.setRootValueSeparator(null);
            while (rs.next()) {
                g.writeStartObject();
                for (int i = 0; i < n; i++) {
                    g.writeFieldName(names[i]);
                    Json.writeValue(g, readers[i].read(rs, i + 1));
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
    }

    private static String text(Object v) throws IOException {
        return switch (v) {
            case String s -> s;
            case BigDecimal d -> d.toPlainString();
            case List<?> l -> Json.MAPPER.writeValueAsString(l);
            case Map<?, ?> m -> Json.MAPPER.writeValueAsString(m);
            default -> v.toString();
        };
    }

    /** A CSV field holding this character must be quoted (RFC 4180); all four are ASCII, so a byte test works too. */
    static boolean needsQuotes(int c) {
        return c == ',' || c == '"' || c == '\n' || c == '\r';
    }

    private static void csvField(Writer w, String s) throws IOException {
        boolean quote = s.isEmpty();
        for (int i = 0; i < s.length() && !quote; i++) {
            quote = needsQuotes(s.charAt(i));
        }
        if (!quote) {
            w.write(s);
            return;
        }
        w.write('"');
        w.write(s.replace("\"", "\"\""));
        w.write('"');
    }
}
