package io.resultstore.result;

import io.resultstore.engine.IsoDateTime;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
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
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;

/**
 * CSV of plain columns (integers, doubles, decimals, booleans, text, timestamps) written from the engine's Arrow batches
 * instead of row by row through JDBC: per-value JDBC getters were most of a large CSV download's time. The text
 * is the one {@link TextRows#csv} writes for the same values; results with any other column type go there.
 */
final class ArrowCsv {
    private static final Set<String> PLAIN =
            Set.of("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DOUBLE", "BOOLEAN", "VARCHAR", "TIMESTAMP");
    private static final int BATCH_ROWS = 16_384;
    private static final long ALLOCATOR_LIMIT = 512L * 1024 * 1024;
    private static final int BUFFER = 64 * 1024;

    private ArrowCsv() {}

    /** Whether every column is of a type this writer handles. */
    static boolean handles(ResultSetMetaData md) throws SQLException {
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String type = md.getColumnTypeName(i);
            if (!PLAIN.contains(type) && !type.startsWith("DECIMAL")) {
                return false;
            }
        }
        return true;
    }

    static void write(ResultSet rs, OutputStream out) throws SQLException, IOException {
        Buffer buf = new Buffer(out);
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            if (i > 1) {
                buf.put((byte) ',');
            }
            buf.field(md.getColumnName(i).getBytes(StandardCharsets.UTF_8));
        }
        buf.put((byte) '\n');
        DuckDBResultSet duck = rs.unwrap(DuckDBResultSet.class);
        try (BufferAllocator allocator = new RootAllocator(ALLOCATOR_LIMIT);
                ArrowReader reader = (ArrowReader) duck.arrowExportStream(allocator, BATCH_ROWS)) {
            // The root's vectors are reused for every batch: pick each column's writer once.
            List<FieldVector> vectors = reader.getVectorSchemaRoot().getFieldVectors();
            Cell[] cells = vectors.stream().map(ArrowCsv::cell).toArray(Cell[]::new);
            while (reader.loadNextBatch()) {
                int rows = reader.getVectorSchemaRoot().getRowCount();
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cells.length; c++) {
                        if (c > 0) {
                            buf.put((byte) ',');
                        }
                        if (!vectors.get(c).isNull(r)) {
                            cells[c].write(r, buf);
                        }
                    }
                    buf.put((byte) '\n');
                }
            }
        }
        buf.flush();
    }

    /** Writes the non-null value at one row of one column. */
    private interface Cell {
        void write(int row, Buffer buf) throws IOException;
    }

    private static Cell cell(FieldVector v) {
        return switch (v) {
            case BigIntVector b -> (r, buf) -> buf.digits(b.get(r));
            case Float8Vector d -> (r, buf) -> buf.ascii(Double.toString(d.get(r)));
            case VarCharVector s -> (r, buf) -> buf.text(s, r);
            case TimeStampMicroVector t -> (r, buf) -> buf.ascii(IsoDateTime.formatMicros(t.get(r)));
            case IntVector i -> (r, buf) -> buf.digits(i.get(r));
            case SmallIntVector i -> (r, buf) -> buf.digits(i.get(r));
            case TinyIntVector i -> (r, buf) -> buf.digits(i.get(r));
            case DecimalVector d -> (r, buf) -> buf.ascii(d.getObject(r).toPlainString());
            case BitVector b -> (r, buf) -> buf.ascii(b.get(r) != 0 ? "true" : "false");
            default -> (r, buf) -> buf.field(String.valueOf(v.getObject(r)).getBytes(StandardCharsets.UTF_8));
        };
    }

    /** Bytes gathered into one array and handed to the socket a buffer at a time. */
    private static final class Buffer {
        private final OutputStream out;
        private final byte[] bytes = new byte[BUFFER];
        private int n;

        Buffer(OutputStream out) {
            this.out = out;
        }

        void put(byte b) throws IOException {
            if (n == bytes.length) {
                flush();
            }
            bytes[n++] = b;
        }

        /** Text known to be ASCII and never in need of quotes: numbers, booleans, timestamps. */
        void ascii(String s) throws IOException {
            int len = s.length();
            if (n + len > bytes.length) {
                flush();
            }
            for (int i = 0; i < len; i++) {
                bytes[n++] = (byte) s.charAt(i);
            }
        }

        /** A whole number, its digits written straight into the buffer. */
        void digits(long value) throws IOException {
            if (value == Long.MIN_VALUE) {
                ascii(Long.toString(value));
                return;
            }
            if (n + 20 > bytes.length) {
                flush();
            }
            if (value < 0) {
                bytes[n++] = '-';
                value = -value;
            }
            int len = 1;
            for (long t = value; t >= 10; t /= 10) {
                len++;
            }
            for (int i = n + len - 1; i >= n; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            n += len;
        }

        /** Arrow text copied from the vector's buffer without an intermediate array, unless it needs quotes. */
        void text(VarCharVector v, int row) throws IOException {
            int from = v.getStartOffset(row);
            int len = v.getEndOffset(row) - from;
            if (len == 0 || len > bytes.length) {
                field(v.get(row));
                return;
            }
            if (n + len > bytes.length) {
                flush();
            }
            v.getDataBuffer().getBytes(from, bytes, n, len);
            for (int i = n; i < n + len; i++) {
                byte b = bytes[i];
                if (TextRows.needsQuotes(b)) {
                    field(v.get(row));
                    return;
                }
            }
            n += len;
        }

        /** A text field: quoted when empty (empty is not NULL) or when it holds a comma, quote or line break. */
        void field(byte[] utf8) throws IOException {
            boolean quote = utf8.length == 0;
            for (int i = 0; i < utf8.length && !quote; i++) {
                byte b = utf8[i];
                quote = TextRows.needsQuotes(b);
            }
            if (!quote) {
                write(utf8, 0, utf8.length);
                return;
            }
            put((byte) '"');
            int from = 0;
            for (int i = 0; i < utf8.length; i++) {
                if (utf8[i] == '"') {
                    write(utf8, from, i + 1 - from);
                    from = i;
                }
            }
            write(utf8, from, utf8.length - from);
            put((byte) '"');
        }

        private void write(byte[] b, int off, int len) throws IOException {
            if (len > bytes.length - n) {
                flush();
                if (len > bytes.length) {
                    out.write(b, off, len);
                    return;
                }
            }
            System.arraycopy(b, off, bytes, n, len);
            n += len;
        }

        void flush() throws IOException {
            out.write(bytes, 0, n);
            n = 0;
        }
    }
}
