package io.resultstore.result;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.resultstore.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * JSON Lines from the engine's Arrow batches (see {@link ArrowText}): the text {@link TextRows#jsonl} writes, i.e.
 * values as in the JSON API (integers beyond 2^53 and non-finite doubles as strings, timestamps as ISO-8601
 * strings), strings escaped as Jackson escapes them.
 */
final class ArrowJsonl {
    private static final long MAX_SAFE = 1L << 53;
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private ArrowJsonl() {}

    static void write(ResultSet rs, OutputStream out) throws SQLException, IOException {
        TextBuffer buf = new TextBuffer(out);
        ResultSetMetaData md = rs.getMetaData();
        // Each key with what precedes it ({"k": or ,"k":), encoded once for every row.
        byte[][] keys = new byte[md.getColumnCount()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ((i == 0 ? "{" : ",") + "\"" + new String(JsonStringEncoder.getInstance()
                    .quoteAsString(md.getColumnName(i + 1))) + "\":").getBytes(StandardCharsets.UTF_8);
        }
        ArrowText.eachRow(rs, vectors -> {
            ArrowText.Cell[] cells = vectors.stream().map(ArrowJsonl::cell).toArray(ArrowText.Cell[]::new);
            return r -> {
                if (cells.length == 0) {
                    buf.put((byte) '{');
                }
                for (int c = 0; c < cells.length; c++) {
                    buf.raw(keys[c]);
                    if (vectors.get(c).isNull(r)) {
                        buf.raw(NULL);
                    } else {
                        cells[c].write(r, buf);
                    }
                }
                buf.put((byte) '}');
                buf.put((byte) '\n');
            };
        });
        buf.flush();
    }

    private static ArrowText.Cell cell(FieldVector v) {
        return switch (v) {
            case BigIntVector b -> (r, buf) -> {
                long value = b.get(r);
                if (value > MAX_SAFE || value < -MAX_SAFE) {
                    quoted(buf, Long.toString(value));
                } else {
                    buf.digits(value);
                }
            };
            case Float8Vector d -> (r, buf) -> {
                double value = d.get(r);
                if (Double.isNaN(value)) {
                    quoted(buf, "NaN");
                } else if (Double.isInfinite(value)) {
                    quoted(buf, value > 0 ? "Infinity" : "-Infinity");
                } else {
                    buf.decimal(value);
                }
            };
            case VarCharVector s -> (r, buf) -> {
                buf.put((byte) '"');
                if (!buf.plainText(s, r, ArrowJsonl::needsEscape)) {
                    buf.raw(JsonStringEncoder.getInstance().quoteAsUTF8(new String(s.get(r), StandardCharsets.UTF_8)));
                }
                buf.put((byte) '"');
            };
            case TimeStampMicroVector t -> (r, buf) -> {
                buf.put((byte) '"');
                buf.timestamp(t.get(r));
                buf.put((byte) '"');
            };
            case IntVector i -> (r, buf) -> buf.digits(i.get(r));
            case SmallIntVector i -> (r, buf) -> buf.digits(i.get(r));
            case TinyIntVector i -> (r, buf) -> buf.digits(i.get(r));
            case BitVector b -> (r, buf) -> buf.ascii(b.get(r) != 0 ? "true" : "false");
            // Decimals (and anything else) as the row-by-row writer's Jackson writes them.
            default -> (r, buf) -> buf.raw(Json.MAPPER.writeValueAsBytes(v.getObject(r)));
        };
    }

    /** A byte Jackson escapes in a string: control characters, the quote and the backslash. */
    private static boolean needsEscape(byte b) {
        return (b >= 0 && b < 0x20) || b == '"' || b == '\\';
    }

    private static void quoted(TextBuffer buf, String ascii) throws IOException {
        buf.put((byte) '"');
        buf.ascii(ascii);
        buf.put((byte) '"');
    }
}
