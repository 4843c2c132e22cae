package io.resultstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code openapi.json} as the tests read it: its operations, and whether an answer is one the document describes
 * (status listed, content type listed, JSON body valid against the schema there).
 */
final class OpenApiDocument {
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "head", "patch", "options");
    /** The document's base IRI for the validator; {@code $ref}s inside it resolve against it. */
    private static final String BASE = "urn:resultstore:openapi.json";

    private final String text;
    private final JsonNode root;
    private final SchemaRegistry registry;

    private OpenApiDocument(String text) {
        this.text = text;
        try {
            this.root = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                b -> b.schemas(Map.of(BASE, text)).schemaRegistryConfig(config));
    }

    /** The document in the jar, as {@code GET /openapi.json} serves it. */
    static OpenApiDocument fromResource() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
            return new OpenApiDocument(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text() {
        return text;
    }

    JsonNode root() {
        return root;
    }

    /** Every operation as {@code "GET /results/{id}"}. */
    Set<String> operations() {
        Set<String> ops = new TreeSet<>();
        root.path("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            if (METHODS.contains(m.getKey())) {
                ops.add(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }));
        return ops;
    }

    /**
     * Asserts that the document describes this answer to {@code method path} (a path template of the document):
     * its status is listed, its content type is one of the listed ones, and a JSON body is valid against the schema.
     */
    void assertDescribes(String method, String path, Http.Response response) {
        String where = method + " " + path + " → " + response.status();
        JsonNode operation = root.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isObject()).as("%s: operation in the document", where).isTrue();
        String responsePointer = "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/"
                + response.status();
        JsonNode described = operation.path("responses").path(Integer.toString(response.status()));
        assertThat(described.isObject()).as("%s: status documented; body %s", where, response.body()).isTrue();
        if (described.has("$ref")) {
            responsePointer = described.get("$ref").asText().substring(1);
            described = at(responsePointer);
        }
        JsonNode content = described.path("content");
        Optional<String> contentType = response.raw().headers().firstValue("Content-Type")
                .map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
        if (content.isMissingNode() || content.isEmpty()) {
            assertThat(response.raw().body()).as("%s: no body documented", where).isEmpty();
            return;
        }
        assertThat(contentType).as("%s: content type", where).isPresent();
        assertThat(content.has(contentType.get())).as("%s: content type %s documented (%s)", where, contentType.get(),
                content).isTrue();
        if (contentType.get().equals("application/json") && !method.equals("HEAD")) {
            assertValid(responsePointer + "/content/" + escape(contentType.get()) + "/schema", response.json(), where);
        }
    }

    /** Asserts that {@code value} is valid against {@code #/components/schemas/<name>}. */
    void assertValidAgainst(String schemaName, JsonNode value) {
        assertValid("/components/schemas/" + schemaName, value, schemaName);
    }

    private void assertValid(String pointer, JsonNode value, String where) {
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + "#" + pointer.replace("{", "%7B")
                .replace("}", "%7D")));
        List<Error> errors = schema.validate(value);
        List<String> messages = new ArrayList<>(errors.stream().map(Error::toString).toList());
        assertThat(messages).as("%s: body %s against %s", where, value, pointer).isEmpty();
    }

    private JsonNode at(String pointer) {
        JsonNode node = root.at(pointer);
        assertThat(node.isMissingNode()).as("%s in the document", pointer).isFalse();
        return node;
    }

    /** A JSON pointer token: {@code ~} and {@code /} escaped. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
