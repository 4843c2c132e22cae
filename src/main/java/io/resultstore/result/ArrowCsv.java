package io.resultstore.result;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;

/** CSV from the engine's Arrow batches (see {@link ArrowText}): the text {@link TextRows#csv} writes. */
final class ArrowCsv {
    private ArrowCsv() {}

    static void write(ResultSet rs, OutputStream out) throws SQLException, IOException {
        TextBuffer buf = new TextBuffer(out);
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (i > 1) {
                buf.put((byte) ',');
            }
            field(buf, md.getColumnName(i).getBytes(StandardCharsets.UTF_8));
        }
        buf.put((byte) '\n');
        ArrowText.eachRow(rs, vectors -> {
            ArrowText.Cell[] cells = vectors.stream().map(ArrowCsv::cell).toArray(ArrowText.Cell[]::new);
            return r -> {
                for (int c = 0; c < cells.length; c++) {
                    if (c > 0) {
                        buf.put((byte) ',');
                    }
                    if (!vectors.get(c).isNull(r)) {
                        cells[c].write(r, buf);
                    }
                }
                buf.put((byte) '\n');
            };
        });
        buf.flush();
    }

    private static ArrowText.Cell cell(FieldVector v) {
        return switch (v) {
            case BigIntVector b -> (r, buf) -> buf.digits(b.get(r));
            case Float8Vector d -> (r, buf) -> buf.decimal(d.get(r));
            case VarCharVector s -> (r, buf) -> {
                if (!buf.plainText(s, r, TextRows::needsQuotes)) {
                    field(buf, s.get(r));
                }
            };
            case TimeStampMicroVector t -> (r, buf) -> buf.timestamp(t.get(r));
            case IntVector i -> (r, buf) -> buf.digits(i.get(r));
            case SmallIntVector i -> (r, buf) -> buf.digits(i.get(r));
            case TinyIntVector i -> (r, buf) -> buf.digits(i.get(r));
            case DecimalVector d -> (r, buf) -> buf.ascii(d.getObject(r).toPlainString());
            case BitVector b -> (r, buf) -> buf.ascii(b.get(r) != 0 ? "true" : "false");
            default -> (r, buf) -> field(buf, String.valueOf(v.getObject(r)).getBytes(StandardCharsets.UTF_8));
        };
    }

    /** A text field: quoted when empty (empty is not NULL) or when it holds a comma, quote or line break. */
    private static void field(TextBuffer buf, byte[] utf8) throws IOException {
        boolean quote = utf8.length == 0;
        for (int i = 0; i < utf8.length && !quote; i++) {
            quote = TextRows.needsQuotes(utf8[i]);
        }
        if (!quote) {
            buf.raw(utf8);
            return;
        }
        buf.put((byte) '"');
        int from = 0;
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '"') {
                buf.write(utf8, from, i + 1 - from);
                from = i;
            }
        }
        buf.write(utf8, from, utf8.length - from);
        buf.put((byte) '"');
    }
}
