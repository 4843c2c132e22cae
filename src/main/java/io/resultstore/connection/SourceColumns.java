package io.resultstore.connection;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.resultstore.common.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.duckdb.DuckDBAppender;

/**
 * How each column of a source's table becomes a DuckDB column: the type it is staged as, the cast (if any) the
 * Parquet file gets it through, and how a value moves from the JDBC row to the appender. Follows what DuckDB's
 * own PostgreSQL reader does: {@code numeric(p,s)} up to 38 digits stays exact, an unconstrained
 * {@code numeric} becomes DOUBLE, json/jsonb become JSON, one-dimensional arrays become lists, anything without a
 * counterpart (interval, inet, money, bit strings, time with zone, …) becomes its text.
 */
final class SourceColumns {
    @FunctionalInterface
    interface Mover {
        /** Appends column {@code i} of the current row; true when it was null. */
        boolean move(ResultSet rs, int i, DuckDBAppender out) throws SQLException;
    }

    record Mapped(String name, String stagedType, Optional<String> finalType, Mover mover) {}

    /** Element types of arrays, by PostgreSQL's name of the element. */
    private static final Map<String, String> ELEMENTS = Map.ofEntries(Map.entry("int2", "SMALLINT"),
            Map.entry("int4", "INTEGER"), Map.entry("int8", "BIGINT"), Map.entry("float4", "FLOAT"),
            Map.entry("float8", "DOUBLE"), Map.entry("numeric", "DOUBLE"), Map.entry("bool", "BOOLEAN"),
            Map.entry("date", "DATE"), Map.entry("timestamp", "TIMESTAMP"), Map.entry("uuid", "UUID"),
            Map.entry("text", "VARCHAR"), Map.entry("varchar", "VARCHAR"), Map.entry("bpchar", "VARCHAR"),
            Map.entry("name", "VARCHAR"), Map.entry("json", "JSON"), Map.entry("jsonb", "JSON"));

    private SourceColumns() {}

    /** {@code typedValues}: false for SQLite, whose declared types promise nothing about the values stored. */
    static List<Mapped> map(ResultSetMetaData md, boolean typedValues) throws SQLException {
        List<Mapped> out = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            out.add(typedValues ? typed(md, i) : loose(md, i));
        }
        return out;
    }

    private static Mapped loose(ResultSetMetaData md, int i) throws SQLException {
        String name = md.getColumnLabel(i);
        String declared = md.getColumnTypeName(i) == null ? "" : md.getColumnTypeName(i).toUpperCase(Locale.ROOT);
        // SQLite's affinity rules, from the declared type's name.
        if (declared.contains("INT")) {
            return new Mapped(name, "BIGINT", Optional.empty(), SourceColumns::bigint);
        }
        if (declared.contains("REAL") || declared.contains("FLOA") || declared.contains("DOUB")) {
            return new Mapped(name, "DOUBLE", Optional.empty(), SourceColumns::doubles);
        }
        if (declared.contains("BLOB")) {
            return new Mapped(name, "BLOB", Optional.empty(), SourceColumns::blob);
        }
        return new Mapped(name, "VARCHAR", Optional.empty(), SourceColumns::text);
    }

    private static Mapped typed(ResultSetMetaData md, int i) throws SQLException {
        String name = md.getColumnLabel(i);
        String typeName = md.getColumnTypeName(i) == null ? "" : md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
        int type = md.getColumnType(i);
        if (type == Types.ARRAY || typeName.startsWith("_")) {
            String element = ELEMENTS.getOrDefault(typeName.startsWith("_") ? typeName.substring(1) : "", "VARCHAR");
            return new Mapped(name, "VARCHAR", Optional.of(element + "[]"), SourceColumns::array);
        }
        switch (typeName) {
            case "json", "jsonb" -> {
                return new Mapped(name, "JSON", Optional.empty(), SourceColumns::text);
            }
            case "uuid" -> {
                return new Mapped(name, "UUID", Optional.empty(), SourceColumns::uuid);
            }
            case "timestamptz" -> {
                return new Mapped(name, "TIMESTAMPTZ", Optional.empty(), SourceColumns::timestampTz);
            }
            case "bit", "varbit", "money", "timetz", "interval" -> {
                return new Mapped(name, "VARCHAR", Optional.empty(), SourceColumns::text);
            }
            default -> { }
        }
        return switch (type) {
            case Types.BIT, Types.BOOLEAN -> new Mapped(name, "BOOLEAN", Optional.empty(), SourceColumns::bool);
            case Types.TINYINT, Types.SMALLINT -> new Mapped(name, "SMALLINT", Optional.empty(), SourceColumns::small);
            case Types.INTEGER -> new Mapped(name, "INTEGER", Optional.empty(), SourceColumns::integer);
            case Types.BIGINT -> new Mapped(name, "BIGINT", Optional.empty(), SourceColumns::bigint);
            case Types.REAL -> new Mapped(name, "FLOAT", Optional.empty(), SourceColumns::real);
            case Types.FLOAT, Types.DOUBLE -> new Mapped(name, "DOUBLE", Optional.empty(), SourceColumns::doubles);
            case Types.NUMERIC, Types.DECIMAL -> decimal(name, md.getPrecision(i), md.getScale(i));
            case Types.DATE -> new Mapped(name, "DATE", Optional.empty(), SourceColumns::date);
            case Types.TIME -> new Mapped(name, "TIME", Optional.empty(), SourceColumns::time);
            case Types.TIMESTAMP -> new Mapped(name, "TIMESTAMP", Optional.empty(), SourceColumns::timestamp);
            case Types.TIMESTAMP_WITH_TIMEZONE ->
                    new Mapped(name, "TIMESTAMPTZ", Optional.empty(), SourceColumns::timestampTz);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                    new Mapped(name, "BLOB", Optional.empty(), SourceColumns::blob);
            default -> new Mapped(name, "VARCHAR", Optional.empty(), SourceColumns::text);
        };
    }

    private static Mapped decimal(String name, int precision, int scale) {
        if (precision > 0 && precision <= 38 && scale >= 0 && scale <= precision) {
            return new Mapped(name, "DECIMAL(" + precision + "," + scale + ")", Optional.empty(),
                    (rs, i, out) -> {
                        BigDecimal v = rs.getBigDecimal(i);
                        if (v == null) {
                            out.appendNull();
                            return true;
                        }
                        out.append(v.setScale(scale, RoundingMode.HALF_EVEN));
                        return false;
                    });
        }
        return new Mapped(name, "DOUBLE", Optional.empty(), SourceColumns::doubles);
    }

    private static boolean nullIf(ResultSet rs, DuckDBAppender out) throws SQLException {
        if (rs.wasNull()) {
            out.appendNull();
            return true;
        }
        return false;
    }

    private static boolean bool(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        boolean v = rs.getBoolean(i);
        return nullIf(rs, out) || append(out.append(v));
    }

    private static boolean small(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        short v = rs.getShort(i);
        return nullIf(rs, out) || append(out.append(v));
    }

    private static boolean integer(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        int v = rs.getInt(i);
        return nullIf(rs, out) || append(out.append(v));
    }

    private static boolean bigint(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        long v = rs.getLong(i);
        return nullIf(rs, out) || append(out.append(v));
    }

    private static boolean real(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        float v = rs.getFloat(i);
        return nullIf(rs, out) || append(out.append(v));
    }

    private static boolean doubles(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        double v = rs.getDouble(i);
        return nullIf(rs, out) || append(out.append(v));
    }

    private static boolean text(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        String v = rs.getString(i);
        return object(v, out) || append(out.append(v));
    }

    private static boolean uuid(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        Object v = rs.getObject(i);
        if (object(v, out)) {
            return true;
        }
        out.append(v instanceof UUID u ? u : UUID.fromString(v.toString()));
        return false;
    }

    private static boolean date(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        LocalDate v = rs.getObject(i, LocalDate.class);
        return object(v, out) || append(out.append(v));
    }

    private static boolean time(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        LocalTime v = rs.getObject(i, LocalTime.class);
        return object(v, out) || append(out.append(v));
    }

    private static boolean timestamp(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        LocalDateTime v = rs.getObject(i, LocalDateTime.class);
        return object(v, out) || append(out.append(v));
    }

    private static boolean timestampTz(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
        return object(v, out) || append(out.append(v));
    }

    private static boolean blob(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        byte[] v = rs.getBytes(i);
        return object(v, out) || append(out.append(v));
    }

    /** Staged as JSON text and cast to a typed list when the Parquet file is written. */
    private static boolean array(ResultSet rs, int i, DuckDBAppender out) throws SQLException {
        Array v = rs.getArray(i);
        if (object(v, out)) {
            return true;
        }
        try {
            out.append(Json.MAPPER.writeValueAsString(plain(v.getArray())));
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot read an array value: " + e.getOriginalMessage(), e);
        } finally {
            v.free();
        }
        return false;
    }

    /** Numbers and booleans as JSON numbers and booleans, nested arrays as lists, everything else as its text. */
    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Object[] items) {
            List<Object> list = new ArrayList<>(items.length);
            for (Object item : items) {
                list.add(plain(item));
            }
            return list;
        }
        return value.toString();
    }

    private static boolean object(Object v, DuckDBAppender out) throws SQLException {
        if (v == null) {
            out.appendNull();
            return true;
        }
        return false;
    }

    private static boolean append(DuckDBAppender ignored) {
        return false;
    }
}
