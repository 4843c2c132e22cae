package io.resultstore.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import io.resultstore.testing.SourcePostgres;
import io.resultstore.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL (password-protected) and a SQLite file as sources: tables are synced into the Parquet cache on
 * first use, read from it afterwards, refreshed and purged on request; secrets never come back.
 */
class ConnectionEndpointTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Http http;
    static String pgUrl;
    /** Every response body of this class, to check that the secret never appears in one. */
    static final List<String> bodies = new ArrayList<>();

    @BeforeAll
    static void start() throws SQLException {
        server = TestServer.builder(dir.resolve("data")).set("results.delete_grace", "0s").start();
        http = server.http();
        pgUrl = SourcePostgres.newDatabase();
        try (Connection c = SourcePostgres.owner(pgUrl); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE typed (
                        id integer PRIMARY KEY, small smallint, big bigint, price numeric(12,2), ratio numeric,
                        r real, d double precision, name text, code varchar(10), flag boolean, day date,
                        at timestamp, at_zone timestamptz, doc json, docb jsonb, ints integer[], tags text[],
                        uid uuid, raw bytea, span interval)""");
            st.execute("""
                    INSERT INTO typed VALUES
                    (1, 7, 9007199254740993, 12345.67, 1.5, 2.5, 3.25, 'ann', 'a-1', true, DATE '2024-02-29',
                     TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMPTZ '2024-01-02 03:04:05+02',
                     '{"a": 1}', '{"b": [1, 2]}', ARRAY[1, 2, 3], ARRAY['x', 'y, z', 'q"uote'],
                     'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\xdeadbeef', INTERVAL '1 day 2 hours'),
                    (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                     NULL, NULL, NULL, NULL),
                    (3, -32768, -9223372036854775808, -0.01, 1e-20, NULL, NULL, '', E'l1\nl2,"q"', false,
                     DATE '0001-01-01', TIMESTAMP '1970-01-01 00:00:00', NULL, 'null', '[]', ARRAY[]::int[],
                     ARRAY[NULL, '']::text[], NULL, '\\x', NULL)""");
            st.execute("CREATE SCHEMA sales");
            st.execute("CREATE TABLE sales.orders (id int, amount numeric(10,2))");
            st.execute("INSERT INTO sales.orders SELECT g, g * 1.5 FROM generate_series(1, 100) g");
            st.execute("CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE amount > 100");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        assertThat(String.join("\n", bodies)).doesNotContain(SourcePostgres.PASSWORD);
    }

    static Http.Response record(Http.Response r) {
        synchronized (bodies) {
            bodies.add(r.body());
        }
        return r;
    }

    static JsonNode createPg(String name) {
        Http.Response r = record(http.post("/connections", body(name, "postgres", pgUrl, SourcePostgres.PASSWORD)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static String body(String name, String type, String url, String secret) {
        var b = Json.MAPPER.createObjectNode().put("name", name).put("source_type", type);
        b.putObject("config").put("url", url).put("user", SourcePostgres.USER);
        if (secret != null) {
            b.put("secret", secret);
        }
        return b.toString();
    }

    static JsonNode rows(String sql) {
        Http.Response r = record(http.query(sql));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("rows");
    }

    @Test
    void everyTypeRoundTripsThroughTheCache() {
        createPg("types");
        JsonNode rows = rows("SELECT * FROM types.public.typed ORDER BY id");
        assertThat(rows).hasSize(3);
        JsonNode one = rows.get(0);
        assertThat(one.get(0).asInt()).isEqualTo(1);
        assertThat(one.get(1).asInt()).isEqualTo(7);
        assertThat(one.get(2).asText()).isEqualTo("9007199254740993");
        assertThat(one.get(3).asText()).isEqualTo("12345.67");
        assertThat(one.get(4).asDouble()).isEqualTo(1.5);
        assertThat(one.get(5).asDouble()).isEqualTo(2.5);
        assertThat(one.get(6).asDouble()).isEqualTo(3.25);
        assertThat(one.get(7).asText()).isEqualTo("ann");
        assertThat(one.get(8).asText()).isEqualTo("a-1");
        assertThat(one.get(9).asBoolean()).isTrue();
        assertThat(one.get(10).asText()).isEqualTo("2024-02-29");
        assertThat(one.get(11).asText()).startsWith("2024-01-02T03:04:05.123456");
        assertThat(one.get(12).asText()).isEqualTo("2024-01-02T01:04:05Z");
        assertThat(parse(one.get(13))).isEqualTo(parse("{\"a\": 1}"));
        assertThat(parse(one.get(14))).isEqualTo(parse("{\"b\": [1, 2]}"));
        assertThat(one.get(15).toString()).isEqualTo("[1,2,3]");
        assertThat(one.get(16).toString()).isEqualTo("[\"x\",\"y, z\",\"q\\\"uote\"]");
        assertThat(one.get(17).asText()).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(one.get(19).asText()).isEqualTo("1 day 02:00:00");
        JsonNode three = rows.get(2);
        assertThat(three.get(1).asInt()).isEqualTo(-32768);
        assertThat(three.get(2).asText()).isEqualTo("-9223372036854775808");
        assertThat(three.get(3).decimalValue()).isEqualByComparingTo("-0.01");
        assertThat(three.get(4).asDouble()).isEqualTo(1e-20);
        assertThat(three.get(7).isNull()).isFalse();
        assertThat(three.get(7).asText()).isEmpty();
        assertThat(three.get(8).asText()).isEqualTo("l1\nl2,\"q\"");
        assertThat(three.get(9).asBoolean()).isFalse();
        assertThat(three.get(10).asText()).isEqualTo("0001-01-01");
        assertThat(three.get(15).toString()).isEqualTo("[]");
        assertThat(three.get(16).toString()).isEqualTo("[null,\"\"]");
        assertThat(three.get(18).asText()).isEmpty();
        JsonNode two = rows.get(1);
        for (int i = 1; i < two.size(); i++) {
            assertThat(two.get(i).isNull()).as("column " + i).isTrue();
        }
        JsonNode types = rows("SELECT typeof(small), typeof(big), typeof(price), typeof(ratio), typeof(r), typeof(d),"
                + " typeof(flag), typeof(day), typeof(\"at\"), typeof(at_zone), typeof(doc), typeof(ints), typeof(tags),"
                + " typeof(uid), typeof(raw), octet_length(raw) FROM types.public.typed WHERE id = 1").get(0);
        assertThat(types.toString()).isEqualTo("[\"SMALLINT\",\"BIGINT\",\"DECIMAL(12,2)\",\"DOUBLE\",\"FLOAT\","
                + "\"DOUBLE\",\"BOOLEAN\",\"DATE\",\"TIMESTAMP\",\"TIMESTAMP WITH TIME ZONE\",\"JSON\",\"INTEGER[]\","
                + "\"VARCHAR[]\",\"UUID\",\"BLOB\",4]");
    }

    private static JsonNode parse(JsonNode v) {
        return v.isTextual() ? parse(v.asText()) : v;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void firstUseSyncsThenTheCacheAnswersUntilARefresh() throws SQLException {
        JsonNode conn = createPg("shop");
        String id = conn.path("id").asText();
        Http.Response shown = record(http.get("/connections/" + id));
        assertThat(shown.status()).isEqualTo(200);
        JsonNode orders = find(shown.json().path("tables"), "sales", "orders");
        assertThat(orders.path("synced").asBoolean()).isFalse();
        assertThat(find(shown.json().path("tables"), "sales", "big_orders").path("kind").asText()).isEqualTo("view");

        JsonNode sum = rows("SELECT count(*), sum(amount) FROM shop.sales.orders").get(0);
        assertThat(sum.get(0).asLong()).isEqualTo(100);
        assertThat(sum.get(1).decimalValue()).isEqualByComparingTo("7575.00");
        try (Connection c = SourcePostgres.owner(pgUrl); Statement st = c.createStatement()) {
            st.execute("INSERT INTO sales.orders VALUES (101, 1.00)");
        }
        // Answered from the cache: the new row is not there yet.
        assertThat(rows("SELECT count(*) FROM shop.sales.orders").get(0).get(0).asLong()).isEqualTo(100);
        JsonNode listed = find(record(http.get("/connections/" + id)).json().path("tables"), "sales", "orders");
        assertThat(listed.path("synced").asBoolean()).isTrue();
        assertThat(listed.path("row_count").asLong()).isEqualTo(100);
        assertThat(listed.path("synced_at").asText()).endsWith("Z");

        Http.Response refreshed = record(http.post("/connections/" + id + "/refresh", "{\"schema\":\"sales\"}"));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().path("tables").get(0).path("row_count").asLong()).isEqualTo(101);
        assertThat(rows("SELECT count(*) FROM shop.sales.orders").get(0).get(0).asLong()).isEqualTo(101);

        try (Connection c = SourcePostgres.owner(pgUrl); Statement st = c.createStatement()) {
            st.execute("INSERT INTO sales.orders VALUES (102, 1.00)");
        }
        Http.Response viaContract = record(http.post("/refresh", "{\"connection_id\":\"" + id
                + "\",\"schema\":\"sales\",\"table\":\"orders\"}"));
        assertThat(viaContract.status()).as(viaContract.body()).isEqualTo(200);
        assertThat(rows("SELECT count(*) FROM shop.sales.orders").get(0).get(0).asLong()).isEqualTo(102);

        Http.Response purged = record(http.delete("/connections/" + id + "/cache"));
        assertThat(purged.status()).isEqualTo(200);
        assertThat(purged.json().path("purged").asInt()).isEqualTo(1);
        assertThat(find(record(http.get("/connections/" + id)).json().path("tables"), "sales", "orders")
                .path("synced").asBoolean()).isFalse();
        // The next use syncs again.
        assertThat(rows("SELECT count(*) FROM \"shop\".\"sales\".\"orders\" WHERE id > 100").get(0).get(0).asLong())
                .isEqualTo(2);
        assertThat(rows("SELECT count(*) FROM shop.sales.big_orders").get(0).get(0).asLong()).isEqualTo(34);
    }

    static JsonNode find(JsonNode tables, String schema, String table) {
        for (JsonNode t : tables) {
            if (t.path("schema").asText().equals(schema) && t.path("table").asText().equals(table)) {
                return t;
            }
        }
        throw new AssertionError(schema + "." + table + " not in " + tables);
    }

    @Test
    void aWrongPasswordIsRefusedWithTheSourcesReasonAndNoSecret() {
        Http.Response r = record(http.post("/connections", body("wrong", "postgres", pgUrl, "not-" + SourcePostgres.PASSWORD)));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(r.errorMessage()).contains("password authentication failed").doesNotContain("not-pw");
        assertThat(record(http.get("/connections")).body()).doesNotContain("\"wrong\"");
        Http.Response noSecret = record(http.post("/connections", body("nosecret", "postgres", pgUrl, null)));
        assertThat(noSecret.status()).as(noSecret.body()).isEqualTo(400);
    }

    @Test
    void theSecretIsNeverReturnedAndUnknownNamesAreRefused() {
        JsonNode c = createPg("listed");
        assertThat(c.path("has_secret").asBoolean()).isTrue();
        assertThat(c.path("config").path("url").asText()).isEqualTo(pgUrl);
        assertThat(c.has("secret")).isFalse();
        String id = c.path("id").asText();
        assertThat(id).startsWith("conn").hasSize(30);
        Http.Response list = record(http.get("/connections"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(id);
        Http.Response health = record(http.get("/connections/" + id + "/health"));
        assertThat(health.json().path("status").asText()).isEqualTo("ok");
        Http.Response dup = record(http.post("/connections", body("listed", "postgres", pgUrl, SourcePostgres.PASSWORD)));
        assertThat(dup.status()).isEqualTo(409);

        Http.Response missing = record(http.query("SELECT * FROM listed.public.nope"));
        assertThat(missing.status()).as(missing.body()).isEqualTo(404);
        Http.Response unknown = record(http.query("SELECT * FROM nobody.public.typed"));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(403);

        assertThat(record(http.delete("/connections/" + id)).status()).isEqualTo(204);
        assertThat(record(http.get("/connections/" + id)).status()).isEqualTo(404);
        assertThat(record(http.query("SELECT * FROM listed.public.typed")).status()).isEqualTo(403);
    }

    @Test
    void anUnreachableSourceIsABadGatewayAndAnUnhealthyConnection() throws SQLException {
        String url = SourcePostgres.newDatabase();
        JsonNode c = record(http.post("/connections", body("doomed", "postgres", url, SourcePostgres.PASSWORD))).json();
        String id = c.path("id").asText();
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://localhost:" + SourcePostgres.port()
                + "/postgres", "postgres", ""); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE " + url.substring(url.lastIndexOf('/') + 1) + " WITH (FORCE)");
        }
        Http.Response health = record(http.get("/connections/" + id + "/health"));
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("unreachable");
        assertThat(health.json().path("message").asText()).contains("does not exist");
        Http.Response q = record(http.query("SELECT * FROM doomed.public.t"));
        assertThat(q.status()).as(q.body()).isEqualTo(502);
        assertThat(q.errorCode()).isEqualTo("BAD_GATEWAY");
        JsonNode schema = record(http.get("/information_schema")).json();
        assertThat(schema.path("errors").toString()).contains("doomed");
        record(http.delete("/connections/" + id));
    }

    @Test
    void informationSchemaListsDatasetsConnectionTablesAndCountsResults() {
        createPg("infos");
        rows("SELECT count(*) FROM infos.sales.orders");
        Http.Response r = record(http.get("/information_schema"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode tables = r.json().path("tables");
        JsonNode orders = null;
        JsonNode typed = null;
        for (JsonNode t : tables) {
            if (t.path("connection").asText().equals("infos")) {
                if (t.path("table").asText().equals("orders")) {
                    orders = t;
                } else if (t.path("table").asText().equals("typed")) {
                    typed = t;
                }
            }
        }
        assertThat(orders).isNotNull();
        assertThat(orders.path("synced").asBoolean()).isTrue();
        assertThat(orders.path("sql_name").asText()).isEqualTo("\"infos\".\"sales\".\"orders\"");
        assertThat(typed.path("synced").asBoolean()).isFalse();
        assertThat(typed.path("synced_at").isNull()).isTrue();
        assertThat(r.json().path("results").path("count").asLong()).isGreaterThanOrEqualTo(0);
    }
}
