package io.resultstore.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.resultstore.common.Hashing;
import io.resultstore.common.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides, from DuckDB's serialized syntax tree, whether a statement yields the same rows every time its inputs
 * are the same, and if so names it by a hash of that tree. Location fields are dropped first, so whitespace,
 * keyword case and comments do not change the name; literals, aliases and names do.
 *
 * <p>Only statements whose inputs cannot change qualify: literals, the generating table functions, and
 * {@code results."<id>"} (a result never changes once ready). A dataset or a connection's table can be replaced
 * under the same name, so a statement reading one is never reused. Determinism of functions comes from the
 * engine's own catalog ({@code duckdb_functions().stability}), not from a list kept here: a function qualifies
 * only when every overload is {@code CONSISTENT}, so {@code random()}, {@code uuid()}, {@code nextval()} and the
 * per-query clock functions ({@code now()}, {@code current_date}) never do. Sampling ({@code TABLESAMPLE},
 * {@code USING SAMPLE}) never does either.
 */
final class ReuseFingerprint {
    /** Keywords the parser leaves as column references and the binder turns into clock or session functions. */
    private static final Set<String> SPECIAL_COLUMNS = Set.of("current_timestamp", "current_date", "current_time",
            "localtime", "localtimestamp", "current_user", "current_role", "session_user", "user",
            "current_catalog", "current_schema", "current_database");

    private static final Set<String> FUNCTION_CLASSES = Set.of("FUNCTION", "WINDOW", "AGGREGATE");

    private final Set<String> consistentFunctions;

    private ReuseFingerprint(Set<String> consistentFunctions) {
        this.consistentFunctions = Set.copyOf(consistentFunctions);
    }

    /**
     * Reads the engine's function catalog once. A built-in macro has no stability of its own; it counts as
     * consistent when its definition names no function that is not.
     */
    static ReuseFingerprint load(Connection connection) {
        Set<String> consistent = new HashSet<>();
        Set<String> inconsistent = new HashSet<>();
        Map<String, String> macros = new HashMap<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT lower(function_name), stability, macro_definition
                        FROM duckdb_functions() WHERE function_type IN ('scalar', 'aggregate', 'macro')""")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String stability = rs.getString(2);
                String macro = rs.getString(3);
                if ("CONSISTENT".equals(stability)) {
                    consistent.add(name);
                } else if (macro != null && stability == null) {
                    macros.merge(name, macro, (a, b) -> a + " " + b);
                } else {
                    inconsistent.add(name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the engine's function catalog", e);
        }
        Pattern anyInconsistent = Pattern.compile("\\b(" + String.join("|",
                inconsistent.stream().map(Pattern::quote).toList()) + ")\\s*\\(", Pattern.CASE_INSENSITIVE);
        macros.forEach((name, definition) -> {
            if (!anyInconsistent.matcher(definition).find()) {
                consistent.add(name);
            }
        });
        consistent.removeAll(inconsistent);
        return new ReuseFingerprint(consistent);
    }

    /** The statement's reuse key, or empty when its rows may differ between two runs over the same inputs. */
    Optional<String> of(JsonNode statements) {
        if (!deterministic(statements)) {
            return Optional.empty();
        }
        JsonNode normalized = statements.deepCopy();
        dropLocations(normalized);
        try {
            return Optional.of("duckdb:" + Hashing.sha256Hex(Json.MAPPER.writeValueAsString(normalized)));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private boolean deterministic(JsonNode node) {
        if (node.isObject()) {
            if (node.path("sample").isObject()) {
                return false;
            }
            String cls = node.path("class").asText("");
            String type = node.path("type").asText("");
            if (FUNCTION_CLASSES.contains(cls)
                    && !consistentFunctions.contains(node.path("function_name").asText("").toLowerCase(Locale.ROOT))) {
                return false;
            }
            if (cls.equals("COLUMN_REF") && node.path("column_names").size() == 1
                    && SPECIAL_COLUMNS.contains(node.path("column_names").get(0).asText("").toLowerCase(Locale.ROOT))) {
                return false;
            }
            if (type.equals("BASE_TABLE") && !node.path("catalog_name").asText("").isEmpty()) {
                return false;
            }
            if (type.equals("BASE_TABLE") && !node.path("schema_name").asText("").isEmpty()
                    && !node.path("schema_name").asText("").equalsIgnoreCase(StatementPolicy.RESULTS_SCHEMA)) {
                return false;
            }
            if (type.equals("TABLE_FUNCTION")) {
                // The function itself is one of the policy's generators; its arguments are still expressions.
                JsonNode function = node.path("function");
                for (JsonNode argument : function.path("children")) {
                    if (!deterministic(argument)) {
                        return false;
                    }
                }
                return deterministicChildren(node, "function");
            }
        }
        return deterministicChildren(node, null);
    }

    private boolean deterministicChildren(JsonNode node, String skipField) {
        if (!node.isContainerNode()) {
            return true;
        }
        if (node.isArray()) {
            for (JsonNode child : node) {
                if (!deterministic(child)) {
                    return false;
                }
            }
            return true;
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (!field.getKey().equals(skipField) && !deterministic(field.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static void dropLocations(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("query_location");
        }
        for (JsonNode child : node) {
            dropLocations(child);
        }
    }
}
