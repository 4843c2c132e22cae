package io.resultstore.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.resultstore.common.Ids;
import io.resultstore.common.Times;
import io.resultstore.dataset.Dataset;
import io.resultstore.dataset.DatasetService;
import io.resultstore.dataset.FileFormat;
import io.resultstore.dataset.Upload;
import io.resultstore.dataset.UploadService;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code POST /v1/files}, {@code /v1/datasets} and {@code /v1/datasets/{id}}. Unknown request fields are ignored. */
final class DatasetRoutes {
    /** The one route whose body is streamed to disk instead of read whole; {@code server.max_body} does not apply. */
    static final String FILES = "/v1/files";

    private final UploadService uploads;
    private final DatasetService datasets;

    DatasetRoutes(UploadService uploads, DatasetService datasets) {
        this.uploads = requireNonNull(uploads, "uploads is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
    }

    void register(RoutesConfig routes) {
        routes.post(FILES, this::upload);
        routes.post("/v1/datasets", this::create);
        routes.get("/v1/datasets", this::list);
        routes.get("/v1/datasets/{id}", ctx -> JsonIo.write(ctx, 200, view(datasets.require(ctx.pathParam("id")))));
        routes.put("/v1/datasets/{id}", this::update);
        routes.delete("/v1/datasets/{id}", ctx -> {
            datasets.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
    }

    private void upload(Context ctx) throws IOException {
        Upload u = uploads.receive(ctx.req().getInputStream(), Optional.ofNullable(ctx.header("Content-Type")),
                ctx.req().getContentLengthLong());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", u.id());
        body.put("size_bytes", u.sizeBytes());
        body.put("sha256", u.sha256());
        body.put("content_type", u.contentType());
        body.put("created_at", Times.format(u.createdAt()));
        body.put("expires_at", Times.format(u.expiresAt()));
        JsonIo.write(ctx, 201, body);
    }

    private void create(Context ctx) {
        ObjectNode body = JsonIo.objectBody(ctx);
        Optional<String> fromResult = JsonIo.optionalString(body, "from_result");
        DatasetService.Source source;
        if (fromResult.isPresent()) {
            if (body.hasNonNull("upload_id")) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "give either upload_id or from_result, not both");
            }
            source = new DatasetService.FromResult(fromResult.get());
        } else {
            source = uploadSource(body).orElseThrow(() -> new ApiException(ErrorCode.UNPROCESSABLE,
                    "missing required field 'upload_id' (or 'from_result')"));
        }
        String table = JsonIo.requiredString(body, "table_name");
        String label = JsonIo.optionalString(body, "label").orElse(table);
        JsonIo.write(ctx, 201, view(datasets.create(label, table, source)));
    }

    private void update(Context ctx) {
        String id = ctx.pathParam("id");
        if (!Ids.isValid(Ids.DATASET, id)) {
            datasets.require(id);
        }
        ObjectNode body = JsonIo.objectBody(ctx);
        Optional<String> label = JsonIo.optionalString(body, "label");
        Optional<String> table = JsonIo.optionalString(body, "table_name");
        Optional<DatasetService.Source> source = uploadSource(body);
        if (label.isEmpty() && table.isEmpty() && source.isEmpty()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "nothing to change: give label, table_name or upload_id");
        }
        JsonIo.write(ctx, 200, view(datasets.update(id, label, table, source)));
    }

    private static Optional<DatasetService.Source> uploadSource(ObjectNode body) {
        Optional<String> upload = JsonIo.optionalString(body, "upload_id");
        Optional<FileFormat> format = JsonIo.optionalString(body, "format").map(FileFormat::fromWire);
        Map<String, String> columns = columns(body.get("columns"));
        if (upload.isEmpty()) {
            if (format.isPresent() || !columns.isEmpty()) {
                throw new ApiException(ErrorCode.UNPROCESSABLE, "format and columns apply only with upload_id");
            }
            return Optional.empty();
        }
        return Optional.of(new DatasetService.FromUpload(upload.get(), format, columns));
    }

    /** {@code {"name": "TYPE", …}}: declared column types for a CSV or JSON upload. */
    private static Map<String, String> columns(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject() || node.isEmpty() || node.size() > 10_000) {
            throw new ApiException(ErrorCode.UNPROCESSABLE,
                    "field 'columns' must be an object of column name to type name");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual() || e.getKey().isEmpty()) {
                throw new ApiException(ErrorCode.UNPROCESSABLE,
                        "field 'columns' must be an object of column name to type name");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private void list(Context ctx) {
        int limit = JsonIo.clampedParam(ctx, "limit", 100, 1, 1000);
        Optional<String> cursor = Optional.ofNullable(ctx.queryParam("cursor")).filter(c -> !c.isEmpty());
        if (cursor.isPresent() && !Ids.isValid(Ids.DATASET, cursor.get())) {
            throw ApiException.badRequest("cursor must be a dataset id from next_cursor");
        }
        List<Dataset> page = datasets.list(cursor, limit + 1);
        List<Map<String, Object>> items = page.stream().limit(limit).map(DatasetRoutes::view).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("datasets", items);
        body.put("count", items.size());
        body.put("next_cursor", page.size() > limit ? page.get(limit - 1).id() : null);
        JsonIo.write(ctx, 200, body);
    }

    static Map<String, Object> view(Dataset d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("label", d.label());
        m.put("table_name", d.tableName());
        m.put("columns", columnsView(d.columns()));
        m.put("row_count", d.rowCount());
        m.put("bytes", d.bytes());
        m.put("created_at", Times.format(d.createdAt()));
        m.put("updated_at", Times.format(d.updatedAt()));
        return m;
    }

    static List<Map<String, Object>> columnsView(List<io.resultstore.engine.Column> columns) {
        return columns.stream().map(c -> {
            Map<String, Object> col = new LinkedHashMap<>();
            col.put("name", c.name());
            col.put("type", c.type());
            col.put("nullable", c.nullable());
            return col;
        }).toList();
    }
}
