package io.resultstore.engine.trino;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resultstore.common.Json;
import io.trino.jdbc.Row;
import io.trino.jdbc.RowField;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * How one Trino result column travels to the local engine: its Arrow type, how a value is read from the Trino
 * result set into a vector, and the local type it is cast to when Arrow cannot carry it.
 *
 * <p>Exact where both sides have the type: boolean, tinyint…bigint, real, double, decimal(p,s), varchar/char,
 * varbinary, date. {@code time(p)}, {@code timestamp(p)} keep microseconds (p &gt; 6 is truncated);
 * {@code timestamp(p) with time zone} becomes the instant ({@code TIMESTAMP WITH TIME ZONE}, shown in UTC: the zone
 * name is not kept). {@code uuid} stays a UUID. {@code array}, {@code map} and {@code row} become JSON text
 * (rows as objects by field name). Every other type (json, ipaddress, interval, time with time zone, …) is its Trino
 * text.
 */
record TrinoColumn(String name, String trinoType, ArrowType arrowType, Optional<String> cast, Writer writer) {
    TrinoColumn {
        requireNonNull(name, "name is null");
        requireNonNull(trinoType, "trinoType is null");
        requireNonNull(arrowType, "arrowType is null");
        requireNonNull(cast, "cast is null");
        requireNonNull(writer, "writer is null");
    }

    /** Reads column {@code column} of the current row into {@code row} of the vector; a null is left unset. */
    @FunctionalInterface
    interface Writer {
        void write(ResultSet rs, int column, FieldVector vector, int row) throws SQLException;
    }

    Field field(int position) {
        // Positional names: a result's names may repeat, the staged stream's must not.
        return new Field("c" + position, FieldType.nullable(arrowType), null);
    }

    static TrinoColumn of(ResultSetMetaData md, int column) throws SQLException {
        String name = md.getColumnLabel(column);
        String type = md.getColumnTypeName(column).toLowerCase(Locale.ROOT);
        int paren = type.indexOf('(');
        String base = paren < 0 ? type : type.substring(0, paren);
        boolean zoned = type.endsWith("with time zone");
        return switch (base) {
            case "boolean" -> column(name, type, ArrowType.Bool.INSTANCE, (rs, c, v, r) -> {
                boolean b = rs.getBoolean(c);
                if (!rs.wasNull()) {
                    ((BitVector) v).setSafe(r, b ? 1 : 0);
                }
            });
            case "tinyint" -> column(name, type, new ArrowType.Int(8, true), (rs, c, v, r) -> {
                byte b = rs.getByte(c);
                if (!rs.wasNull()) {
                    ((TinyIntVector) v).setSafe(r, b);
                }
            });
            case "smallint" -> column(name, type, new ArrowType.Int(16, true), (rs, c, v, r) -> {
                short s = rs.getShort(c);
                if (!rs.wasNull()) {
                    ((SmallIntVector) v).setSafe(r, s);
                }
            });
            case "integer" -> column(name, type, new ArrowType.Int(32, true), (rs, c, v, r) -> {
                int i = rs.getInt(c);
                if (!rs.wasNull()) {
                    ((IntVector) v).setSafe(r, i);
                }
            });
            case "bigint" -> column(name, type, new ArrowType.Int(64, true), (rs, c, v, r) -> {
                long l = rs.getLong(c);
                if (!rs.wasNull()) {
                    ((BigIntVector) v).setSafe(r, l);
                }
            });
            case "real" -> column(name, type, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
                    (rs, c, v, r) -> {
                        float f = rs.getFloat(c);
                        if (!rs.wasNull()) {
                            ((Float4Vector) v).setSafe(r, f);
                        }
                    });
            case "double" -> column(name, type, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                    (rs, c, v, r) -> {
                        double d = rs.getDouble(c);
                        if (!rs.wasNull()) {
                            ((Float8Vector) v).setSafe(r, d);
                        }
                    });
            case "decimal" -> {
                int scale = md.getScale(column);
                yield column(name, type, new ArrowType.Decimal(md.getPrecision(column), scale, 128), (rs, c, v, r) -> {
                    BigDecimal d = rs.getBigDecimal(c);
                    if (d != null) {
                        ((DecimalVector) v).setSafe(r, d.setScale(scale));
                    }
                });
            }
            case "varbinary" -> column(name, type, ArrowType.Binary.INSTANCE, (rs, c, v, r) -> {
                byte[] b = rs.getBytes(c);
                if (b != null) {
                    ((VarBinaryVector) v).setSafe(r, b);
                }
            });
            case "date" -> column(name, type, new ArrowType.Date(DateUnit.DAY), (rs, c, v, r) -> {
                String s = rs.getString(c);
                if (s != null) {
                    ((DateDayVector) v).setSafe(r, Math.toIntExact(LocalDate.parse(s).toEpochDay()));
                }
            });
            case "time" -> zoned ? text(name, type) : column(name, type, new ArrowType.Time(TimeUnit.MICROSECOND, 64),
                    (rs, c, v, r) -> {
                        String s = rs.getString(c);
                        if (s != null) {
                            ((TimeMicroVector) v).setSafe(r, parseTime(s).toNanoOfDay() / 1000);
                        }
                    });
            case "timestamp" -> zoned
                    ? column(name, type, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"), (rs, c, v, r) -> {
                        String s = rs.getString(c);
                        if (s != null) {
                            ((TimeStampMicroTZVector) v).setSafe(r, micros(parseZoned(s)));
                        }
                    })
                    : column(name, type, new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), (rs, c, v, r) -> {
                        String s = rs.getString(c);
                        if (s != null) {
                            ((TimeStampMicroVector) v).setSafe(r, micros(parseLocal(s).toInstant(ZoneOffset.UTC)));
                        }
                    });
            case "uuid" -> new TrinoColumn(name, type, ArrowType.Utf8.INSTANCE, Optional.of("UUID"), TrinoColumn::writeText);
            case "array", "map", "row" -> column(name, type, ArrowType.Utf8.INSTANCE, (rs, c, v, r) -> {
                Object o = rs.getObject(c);
                if (o != null) {
                    ((VarCharVector) v).setSafe(r, jsonBytes(toJson(o)));
                }
            });
            default -> text(name, type);
        };
    }

    private static TrinoColumn column(String name, String type, ArrowType arrow, Writer writer) {
        return new TrinoColumn(name, type, arrow, Optional.empty(), writer);
    }

    private static TrinoColumn text(String name, String type) {
        return column(name, type, ArrowType.Utf8.INSTANCE, TrinoColumn::writeText);
    }

    private static void writeText(ResultSet rs, int c, FieldVector v, int r) throws SQLException {
        String s = rs.getString(c);
        if (s != null) {
            ((VarCharVector) v).setSafe(r, s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] jsonBytes(JsonNode node) throws SQLException {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot encode a nested value as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Trino writes {@code HH:mm:ss[.f…]} with up to 12 fraction digits; Java reads at most 9. */
    static LocalTime parseTime(String text) {
        int dot = text.indexOf('.');
        return LocalTime.parse(dot >= 0 && text.length() - dot - 1 > 9 ? text.substring(0, dot + 10) : text);
    }

    /** {@code yyyy-MM-dd HH:mm:ss[.f…]}. */
    static LocalDateTime parseLocal(String text) {
        int space = text.indexOf(' ');
        return LocalDateTime.of(LocalDate.parse(text.substring(0, space)), parseTime(text.substring(space + 1)));
    }

    /** {@code yyyy-MM-dd HH:mm:ss[.f…] <zone>}, the zone a region ({@code Europe/Paris}, {@code UTC}) or an offset. */
    static Instant parseZoned(String text) {
        int zone = text.indexOf(' ', text.indexOf(' ') + 1);
        return parseLocal(text.substring(0, zone)).atZone(ZoneId.of(text.substring(zone + 1))).toInstant();
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    /** Arrays, maps and rows as the driver hands them out, nested to any depth. */
    static JsonNode toJson(Object value) throws SQLException {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (value) {
            case null -> f.nullNode();
            case Array a -> toJson(a.getArray());
            case Object[] items -> {
                ArrayNode out = f.arrayNode(items.length);
                for (Object item : items) {
                    out.add(toJson(item));
                }
                yield out;
            }
            case List<?> items -> toJson(items.toArray());
            case Map<?, ?> map -> {
                ObjectNode out = f.objectNode();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.set(String.valueOf(e.getKey()), toJson(e.getValue()));
                }
                yield out;
            }
            case Row row -> {
                ObjectNode out = f.objectNode();
                for (RowField field : row.getFields()) {
                    out.set(field.getName().orElse("_" + (field.getOrdinal() + 1)), toJson(field.getValue()));
                }
                yield out;
            }
            case Boolean b -> f.booleanNode(b);
            case Integer i -> f.numberNode(i);
            case Long l -> f.numberNode(l);
            case Short s -> f.numberNode(s);
            case Byte b -> f.numberNode(b);
            case Double d -> d.isNaN() || d.isInfinite() ? f.textNode(d.toString()) : f.numberNode(d);
            case Float x -> x.isNaN() || x.isInfinite() ? f.textNode(x.toString()) : f.numberNode(x);
            case BigDecimal d -> f.numberNode(d);
            case BigInteger i -> f.numberNode(i);
            case byte[] bytes -> f.binaryNode(bytes);
            default -> f.textNode(value.toString());
        };
    }
}
