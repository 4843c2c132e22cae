package io.resultstore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 9: a soak. 64 clients for 2 minutes (20 s with {@code --quick}) mix every kind of request: queries,
 * page reads, downloads, SQL over results, payload PUTs, resolves and deletes. Counts requests served and 5xx
 * answers, then checks that nothing was lost (every ready result still reads, every acknowledged payload
 * resolves with its SHA-256), and reads the server's heap after a full GC at the start and at the end.
 */
final class Soak {
    private static final int CLIENTS = 64;
    /** Operations and their weights in the mix. */
    private static final Map<String, Integer> MIX = new LinkedHashMap<>();

    static {
        MIX.put("query", 12);
        MIX.put("page", 20);
        MIX.put("download", 6);
        MIX.put("sql", 8);
        MIX.put("put", 24);
        MIX.put("resolve", 24);
        MIX.put("delete", 6);
    }

    private final Client client = new Client();
    private final String url;
    /** Results seen ready and never deleted: each must still be readable at the end. */
    private final List<String> ready = new CopyOnWriteArrayList<>();
    private final List<String> pending = new CopyOnWriteArrayList<>();
    /** Acknowledged payloads not deleted, ref → SHA-256. */
    private final Map<String, String> payloads = new ConcurrentHashMap<>();
    private final Map<String, Stats> stats = new LinkedHashMap<>();
    private final Map<String, AtomicLong> served = new ConcurrentHashMap<>();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong noAnswer = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();
    private final AtomicLong names = new AtomicLong();

    private Soak(String url) {
        this.url = url;
        MIX.keySet().forEach(op -> stats.put(op, new Stats(2_000_000)));
    }

    static void run(Options options, Report report) throws Exception {
        Duration length = Duration.ofSeconds(options.size(120, 20));
        try (ServerProcess server = ServerProcess.start(options, "soak", List.of(), Map.of())) {
            Soak soak = new Soak(server.url());
            try (soak.client) {
                for (int i = 0; i < 8; i++) {
                    soak.query(new Random(i));
                }
                for (String id : soak.pending) {
                    soak.client.awaitReady(server.url(), id, Duration.ofMinutes(2));
                    soak.ready.add(id);
                }
                soak.pending.clear();
                long heapStart = server.heapAfterGc();
                long t0 = System.nanoTime();
                soak.load(length);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long heapEnd = server.heapAfterGc();
                long lost = soak.lost();
                long total = soak.served.values().stream().mapToLong(AtomicLong::get).sum();
                report.info("9 soak c=64", "requests served in " + Math.round(seconds) + " s",
                        Report.fmt(total) + " (" + Report.fmt(total / seconds) + " req/s)", "-");
                report.absolute("9 soak c=64", "5xx answers", soak.serverErrors.get(), "", 0, false);
                report.absolute("9 soak c=64", "requests without an answer", soak.noAnswer.get(), "", 0, false);
                report.absolute("9 soak c=64", "results and payloads lost", lost, "", 0, false);
                report.info("9 soak c=64", "other unexpected answers", Long.toString(soak.unexpected.get()), "-");
                report.info("9 soak c=64", "heap after GC start / end", mb(heapStart) + " / " + mb(heapEnd), "-");
                report.info("9 soak c=64", "kept: ready results / payloads",
                        soak.ready.size() + " / " + soak.payloads.size(), "-");
                soak.stats.forEach((op, s) -> report.info("9 soak " + op, "p50 / p99 (" + s.count() + ")",
                        SmallQueries.fmtMs(s.medianMs()) + " / " + SmallQueries.fmtMs(s.percentileMs(99)), "-"));
            }
        }
    }

    private void load(Duration length) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        List<String> ops = MIX.entrySet().stream().flatMap(e -> java.util.Collections.nCopies(e.getValue(), e.getKey())
                .stream()).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int w = 0; w < CLIENTS; w++) {
                Random random = new Random(w);
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        String op = ops.get(random.nextInt(ops.size()));
                        long t0 = System.nanoTime();
                        int status = once(op, random);
                        stats.get(op).add(System.nanoTime() - t0);
                        served.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
                        if (status < 0) {
                            noAnswer.incrementAndGet();
                        } else if (status >= 500) {
                            serverErrors.incrementAndGet();
                            System.out.println("  soak: " + op + " answered " + status);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
    }

    /** One operation; answers its HTTP status, or -1 when no answer came (the connection failed). */
    private int once(String op, Random random) {
        try {
            return switch (op) {
                case "query" -> query(random);
                case "page" -> page(random);
                case "download" -> download(random);
                case "sql" -> sql(random);
                case "put" -> put(random);
                case "resolve" -> resolve(random);
                default -> delete(random);
            };
        } catch (RuntimeException e) {
            System.out.println("  soak: " + op + " failed: " + e);
            return -1;
        }
    }

    private int query(Random random) {
        int rows = 100 + random.nextInt(20_000);
        Client.Response r = client.post(url + "/query", Map.of("sql", "SELECT i, i * " + random.nextInt(1000)
                + " AS x, 'row-' || i AS s FROM range(" + rows + ") t(i)", "max_inline_rows", 100, "reuse", false));
        if (r.status() == 200) {
            pending.add(r.json().path("result_id").asText());
        }
        return expect(r.status(), 200);
    }

    /** Reads a page of a result; a pending one that turned ready is kept for the end check. */
    private int page(Random random) {
        boolean fresh = !pending.isEmpty() && random.nextBoolean();
        String id = fresh ? pick(pending, random) : pick(ready, random);
        Client.Response r = client.get(url + "/results/" + id + "?offset=" + random.nextInt(50) + "&limit=100");
        if (!fresh && gone(r.status(), id)) {
            return 200;
        }
        if (fresh && r.status() == 200) {
            String status = r.json().path("status").asText();
            if (!status.equals("processing") && pending.remove(id) && status.equals("ready")) {
                ready.add(id);
            } else if (status.equals("failed")) {
                unexpected.incrementAndGet();
            }
        }
        return expect(r.status(), 200);
    }

    private int download(Random random) {
        String format = List.of("parquet", "csv", "jsonl", "arrow").get(random.nextInt(4));
        String id = pick(ready, random);
        int status = (int) client.download(url + "/results/" + id + "/data?format=" + format)[0];
        return gone(status, id) ? 200 : expect(status, 200);
    }

    private int sql(Random random) {
        String id = pick(ready, random);
        String sql = "SELECT count(*) AS c, sum(x) AS s FROM results.\"" + id + "\" WHERE i % "
                + (2 + random.nextInt(9)) + " = 0";
        int status = client.post(url + "/query", Map.of("sql", sql, "max_inline_rows", 10)).status();
        return gone(status, id) ? 200 : expect(status, 200);
    }

    private int put(Random random) {
        int size = random.nextInt(10) == 0 ? 100_000 : 1_000;
        Map<String, Object> data = Map.of("i", random.nextInt(), "text", "x".repeat(size));
        Client.Response r = client.put(url + "/api/result/" + random.nextInt(64),
                Map.of("name", "step_" + names.incrementAndGet(), "data", data));
        if (r.status() == 200) {
            JsonNode ack = r.json();
            payloads.put(ack.path("ref").asText(), ack.path("sha256").asText());
        }
        return expect(r.status(), 200);
    }

    private int resolve(Random random) {
        List<String> refs = List.copyOf(payloads.keySet());
        if (refs.isEmpty()) {
            return 200;
        }
        String ref = pick(refs, random);
        Client.Response r = client.get(url + "/api/result/resolve?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8));
        // A delete may have taken the ref since it was picked.
        return r.status() == 410 && !payloads.containsKey(ref) ? 200 : expect(r.status(), 200);
    }

    /** Deletes a result seen ready or an acknowledged payload; either leaves the sets checked at the end first. */
    private int delete(Random random) {
        if (random.nextBoolean() && ready.size() > 8) {
            String id = pick(ready, random);
            if (!ready.remove(id)) {
                return 204;
            }
            return expect(client.delete(url + "/results/" + id).status(), 204);
        }
        List<String> refs = List.copyOf(payloads.keySet());
        String ref = refs.isEmpty() ? null : pick(refs, random);
        if (ref == null || payloads.remove(ref) == null) {
            return 204;
        }
        return expect(client.delete(url + "/api/result/ref?ref=" + URLEncoder.encode(ref, StandardCharsets.UTF_8))
                .status(), 204, 410);
    }

    /** Every result kept must still read as ready, every payload kept must resolve with its hash. */
    private long lost() throws Exception {
        AtomicLong lost = new AtomicLong();
        List<String> ids = List.copyOf(ready);
        List<Map.Entry<String, String>> refs = List.copyOf(payloads.entrySet());
        Client.load(16, ids.size(), null, i -> {
            JsonNode r = client.get(url + "/results/" + ids.get(i) + "?limit=1").json();
            if (!r.path("status").asText().equals("ready")) {
                System.out.println("  soak: lost result " + r);
                lost.incrementAndGet();
            }
        });
        Client.load(16, refs.size(), null, i -> {
            Map.Entry<String, String> e = refs.get(i);
            Client.Response r = client.get(url + "/api/result/resolve?ref=" + URLEncoder.encode(e.getKey(),
                    StandardCharsets.UTF_8));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body()));
            if (r.status() != 200 || !sha.equals(e.getValue())) {
                System.out.println("  soak: lost payload " + e.getKey() + " (" + r.status() + ")");
                lost.incrementAndGet();
            }
        });
        return lost.get();
    }

    private int expect(int status, int... ok) {
        for (int s : ok) {
            if (s == status) {
                return status;
            }
        }
        if (status < 500) {
            unexpected.incrementAndGet();
            System.out.println("  soak: unexpected " + status);
        }
        return status;
    }

    /** A result another client deleted after this one picked it. */
    private boolean gone(int status, String id) {
        return (status == 404 || status == 410) && !ready.contains(id);
    }

    /** Any element; the list may shrink meanwhile (other clients delete). */
    private static String pick(List<String> from, Random random) {
        while (true) {
            try {
                return from.get(random.nextInt(from.size()));
            } catch (IndexOutOfBoundsException shrank) {
                // pick again
            }
        }
    }

    private static String mb(long bytes) {
        return Report.fmt(bytes / 1e6) + " MB";
    }
}
