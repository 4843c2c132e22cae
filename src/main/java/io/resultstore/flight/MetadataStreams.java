package io.resultstore.flight;

import static java.util.Objects.requireNonNull;

import io.resultstore.dataset.Dataset;
import io.resultstore.dataset.DatasetService;
import io.resultstore.engine.Column;
import io.resultstore.result.Result;
import io.resultstore.result.ResultService;
import io.resultstore.result.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a JDBC tool's browser lists: no catalogs (names are {@code schema.table}), the schema {@code datasets}
 * whose tables are the live datasets by table name, and the schema {@code results} whose tables are the ready
 * results by id, all of type {@code TABLE}, with their columns when asked for. Rows go out in batches of
 * {@link #BATCH}.
 */
final class MetadataStreams {
    static final String DATASETS_SCHEMA = "datasets";
    static final String RESULTS_SCHEMA = "results";
    static final String TABLE_TYPE = "TABLE";
    private static final int BATCH = 1000;

    private final ResultService results;
    private final DatasetService datasets;
    private final BufferAllocator allocator;

    MetadataStreams(ResultService results, DatasetService datasets, BufferAllocator allocator) {
        this.results = requireNonNull(results, "results is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    /** A listed table: its schema, name and columns. */
    private record Table(String schema, String name, List<Column> columns) {}

    void catalogs(ServerStreamListener listener) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(FlightSqlProducer.Schemas.GET_CATALOGS_SCHEMA, allocator)) {
            root.setRowCount(0);
            listener.start(root);
            listener.putNext();
            listener.completed();
        }
    }

    void schemas(CommandGetDbSchemas command, ServerStreamListener listener) {
        Predicate<String> schemaMatches = like(command.hasDbSchemaFilterPattern()
                ? Optional.of(command.getDbSchemaFilterPattern()) : Optional.empty());
        try (VectorSchemaRoot root = VectorSchemaRoot.create(FlightSqlProducer.Schemas.GET_SCHEMAS_SCHEMA, allocator)) {
            VarCharVector schema = (VarCharVector) root.getVector("db_schema_name");
            int rows = 0;
            for (String name : List.of(DATASETS_SCHEMA, RESULTS_SCHEMA)) {
                if (catalogMatches(command.hasCatalog(), command.getCatalog()) && schemaMatches.test(name)) {
                    schema.setSafe(rows++, utf8(name));
                }
            }
            root.setRowCount(rows);
            listener.start(root);
            listener.putNext();
            listener.completed();
        }
    }

    void tableTypes(ServerStreamListener listener) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(FlightSqlProducer.Schemas.GET_TABLE_TYPES_SCHEMA, allocator)) {
            ((VarCharVector) root.getVector("table_type")).setSafe(0, utf8(TABLE_TYPE));
            root.setRowCount(1);
            listener.start(root);
            listener.putNext();
            listener.completed();
        }
    }

    /** The datasets, then the ready results, that match the command's filters, a page of the catalog at a time. */
    void tables(CommandGetTables command, ServerStreamListener listener) {
        Schema schema = command.getIncludeSchema() ? FlightSqlProducer.Schemas.GET_TABLES_SCHEMA
                : FlightSqlProducer.Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
        Predicate<String> schemaMatches = like(command.hasDbSchemaFilterPattern()
                ? Optional.of(command.getDbSchemaFilterPattern()) : Optional.empty());
        boolean any = catalogMatches(command.hasCatalog(), command.getCatalog())
                && (command.getTableTypesCount() == 0 || command.getTableTypesList().contains(TABLE_TYPE));
        Predicate<String> tableMatches = like(command.hasTableNameFilterPattern()
                ? Optional.of(command.getTableNameFilterPattern()) : Optional.empty());
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            listener.start(root);
            if (any && schemaMatches.test(DATASETS_SCHEMA)) {
                Optional<String> after = Optional.empty();
                List<Dataset> page;
                do {
                    page = datasets.list(after, BATCH);
                    after = page.isEmpty() ? after : Optional.of(page.get(page.size() - 1).id());
                    send(root, listener, page.stream().map(d -> new Table(DATASETS_SCHEMA, d.tableName(), d.columns()))
                            .filter(t -> tableMatches.test(t.name())).toList(), command.getIncludeSchema());
                } while (page.size() == BATCH);
            }
            if (any && schemaMatches.test(RESULTS_SCHEMA)) {
                int offset = 0;
                List<Result> page;
                do {
                    page = results.list(Optional.of(ResultStatus.READY), BATCH, offset);
                    offset += page.size();
                    send(root, listener, page.stream().map(r -> new Table(RESULTS_SCHEMA, r.id(), r.columns()))
                            .filter(t -> tableMatches.test(t.name())).toList(), command.getIncludeSchema());
                } while (page.size() == BATCH);
            }
            listener.completed();
        }
    }

    private static void send(VectorSchemaRoot root, ServerStreamListener listener, List<Table> tables,
            boolean includeSchema) {
        if (tables.isEmpty()) {
            return;
        }
        root.allocateNew();
        int rows = 0;
        for (Table t : tables) {
            ((VarCharVector) root.getVector("db_schema_name")).setSafe(rows, utf8(t.schema()));
            ((VarCharVector) root.getVector("table_name")).setSafe(rows, utf8(t.name()));
            ((VarCharVector) root.getVector("table_type")).setSafe(rows, utf8(TABLE_TYPE));
            if (includeSchema) {
                ((VarBinaryVector) root.getVector("table_schema")).setSafe(rows,
                        ColumnSchemas.of(t.columns()).serializeAsMessage());
            }
            rows++;
        }
        root.setRowCount(rows);
        listener.putNext();
    }

    private static boolean catalogMatches(boolean given, String catalog) {
        return !given || catalog.isEmpty();
    }

    /** A Flight SQL filter pattern: SQL LIKE, {@code %} any run of characters, {@code _} one character. */
    static Predicate<String> like(Optional<String> pattern) {
        if (pattern.isEmpty()) {
            return name -> true;
        }
        StringBuilder regex = new StringBuilder();
        String p = pattern.get();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                regex.append(Pattern.quote(String.valueOf(p.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Pattern compiled = Pattern.compile(regex.toString(), Pattern.DOTALL);
        return name -> compiled.matcher(name).matches();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
