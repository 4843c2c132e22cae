package io.resultstore.flight;

import io.resultstore.engine.Column;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Engine column types as Arrow types, for what a client sees before rows arrive (a prepared statement's
 * parameters and columns, a table's columns in {@code GetTables}). The rows themselves carry the engine's exact
 * Arrow types; a type without a plain Arrow counterpart here is text, and every field names the engine's own type
 * in Flight SQL's {@code ARROW:FLIGHT:SQL:TYPE_NAME} metadata, which JDBC tools show as the column's type.
 */
final class ColumnSchemas {
    static final String TYPE_NAME = "ARROW:FLIGHT:SQL:TYPE_NAME";
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

    private ColumnSchemas() {}

    /** A stored table's columns (a result's or a dataset's) with their nullability. */
    static Schema of(List<Column> columns) {
        return new Schema(columns.stream().map(c -> field(c.name(), c.type(), c.nullable())).toList());
    }

    static Field field(String name, String engineType, boolean nullable) {
        return new Field(name, new FieldType(nullable, arrowType(engineType), null, Map.of(TYPE_NAME, engineType)),
                null);
    }

    static ArrowType arrowType(String engineType) {
        Matcher decimal = DECIMAL.matcher(engineType);
        if (decimal.matches()) {
            return new ArrowType.Decimal(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)), 128);
        }
        return switch (engineType) {
            case "BOOLEAN" -> ArrowType.Bool.INSTANCE;
            case "TINYINT" -> new ArrowType.Int(8, true);
            case "SMALLINT" -> new ArrowType.Int(16, true);
            case "INTEGER" -> new ArrowType.Int(32, true);
            case "BIGINT" -> new ArrowType.Int(64, true);
            case "FLOAT" -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case "DOUBLE" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case "DATE" -> new ArrowType.Date(DateUnit.DAY);
            case "TIMESTAMP" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case "BLOB" -> ArrowType.Binary.INSTANCE;
            default -> ArrowType.Utf8.INSTANCE;
        };
    }
}
