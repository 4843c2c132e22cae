package io.resultstore.engine;

import static java.util.Objects.requireNonNull;

/** A result column: its name, the engine's type name, and whether any row holds a null in it. */
public record Column(String name, String type, boolean nullable) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
