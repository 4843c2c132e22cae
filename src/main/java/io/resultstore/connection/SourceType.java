package io.resultstore.connection;

import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.util.Locale;

/** The kinds of source a connection reaches, named on the wire as {@code postgres}, {@code sqlite}, {@code jdbc}. */
public enum SourceType {
    POSTGRES,
    SQLITE,
    JDBC;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SourceType fromWire(String s) {
        return switch (s) {
            case "postgres", "postgresql" -> POSTGRES;
            case "sqlite" -> SQLITE;
            case "jdbc" -> JDBC;
            default -> throw new ApiException(ErrorCode.UNPROCESSABLE,
                    "source_type must be one of postgres, sqlite, jdbc; got '" + s + "'");
        };
    }
}
