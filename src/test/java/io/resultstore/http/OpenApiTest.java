package io.resultstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.resultstore.common.Json;
import io.resultstore.testing.ForwardingCatalog;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /openapi.json} describes exactly the routes the server registers. */
class OpenApiTest {
    /** Makes the catalog's ping fail, for the unhealthy {@code /health}. */
    static final AtomicBoolean catalogDown = new AtomicBoolean();

    @RegisterExtension
    static final SharedServer server = new SharedServer(b -> b.wrapCatalog(real -> new ForwardingCatalog(real) {
        @Override
        public void ping() {
            if (catalogDown.get()) {
                throw new IllegalStateException("catalog down");
            }
            super.ping();
        }
    }));
    static final Http http = server.http();
    static final OpenApiDocument document = OpenApiDocument.fromResource();

    private static final Pattern PARAMETER = Pattern.compile("\\{[^/}]+}|<[^>]+>");

    @Test
    void theDocumentIsOpenApi31WithComponentsAndRefsThatResolve() {
        JsonNode root = document.root();
        assertThat(root.path("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(root.path("info").path("title").asText()).isEqualTo("ResultStore");
        assertThat(root.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        List<String> refs = new ArrayList<>();
        collectRefs(root, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(root.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        });
        document.assertValidAgainst("OpenApiDocument", root);
        // The OpenAPI Initiative's schema of 3.1 documents (2022-10-07), Schema Objects left to the dialect.
        Schema official = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(OpenApiTest.class.getResourceAsStream("/openapi-3.1-schema.json"));
        assertThat(official.validate(root)).isEmpty();
        assertThat(official.validate(Json.MAPPER.createObjectNode().put("openapi", "3.1.0"))).as("no info").isNotEmpty();
    }

    @Test
    void anAnswerTheDocumentDoesNotDescribeFailsTheCheck() throws Exception {
        var wrongCode = Json.MAPPER.readTree("{\"error\": {\"code\": \"OOPS\", \"message\": \"m\"}}");
        var extraField = Json.MAPPER.readTree("{\"id\": \"qrun" + "0".repeat(26)
                + "\", \"status\": \"canceled\", \"extra\": 1}");
        var badTimestamp = Json.MAPPER.readTree("\"2026-01-01T00:00:00+01:00\"");
        assertThatThrownBy(() -> document.assertValidAgainst("Error", wrongCode))
                .isInstanceOf(AssertionError.class).hasMessageContaining("OOPS");
        assertThatThrownBy(() -> document.assertValidAgainst("QueryRunCanceled", extraField))
                .isInstanceOf(AssertionError.class).hasMessageContaining("extra");
        assertThatThrownBy(() -> document.assertValidAgainst("Timestamp", badTimestamp))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void theServerServesTheDocumentAsJson() {
        Http.Response r = http.get("/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.json()).isEqualTo(document.root());
        document.assertDescribes("GET", "/openapi.json", r);
    }

    @Test
    void anUnhealthyServerAnswersHealthAsDocumented() {
        catalogDown.set(true);
        try {
            Http.Response r = http.get("/health");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.errorCode()).isEqualTo("UNAVAILABLE");
            document.assertDescribes("GET", "/health", r);
        } finally {
            catalogDown.set(false);
        }
        document.assertDescribes("GET", "/health", http.get("/health"));
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedOperationIsRegistered() {
        List<String> routes = server.server().app().httpRoutes();
        Set<String> operations = document.operations();
        assertThat(routes).as("routes as Javalin holds them").contains("GET /health", "GET /results/{id}");

        Set<String> undocumented = new TreeSet<>();
        for (String route : routes) {
            if (operations.stream().noneMatch(op -> matches(route, op))) {
                undocumented.add(route);
            }
        }
        Set<String> unrouted = new TreeSet<>();
        for (String op : operations) {
            if (routes.stream().noneMatch(route -> matches(route, op))) {
                unrouted.add(op);
            }
        }
        assertThat(undocumented).as("registered routes missing from openapi.json").isEmpty();
        assertThat(unrouted).as("operations in openapi.json no route serves").isEmpty();
    }

    @Test
    void pathTemplatesAreComparedWithoutParameterNames() {
        assertThat(matches("GET /results/{id}", "GET /results/{result_id}")).isTrue();
        assertThat(matches("GET /results/{id}", "GET /results/{id}/data")).isFalse();
        assertThat(matches("GET /results/{id}", "DELETE /results/{id}")).isFalse();
        assertThat(matches("GET /api/result/<path>", "GET /api/result/{execution_id}/list")).isTrue();
        assertThat(matches("GET /api/result/<path>", "GET /api/result")).isFalse();
    }

    /**
     * Whether a Javalin route ({@code {id}} one segment, {@code <path>} the rest of the path) serves a documented
     * operation (OpenAPI {@code {id}} one segment). Parameter names do not matter.
     */
    static boolean matches(String route, String operation) {
        String[] r = route.split(" ", 2);
        String[] o = operation.split(" ", 2);
        if (!r[0].equals(o[0])) {
            return false;
        }
        StringBuilder regex = new StringBuilder();
        Matcher m = PARAMETER.matcher(r[1]);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(r[1].substring(last, m.start())));
            regex.append(m.group().startsWith("{") ? "\\{[^/}]+}" : ".+");
            last = m.end();
        }
        regex.append(Pattern.quote(r[1].substring(last)));
        return o[1].matches(regex.toString());
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
