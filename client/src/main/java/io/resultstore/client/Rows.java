package io.resultstore.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;

/** Rows as the server encodes them (API.md "Value encoding"): a JSON value per cell, SQL NULL as a JSON null node. */
final class Rows {
    private Rows() {
    }

    static List<List<JsonNode>> copy(List<List<JsonNode>> rows) {
        return rows == null ? List.of() : rows.stream().map(r -> Collections.unmodifiableList(List.copyOf(r))).toList();
    }

    static <T> List<T> copyOrEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
