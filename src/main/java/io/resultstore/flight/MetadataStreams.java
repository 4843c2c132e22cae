package io.resultstore.flight;

import static java.util.Objects.requireNonNull;

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
 * What a JDBC tool's browser lists: no catalogs (names are {@code schema.table}), the schema {@code results}
 * whose tables are the ready results by id, of type {@code TABLE}. Rows go out in batches of {@link #BATCH}.
 */
final class MetadataStreams {
    static final String RESULTS_SCHEMA = "results";
    static final String TABLE_TYPE = "TABLE";
    private static final int BATCH = 1000;
    private static final byte[] NO_COLUMNS = new Schema(List.of()).serializeAsMessage();

    private final ResultService results;
    private final BufferAllocator allocator;

    MetadataStreams(ResultService results, BufferAllocator allocator) {
        this.results = requireNonNull(results, "results is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

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
            if (catalogMatches(command.hasCatalog(), command.getCatalog()) && schemaMatches.test(RESULTS_SCHEMA)) {
                schema.setSafe(rows++, utf8(RESULTS_SCHEMA));
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

    void tables(CommandGetTables command, ServerStreamListener listener) {
        Schema schema = command.getIncludeSchema() ? FlightSqlProducer.Schemas.GET_TABLES_SCHEMA
                : FlightSqlProducer.Schemas.GET_TABLES_SCHEMA_NO_SCHEMA;
        boolean listed = catalogMatches(command.hasCatalog(), command.getCatalog())
                && like(command.hasDbSchemaFilterPattern() ? Optional.of(command.getDbSchemaFilterPattern())
                        : Optional.empty()).test(RESULTS_SCHEMA)
                && (command.getTableTypesCount() == 0 || command.getTableTypesList().contains(TABLE_TYPE));
        Predicate<String> tableMatches = like(command.hasTableNameFilterPattern()
                ? Optional.of(command.getTableNameFilterPattern()) : Optional.empty());
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            listener.start(root);
            int offset = 0;
            while (listed) {
                List<Result> page = results.list(Optional.of(ResultStatus.READY), BATCH, offset);
                offset += page.size();
                root.allocateNew();
                int rows = 0;
                for (Result r : page) {
                    if (tableMatches.test(r.id())) {
                        ((VarCharVector) root.getVector("db_schema_name")).setSafe(rows, utf8(RESULTS_SCHEMA));
                        ((VarCharVector) root.getVector("table_name")).setSafe(rows, utf8(r.id()));
                        ((VarCharVector) root.getVector("table_type")).setSafe(rows, utf8(TABLE_TYPE));
                        if (command.getIncludeSchema()) {
                            // Column types are known once a statement reads the table; the listing does not open
                            // every result's file to learn them.
                            ((VarBinaryVector) root.getVector("table_schema")).setSafe(rows, NO_COLUMNS);
                        }
                        rows++;
                    }
                }
                root.setRowCount(rows);
                if (rows > 0) {
                    listener.putNext();
                }
                listed = page.size() == BATCH;
            }
            listener.completed();
        }
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
