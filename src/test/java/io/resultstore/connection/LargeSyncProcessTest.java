package io.resultstore.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import io.resultstore.testing.ServerProcess;
import io.resultstore.testing.SourcePostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server as its own JVM with a 256 MiB heap syncs a million-row PostgreSQL table (the rows stream
 * through; they never sit in the heap together), and its whole log never shows a secret, right or wrong.
 */
class LargeSyncProcessTest {
    private static final int ROWS = 1_000_000;
    private static final Pattern SYNCED = Pattern.compile("synced: (\\d+) rows, (\\d+) bytes in (\\d+) ms");

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void aMillionRowTableSyncsInA256MiBHeapAndNoSecretIsEverLogged() throws Exception {
        String url = SourcePostgres.newDatabase();
        try (Connection c = SourcePostgres.owner(url); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE events (id bigint, name text, amount numeric(12,2), happened timestamptz, ok boolean,"
                    + " note text)");
            st.execute("INSERT INTO events SELECT g, 'event-' || g, g / 100.0, TIMESTAMPTZ '2024-01-01' + g * INTERVAL"
                    + " '1 second', g % 2 = 0, CASE WHEN g % 10 = 0 THEN NULL ELSE repeat('x', 40) END"
                    + " FROM generate_series(1, " + ROWS + ") g");
        }
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), Map.of(), "256m")) {
            Http http = server.http();
            String wrong = "wrong-" + SourcePostgres.PASSWORD;
            assertThat(http.post("/connections", body("bad", url, wrong)).status()).isEqualTo(400);
            Http.Response created = http.post("/connections", body("big", url, SourcePostgres.PASSWORD));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path("id").asText();
            assertThat(http.get("/connections/" + id + "/health").json().path("status").asText()).isEqualTo("ok");

            Http.Response q = http.query("SELECT count(*), count(note), sum(id), max(happened) FROM big.public.events");
            assertThat(q.status()).as(q.body()).isEqualTo(200);
            JsonNode row = q.json().path("rows").get(0);
            assertThat(row.get(0).asLong()).isEqualTo(ROWS);
            assertThat(row.get(1).asLong()).isEqualTo(ROWS - ROWS / 10);
            assertThat(row.get(2).decimalValue()).isEqualByComparingTo(String.valueOf((long) ROWS * (ROWS + 1) / 2));
            assertThat(row.get(3).asText()).isEqualTo("2024-01-12T13:46:40Z");
            // A second statement reads the cache: no second sync.
            assertThat(http.query("SELECT count(*) FROM big.public.events WHERE ok").json().path("rows").get(0).get(0)
                    .asLong()).isEqualTo(ROWS / 2);

            String log = server.output();
            assertThat(log).doesNotContain("OutOfMemoryError");
            assertThat(log).doesNotContain(SourcePostgres.PASSWORD).doesNotContain("wrong-pw");
            Matcher m = SYNCED.matcher(log);
            assertThat(m.find()).as(log).isTrue();
            assertThat(m.group(1)).isEqualTo(String.valueOf(ROWS));
            long ms = Long.parseLong(m.group(3));
            System.out.printf("synced %d rows (%d bytes of Parquet) in %d ms: %.0f rows/s%n", ROWS,
                    Long.parseLong(m.group(2)), ms, ROWS * 1000.0 / Math.max(1, ms));
            assertThat(m.find()).as("one sync only").isFalse();
        }
    }

    private static String body(String name, String url, String secret) {
        var b = Json.MAPPER.createObjectNode().put("name", name).put("source_type", "postgres").put("secret", secret);
        b.putObject("config").put("url", url).put("user", SourcePostgres.USER);
        return b.toString();
    }
}
