package io.resultstore.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import io.resultstore.common.Json;
import io.resultstore.engine.Column;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes responses that carry rows straight to the socket with a streaming generator, so a large inline
 * answer is never built twice in memory. Fields before and after the rows are given as ordered maps.
 */
final class RowsJson {
    private RowsJson() {}

    static void write(Context ctx, int status, Map<String, Object> head, List<Column> columns, List<Object[]> rows,
            Map<String, Object> tail) {
        ctx.status(status).contentType("application/json");
        try (OutputStream out = ctx.outputStream(); JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : head.entrySet()) {
                g.writeFieldName(e.getKey());
                Json.MAPPER.writeValue(g, e.getValue());
            }
            g.writeArrayFieldStart("columns");
            for (Column c : columns) {
                g.writeString(c.name());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("nullable");
            for (Column c : columns) {
                g.writeBoolean(c.nullable());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("column_types");
            for (Column c : columns) {
                g.writeString(c.type());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            for (Object[] row : rows) {
                g.writeStartArray();
                for (Object v : row) {
                    Json.writeValue(g, v);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            for (Map.Entry<String, Object> e : tail.entrySet()) {
                g.writeFieldName(e.getKey());
                Json.MAPPER.writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        complete(ctx);
    }

    /**
     * Ends the response now rather than when the handler returns: closing the generator's stream does not end a
     * chunked response, and whatever runs after the rows (a result's background write) would otherwise delay the
     * last chunk the client waits for.
     */
    private static void complete(Context ctx) {
        try {
            ctx.res().getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
