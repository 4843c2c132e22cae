package io.resultstore.http;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.resultstore.common.Times;
import io.resultstore.connection.CachedTable;
import io.resultstore.connection.ConnectionService;
import io.resultstore.connection.SourceConnection;
import io.resultstore.dataset.Dataset;
import io.resultstore.dataset.DatasetService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@code GET /information_schema}: every table a statement can name. Datasets, every connection's tables (as its
 * source lists them, synced or not, plus synced ones it no longer lists) and how many results are ready
 * (results are not listed one by one: there may be millions; {@code GET /results} pages through them).
 */
final class InformationSchemaRoutes {
    private static final int PAGE = 1000;

    private final DatasetService datasets;
    private final ConnectionService connections;
    private final LongSupplier readyResults;

    InformationSchemaRoutes(DatasetService datasets, ConnectionService connections, LongSupplier readyResults) {
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.readyResults = requireNonNull(readyResults, "readyResults is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/information_schema", this::list);
    }

    private void list(Context ctx) {
        List<Map<String, Object>> tables = new ArrayList<>();
        Optional<String> after = Optional.empty();
        while (true) {
            List<Dataset> page = datasets.list(after, PAGE);
            for (Dataset d : page) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("kind", "dataset");
                t.put("sql_name", "datasets.\"" + d.tableName() + "\"");
                t.put("schema", "datasets");
                t.put("table", d.tableName());
                t.put("dataset_id", d.id());
                t.put("row_count", d.rowCount());
                t.put("updated_at", Times.format(d.updatedAt()));
                tables.add(t);
            }
            if (page.size() < PAGE) {
                break;
            }
            after = Optional.of(page.get(page.size() - 1).id());
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (SourceConnection c : connections.list()) {
            ConnectionService.Tables listed = connections.tables(c);
            for (ConnectionService.Listed l : listed.tables()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("kind", "connection");
                t.put("sql_name", ConnectionRoutes.sqlName(c.name(), l.table().schema(), l.table().table()));
                t.put("connection", c.name());
                t.put("connection_id", c.id());
                t.put("schema", l.table().schema());
                t.put("table", l.table().table());
                t.put("synced", l.cached().isPresent());
                t.put("synced_at", l.cached().map(x -> Times.format(x.syncedAt())).orElse(null));
                t.put("row_count", l.cached().map(CachedTable::rowCount).orElse(null));
                tables.add(t);
            }
            listed.error().ifPresent(e -> errors.add(Map.of("connection", c.name(), "message", e)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tables", tables);
        body.put("results", Map.of("count", readyResults.getAsLong(), "sql_name", "results.\"<result_id>\""));
        body.put("errors", errors);
        JsonIo.write(ctx, 200, body);
    }
}
