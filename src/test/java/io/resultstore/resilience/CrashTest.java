package io.resultstore.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Hashing;
import io.resultstore.common.Json;
import io.resultstore.result.Result;
import io.resultstore.testing.Await;
import io.resultstore.testing.Concurrently;
import io.resultstore.testing.Http;
import io.resultstore.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server process is killed with SIGKILL while 50 large results are being written, or while 200 payload
 * PUTs are in flight, at moments drawn from a seed; after a restart nothing is lost, stuck or left behind. The
 * seed is printed and can be set with {@code -Dcrash.seed=…}; {@code -Dcrash.rounds=…} kills more often.
 */
class CrashTest {
    private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 2);
    private static final int QUERIES = 50;
    private static final int PUTS = 200;
    /** Files of failed or deleted results go at once, so that the files match the catalog right after a sweep. */
    private static final Map<String, String> ENV = Map.of("RESULTSTORE_RESULTS_DELETE_GRACE", "0s",
            "RESULTSTORE_RESULTS_SWEEP_INTERVAL", "200ms");

    @TempDir
    Path dir;

    @Test
    void aKillWhileFiftyLargeResultsAreWrittenLosesNoRowAndLeavesNothingBehind() throws Exception {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            Path data = Files.createDirectories(dir.resolve("queries-" + round));
            int killAfter = 1 + random.nextInt(QUERIES);
            int delayMs = random.nextInt(500);
            System.out.printf("crash seed %d (-Dcrash.seed), query round %d: kill after %d answers + %d ms%n", SEED,
                    round, killAfter, delayMs);
            List<String> sqls = new ArrayList<>();
            for (int i = 0; i < QUERIES; i++) {
                sqls.add(largeResultSql(round * QUERIES + i + 1, 50_000 + random.nextInt(70_000)));
            }
            Map<String, Long> answered = new HashMap<>();
            try (ServerProcess server = ServerProcess.start(data, ENV)) {
                AtomicInteger answers = new AtomicInteger();
                List<Callable<Optional<JsonNode>>> calls = new ArrayList<>();
                for (String sql : sqls) {
                    calls.add(() -> survive(() -> {
                        Http.Response r = server.http().post("/query", Json.MAPPER.createObjectNode().put("sql", sql)
                                .put("max_inline_rows", 1).toString());
                        answers.incrementAndGet();
                        // On a loaded machine admission may refuse a statement (busy): it never ran, so it has
                        // nothing to lose, and is judged like one the kill cut off.
                        if (r.status() == 503) {
                            assertThat(r.errorCode()).as(r.body()).isEqualTo("UNAVAILABLE");
                            return Json.MAPPER.createObjectNode();
                        }
                        assertThat(r.status()).as(r.body()).isEqualTo(200);
                        return r.json();
                    }));
                }
                CompletableFuture<List<Optional<JsonNode>>> all = inBackground(calls);
                Await.until(killAfter + " answers", () -> answers.get() >= killAfter || all.isDone());
                Thread.sleep(delayMs);
                server.kill();
                for (Optional<JsonNode> body : all.get(2, TimeUnit.MINUTES)) {
                    body.filter(b -> b.hasNonNull("result_id"))
                            .ifPresent(b -> answered.put(b.path("result_id").asText(), b.path("row_count").asLong()));
                }
            }
            try (ServerProcess again = ServerProcess.start(data, ENV)) {
                int ready = checkResults(again.http(), data, answered);
                System.out.printf("query round %d: %d answered before the kill, %d ready and checked row by row, "
                        + "the rest failed%n", round, answered.size(), ready);
            }
        }
    }

    @Test
    void aKillDuringTwoHundredPayloadPutsKeepsEveryAcknowledgedRef() throws Exception {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < ROUNDS; round++) {
            Path data = Files.createDirectories(dir.resolve("payloads-" + round));
            int killAfter = 1 + random.nextInt(PUTS);
            System.out.printf("crash seed %d (-Dcrash.seed), payload round %d: kill after %d acknowledgements%n", SEED,
                    round, killAfter);
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < PUTS; i++) {
                // Every fourth payload is over the 64 KiB inline limit and goes to blob storage.
                int size = i % 4 == 0 ? 70_000 + random.nextInt(80_000) : 10 + random.nextInt(10_000);
                bodies.add(Json.MAPPER.createObjectNode().put("name", "step_" + i)
                        .set("data", Json.MAPPER.createObjectNode().put("i", i).put("text", text(random, size)))
                        .toString());
            }
            List<JsonNode> acknowledged = new ArrayList<>();
            try (ServerProcess server = ServerProcess.start(data, ENV)) {
                AtomicInteger acks = new AtomicInteger();
                List<Callable<Optional<JsonNode>>> calls = new ArrayList<>();
                for (String body : bodies) {
                    calls.add(() -> survive(() -> {
                        Http.Response r = server.http().put("/api/result/7", body);
                        assertThat(r.status()).as(r.body()).isEqualTo(200);
                        acks.incrementAndGet();
                        return r.json();
                    }));
                }
                CompletableFuture<List<Optional<JsonNode>>> all = inBackground(calls);
                Await.until(killAfter + " acknowledgements", () -> acks.get() >= killAfter || all.isDone());
                server.kill();
                all.get(2, TimeUnit.MINUTES).forEach(ack -> ack.ifPresent(acknowledged::add));
            }
            try (ServerProcess again = ServerProcess.start(data, ENV)) {
                Http http = again.http();
                for (JsonNode ack : acknowledged) {
                    Http.Response r = http.get("/api/result/resolve?ref="
                            + URLEncoder.encode(ack.path("ref").asText(), StandardCharsets.UTF_8));
                    assertThat(r.status()).as("%s after the restart: %s", ack, r.body()).isEqualTo(200);
                    assertThat(Hashing.sha256Hex(r.raw().body())).as("data of %s", ack).isEqualTo(ack.path("sha256").asText());
                    assertThat(r.raw().body().length).isEqualTo(ack.path("bytes").asInt());
                }
                Set<String> listed = new TreeSet<>();
                http.get("/api/result/7/list").json().path("refs").forEach(m -> listed.add(m.path("ref").asText()));
                List<String> orphans = files(data.resolve("blobs/payloads")).stream()
                        .filter(f -> listed.stream().noneMatch(ref -> ref.endsWith("/" + idOf(f))))
                        .map(f -> data.resolve("blobs").relativize(f).toString()).toList();
                // A blob written just before the kill, whose row never came, is already queued for deletion.
                assertThat(queuedDeletions(data)).containsAll(orphans);
                System.out.printf("payload round %d: %d acknowledged before the kill, all resolve with their SHA-256;"
                        + " %d stored in all; %d blobs without a row, queued for deletion%n", round,
                        acknowledged.size(), listed.size(), orphans.size());
                assertThat(files(data.resolve("blobs/.staging"))).isEmpty();
            }
        }
    }

    /**
     * What the start-up sweep must leave: every result ready with exactly its rows, or failed with a message;
     * nothing processing or running; no staging or temporary file; a file for every ready result and none other.
     * Returns how many results are ready.
     */
    private static int checkResults(Http http, Path data, Map<String, Long> answered) throws IOException {
        assertThat(http.get("/results?status=processing").json().path("count").asInt()).isZero();
        Map<String, String> sqlOf = new HashMap<>();
        for (JsonNode run : http.get("/query-runs?limit=1000").json().path("query_runs")) {
            assertThat(run.path("status").asText()).as("run %s", run).isIn("succeeded", "failed");
            if (run.hasNonNull("result_id")) {
                sqlOf.put(run.path("result_id").asText(), run.path("sql_text").asText());
            }
        }
        assertThat(sqlOf.keySet()).containsAll(answered.keySet());
        JsonNode listed = http.get("/results?limit=1000").json();
        Set<String> readyKeys = new TreeSet<>();
        for (JsonNode item : listed.path("results")) {
            String id = item.path("id").asText();
            String status = item.path("status").asText();
            assertThat(status).as("result %s", item).isIn("ready", "failed");
            if (status.equals("failed")) {
                assertThat(item.path("error_message").asText()).as("result %s", item).isNotBlank();
                continue;
            }
            String sql = sqlOf.get(id);
            assertThat(sql).as("the run of %s", id).isNotNull();
            assertThat(Files.isRegularFile(data.resolve("blobs").resolve(Result.storageKeyFor(id)))).as(id).isTrue();
            if (answered.containsKey(id)) {
                assertThat(item.path("row_count").asLong()).as(id).isEqualTo(answered.get(id));
            }
            // The stored rows against the statement run again: count, sums and a hash over every value.
            assertThat(fingerprint(http, "results.\"" + id + "\"")).as("rows of %s", id)
                    .isEqualTo(fingerprint(http, "(" + sql + ")"));
            readyKeys.add(Result.storageKeyFor(id));
        }
        // The checks above stored results of their own; those are files too.
        Await.until("files and catalog agree", () -> blobKeys(data).equals(readyKeysNow(http)));
        assertThat(readyKeysNow(http)).containsAll(readyKeys);
        for (String scratch : List.of("staging", "tmp", "blobs/.staging")) {
            assertThat(files(data.resolve(scratch))).as(scratch).isEmpty();
        }
        return readyKeys.size();
    }

    /** A payload blob is named {@code <id>-<random>}. */
    private static String idOf(Path blob) {
        return blob.getFileName().toString().split("-")[0];
    }

    /** Storage keys in the catalog's deletion queue, read from the SQLite file the server is using. */
    private static Set<String> queuedDeletions(Path data) throws SQLException {
        Set<String> keys = new TreeSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("catalog.db"));
                ResultSet rs = c.createStatement().executeQuery("SELECT storage_key FROM blob_deletions")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static String fingerprint(Http http, String from) {
        Http.Response r = http.query("SELECT count(*) AS c, sum(n) AS sn, sum(m) AS sm,"
                + " sum(hash(n, m, h)::HUGEINT)::VARCHAR AS fp FROM " + from + " AS t");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("rows").toString();
    }

    private static Set<String> readyKeysNow(Http http) {
        Set<String> keys = new TreeSet<>();
        http.get("/results?limit=1000&status=ready").json().path("results")
                .forEach(item -> keys.add(Result.storageKeyFor(item.path("id").asText())));
        return keys;
    }

    private static Set<String> blobKeys(Path data) {
        Path blobs = data.resolve("blobs");
        Set<String> keys = new TreeSet<>();
        try {
            for (Path f : files(blobs.resolve("results"))) {
                keys.add(blobs.relativize(f).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /** A distinct deterministic statement of {@code rows} rows, big enough to keep the writers busy. */
    static String largeResultSql(int k, int rows) {
        return "SELECT range AS n, range * " + k + " AS m, md5((range * " + k + ")::VARCHAR) AS h FROM range(" + rows + ")";
    }

    private static String text(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    /** The call's answer, or empty when the kill cut its connection; any answer but the expected one fails. */
    private static <T> Optional<T> survive(Callable<T> call) throws Exception {
        try {
            return Optional.of(call.call());
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static <T> CompletableFuture<List<T>> inBackground(List<Callable<T>> calls) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Concurrently.run(calls);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
