package io.resultstore.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.resultstore.common.Json;
import io.resultstore.engine.Column;
import java.util.List;

/** Column lists as the catalog stores them: one JSON text column. */
final class ColumnsJson {
    private static final TypeReference<List<Column>> COLUMNS = new TypeReference<>() {};

    private ColumnsJson() {}

    static String toJson(List<Column> columns) {
        try {
            return Json.MAPPER.writeValueAsString(columns);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize columns", e);
        }
    }

    static List<Column> fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, COLUMNS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt columns in catalog", e);
        }
    }
}
