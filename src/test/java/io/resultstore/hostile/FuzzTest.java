package io.resultstore.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.common.Json;
import io.resultstore.testing.Http;
import io.resultstore.testing.RawHttp;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random, mostly well-formed but wrong requests from {@link RandomRequests} against one server, from
 * several clients at once: none gets a 5xx, every refusal has the JSON error shape, nothing appears outside the
 * data directory and the server keeps serving. {@code -Dfuzz.seed=…} replays a run, {@code -Dfuzz.requests=…}
 * sets its length.
 */
class FuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final int CLIENTS = 8;

    @TempDir
    Path parent;

    @Test
    void randomRequestsToEveryEndpointNeverGetA5xxNorWriteOutsideTheDataDir() throws Exception {
        System.out.printf("fuzz seed %d (-Dfuzz.seed), %d requests (-Dfuzz.requests)%n", SEED, REQUESTS);
        Path data = parent.resolve("data");
        Path outside = Files.createDirectories(parent.resolve("outside"));
        try (TestServer server = TestServer.builder(data).set("server.max_body", "1MiB").set("query.timeout", "5s")
                .set("payloads.inline_max_bytes", "1KiB").start()) {
            Set<String> before = filesOutside(data);
            RawHttp raw = new RawHttp(server.url());
            RandomRequests.Known known = new RandomRequests.Known();
            AtomicInteger next = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            int[] byClass = new int[6];
            long t0 = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    running.add(clients.submit(() -> {
                        for (int i; (i = next.getAndIncrement()) < REQUESTS && failures.size() < 10; ) {
                            RandomRequests.Request request = new RandomRequests(SEED * 31 + i, known, outside).next();
                            String problem = check(raw, request, known, byClass);
                            if (problem != null) {
                                failures.add("request " + i + " of seed " + SEED + ": " + request + " -> " + problem);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(10, TimeUnit.MINUTES);
                }
            } finally {
                clients.shutdownNow();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("fuzzed %d requests in %.1f s (%.0f req/s): 2xx %d, 3xx %d, 4xx %d, 5xx %d%n", next.get()
                    - CLIENTS, seconds, REQUESTS / seconds, byClass[2], byClass[3], byClass[4], byClass[5]);
            assertThat(failures).as("failing requests (replay with -Dfuzz.seed=%d)", SEED).isEmpty();

            Http http = server.http();
            assertThat(http.get("/health").json().path("status").asText()).isEqualTo("ok");
            String id = http.query("SELECT 41 + 1 AS n").json().path("result_id").asText();
            assertThat(http.awaitResult(id).path("rows").toString()).isEqualTo("[[42]]");
            String ref = http.put("/api/result/after", "{\"name\": \"a\", \"data\": [1]}").json().path("ref").asText();
            assertThat(http.get("/api/result/resolve?ref=" + ref).body()).isEqualTo("[1]");
            assertThat(filesOutside(data)).as("files outside the data directory").isEqualTo(before);
        }
    }

    /** Null when the answer is acceptable, else what is wrong with it; learns the ids a 200 hands out. */
    private static String check(RawHttp raw, RandomRequests.Request request, RandomRequests.Known known, int[] byClass) {
        RawHttp.Response r;
        try {
            r = raw.send(request.method(), request.target(), request.headers(), request.body());
        } catch (RuntimeException | AssertionError e) {
            return "no answer: " + e;
        }
        synchronized (byClass) {
            byClass[Math.min(5, r.status() / 100)]++;
        }
        if (r.status() >= 500) {
            return r.status() + " " + Case.shorten(r.text());
        }
        String type = r.header("Content-Type") == null ? "" : r.header("Content-Type").toLowerCase(Locale.ROOT);
        if (r.status() >= 400 && !request.method().equals("HEAD")) {
            if (!type.startsWith("application/json")) {
                return r.status() + " without the JSON error shape: " + type + " " + Case.shorten(r.text());
            }
            JsonNode error = json(r).path("error");
            if (error.path("code").asText().isEmpty() || error.path("message").asText().isEmpty()) {
                return r.status() + " without the JSON error shape: " + Case.shorten(r.text());
            }
        } else if (r.status() == 200 && type.startsWith("application/json")) {
            JsonNode body = json(r);
            learn(body.path("result_id"), known.results);
            learn(body.path("query_run_id"), known.runs);
            learn(body.path("ref"), known.refs);
        }
        return null;
    }

    private static void learn(JsonNode value, List<String> into) {
        if (value.isTextual() && into.size() < 200) {
            into.add(value.asText());
        }
    }

    private static JsonNode json(RawHttp.Response r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            return Json.MAPPER.nullNode();
        }
    }

    /** Every path under the test's folder that is not inside the data directory. */
    private Set<String> filesOutside(Path data) throws IOException {
        try (Stream<Path> all = Files.walk(parent)) {
            return all.filter(p -> !p.startsWith(data)).map(Path::toString).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
