package io.resultstore.cli;

import io.resultstore.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The training run the launcher records its start-up archive from: starts a server in a temporary data directory,
 * sends it the requests a fresh server typically gets first (health, a query, its result's pages and downloads, SQL
 * over it, a workflow payload), then stops it. The archive then holds what a real start and first requests load,
 * whatever command happened to run first after a build.
 */
public final class Training {
    private static final Pattern RESULT_ID = Pattern.compile("\"result_id\":\"([^\"]+)\"");

    private Training() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("resultstore-training");
        try {
            run(dir);
        } finally {
            deleteTree(dir);
        }
        // Client and engine threads must not hold the JVM: the archive is written as it exits.
        System.exit(0);
    }

    private static void run(Path dir) throws Exception {
        try (Application app = Application.start(ConfigLoader.fromMap(Map.of("data.dir", dir.toString(),
                "server.port", "0", "engine.memory_limit", "512MB")));
                HttpClient client = HttpClient.newHttpClient()) {
            String base = app.url();
            send(client, HttpRequest.newBuilder(URI.create(base + "/health")).GET());
            String answer = send(client, post(base + "/query",
                    "{\"sql\":\"SELECT range AS n, range::VARCHAR AS s, now() AS t FROM range(1000)\"}"));
            Matcher m = RESULT_ID.matcher(answer);
            if (!m.find()) {
                throw new IllegalStateException("training query gave no result id: " + answer);
            }
            String id = m.group(1);
            String results = base + "/results/" + id;
            for (int i = 0; i < 500 && send(client, HttpRequest.newBuilder(URI.create(results)).GET())
                    .contains("\"status\":\"processing\""); i++) {
                Thread.sleep(20);
            }
            for (String format : new String[] {"csv", "jsonl", "parquet", "arrow"}) {
                send(client, HttpRequest.newBuilder(URI.create(results + "/data?format=" + format)).GET());
            }
            send(client, post(base + "/query", "{\"sql\":\"SELECT sum(n) FROM results.\\\"" + id + "\\\"\"}"));
            send(client, HttpRequest.newBuilder(URI.create(base + "/results")).GET());
            send(client, HttpRequest.newBuilder(URI.create(base + "/query-runs")).GET());
            send(client, HttpRequest.newBuilder(URI.create(base + "/api/result/1"))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"step\",\"data\":{\"a\":[1,2,3]}}")));
            send(client, HttpRequest.newBuilder(URI.create(base + "/api/result/1/list")).GET());
            send(client, HttpRequest.newBuilder(URI.create(base + "/no-such-route")).GET());
        }
    }

    private static HttpRequest.Builder post(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
