package io.resultstore.engine;

import java.util.List;

/** Rows read back from a result file, encoded for the wire. */
public record Page(List<Object[]> rows) {
    public Page {
        rows = List.copyOf(rows);
    }
}
