package io.resultstore.engine;

import java.util.List;

/**
 * What preparing a statement tells before it runs: the engine type of each positional placeholder, in order
 * ({@link #UNKNOWN_TYPE} when the engine leaves it to the bound value), and the result's columns when the engine
 * can tell them without the parameters' values (empty otherwise; the columns are then known once it ran).
 */
public record StatementShape(List<String> parameterTypes, List<Column> columns) {
    public static final String UNKNOWN_TYPE = "UNKNOWN";

    public StatementShape {
        parameterTypes = List.copyOf(parameterTypes);
        columns = List.copyOf(columns);
    }
}
