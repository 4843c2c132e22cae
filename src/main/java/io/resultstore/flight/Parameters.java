package io.resultstore.flight;

import io.resultstore.engine.StatementShape;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Statement parameters between Flight and the engine: the parameter schema a client binds against, and the
 * values of the one parameter row it sends. A placeholder whose type the engine leaves open is text: the engine
 * casts it where it is used.
 */
final class Parameters {
    private Parameters() {}

    static Schema schema(StatementShape shape) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < shape.parameterTypes().size(); i++) {
            fields.add(new Field("parameter_" + (i + 1),
                    FieldType.nullable(ColumnSchemas.arrowType(shape.parameterTypes().get(i))), null));
        }
        return new Schema(fields);
    }

    /**
     * The result's columns as a client sees them before the statement ran. Only whether there are columns and
     * their names matter to clients at that point (the rows arrive with the engine's exact Arrow types); a
     * statement whose columns the engine cannot tell yet gets one placeholder column, for a statement without
     * columns reads to clients as an update.
     */
    static Schema columns(StatementShape shape) {
        if (shape.columns().isEmpty()) {
            return new Schema(List.of(new Field("result", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
        }
        return new Schema(shape.columns().stream()
                .map(c -> ColumnSchemas.field(c.name(), c.type(), true)).toList());
    }

    /** The values of the single row a client bound; a null element is SQL NULL. */
    static List<Object> values(VectorSchemaRoot root) {
        if (root.getRowCount() != 1) {
            throw FlightErrors.invalid("a prepared statement takes exactly one row of parameters, got "
                    + root.getRowCount());
        }
        List<Object> values = new ArrayList<>();
        List<FieldVector> vectors = root.getFieldVectors();
        for (int i = 0; i < vectors.size(); i++) {
            values.add(value(vectors.get(i), i + 1));
        }
        return values;
    }

    private static Object value(FieldVector vector, int position) {
        if (vector.isNull(0)) {
            return null;
        }
        if (vector instanceof DateDayVector days) {
            return LocalDate.ofEpochDay(days.get(0));
        }
        Object v = vector.getObject(0);
        return switch (v) {
            case Text text -> text.toString();
            case Boolean b -> b;
            case Byte b -> b;
            case Short s -> s;
            case Integer n -> n;
            case Long n -> n;
            case Float f -> f;
            case Double d -> d;
            case BigDecimal d -> d;
            case String s -> s;
            case byte[] bytes -> bytes;
            case LocalDateTime t -> t;
            case LocalTime t -> t;
            default -> throw FlightErrors.invalid("parameter " + position + " has an unsupported type: "
                    + vector.getField().getType());
        };
    }
}
