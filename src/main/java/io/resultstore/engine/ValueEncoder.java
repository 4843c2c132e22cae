package io.resultstore.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.duckdb.DuckDBStruct;

/**
 * Turns engine values into what the API puts on the wire: integers beyond 2^53 and non-finite floats as
 * strings, decimals as exact numbers, temporal values as ISO-8601 strings (zoned ones in UTC with {@code Z}),
 * blobs as base64, lists/structs/maps as arrays/objects. A reader is chosen once per column so the per-row
 * work for plain numbers is a primitive read.
 */
public final class ValueEncoder {
    private static final long MAX_SAFE = 1L << 53;
    private static final BigInteger MAX_SAFE_BIG = BigInteger.valueOf(MAX_SAFE);
    private static final BigInteger MIN_SAFE_BIG = BigInteger.valueOf(-MAX_SAFE);

    /** Reads column {@code index} (1-based) of the current row. */
    @FunctionalInterface
    public interface ColumnReader {
        Object read(ResultSet rs, int index) throws SQLException;
    }

    private ValueEncoder() {}

    public static ColumnReader[] readers(ResultSetMetaData md) throws SQLException {
        ColumnReader[] readers = new ColumnReader[md.getColumnCount()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = reader(md.getColumnTypeName(i + 1));
        }
        return readers;
    }

    static ColumnReader reader(String typeName) {
        return switch (typeName) {
            case "BIGINT" -> (rs, i) -> {
                long v = rs.getLong(i);
                return rs.wasNull() ? null : safeLong(v);
            };
            case "INTEGER", "SMALLINT", "TINYINT", "UTINYINT", "USMALLINT" -> (rs, i) -> {
                int v = rs.getInt(i);
                return rs.wasNull() ? null : v;
            };
            case "BOOLEAN" -> (rs, i) -> {
                boolean v = rs.getBoolean(i);
                return rs.wasNull() ? null : v;
            };
            case "DOUBLE", "FLOAT" -> (rs, i) -> {
                double v = rs.getDouble(i);
                return rs.wasNull() ? null : safeDouble(v);
            };
            case "VARCHAR" -> ResultSet::getString;
            // The raw microseconds, formatted by hand: getObject would build a Timestamp and format it again.
            case "TIMESTAMP" -> (rs, i) -> {
                long micros = rs.getLong(i);
                if (rs.wasNull()) {
                    return null;
                }
                return IsoDateTime.formatMicros(micros);
            };
            case "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_S", "DATETIME" -> (rs, i) -> {
                Object v = rs.getObject(i);
                return v == null ? null : encode(v);
            };
            default -> (rs, i) -> encode(rs.getObject(i));
        };
    }

    /** Encodes any value the engine hands out, nested ones included. */
    public static Object encode(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
                || v instanceof Short || v instanceof Byte || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Long l) {
            return safeLong(l);
        }
        if (v instanceof Double d) {
            return safeDouble(d);
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? (Object) f : safeDouble(f.doubleValue());
        }
        if (v instanceof BigInteger b) {
            return b.compareTo(MAX_SAFE_BIG) <= 0 && b.compareTo(MIN_SAFE_BIG) >= 0 ? (Object) b.longValue() : b.toString();
        }
        if (v instanceof Timestamp ts) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(ts.toLocalDateTime());
        }
        if (v instanceof LocalDateTime ldt) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(ldt);
        }
        if (v instanceof OffsetDateTime odt) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(odt.withOffsetSameInstant(ZoneOffset.UTC));
        }
        if (v instanceof LocalDate || v instanceof UUID) {
            return v.toString();
        }
        if (v instanceof LocalTime lt) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(lt);
        }
        if (v instanceof OffsetTime ot) {
            return DateTimeFormatter.ISO_OFFSET_TIME.format(ot);
        }
        if (v instanceof Blob blob) {
            return Base64.getEncoder().encodeToString(blob.getBytes(1, (int) blob.length()));
        }
        if (v instanceof ByteBuffer buf) {
            ByteBuffer copy = buf.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (v instanceof Array array) {
            Object[] items = (Object[]) array.getArray();
            List<Object> out = new ArrayList<>(items.length);
            for (Object item : items) {
                out.add(encode(item));
            }
            return out;
        }
        if (v instanceof DuckDBStruct struct) {
            return encodeMap(struct.getMap());
        }
        if (v instanceof Struct struct) {
            Object[] attrs = struct.getAttributes();
            List<Object> out = new ArrayList<>(attrs.length);
            for (Object a : attrs) {
                out.add(encode(a));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            return encodeMap(map);
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object item : list) {
                out.add(encode(item));
            }
            return out;
        }
        return v.toString();
    }

    private static Map<String, Object> encodeMap(Map<?, ?> map) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object key = encode(e.getKey());
            out.put(String.valueOf(key), encode(e.getValue()));
        }
        return out;
    }

    private static Object safeLong(long v) {
        return v > MAX_SAFE || v < -MAX_SAFE ? Long.toString(v) : (Object) v;
    }

    private static Object safeDouble(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return v;
    }
}
