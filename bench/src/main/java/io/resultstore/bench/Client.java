package io.resultstore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load generator. Small requests go over pooled {@link RawHttp} keep-alive connections (one per concurrent
 * caller); downloads go over a fresh one each and are counted, not kept.
 */
final class Client implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Idle keep-alive connections per {@code host:port}: scenarios alternate between servers. */
    private final Map<String, Queue<RawHttp>> idle = new ConcurrentHashMap<>();

    record Response(int status, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + new String(body, 0, Math.min(200, body.length)), e);
            }
        }

        Response expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected HTTP " + expected + ", got " + status + ": "
                        + new String(body, 0, Math.min(500, body.length)));
            }
            return this;
        }
    }

    Response post(String url, Object body) {
        return raw("POST", url, bytes(body));
    }

    Response put(String url, Object body) {
        return raw("PUT", url, bytes(body));
    }

    Response get(String url) {
        return raw("GET", url, null);
    }

    Response delete(String url) {
        return raw("DELETE", url, null);
    }

    /** One request on an idle pooled connection to the same server, or a new one; a failed connection is dropped. */
    private Response raw(String method, String url, byte[] body) {
        URI uri = URI.create(url);
        Queue<RawHttp> pool = idle.computeIfAbsent(uri.getHost() + ":" + uri.getPort(),
                k -> new ConcurrentLinkedQueue<>());
        RawHttp c = pool.poll();
        try {
            if (c == null) {
                c = new RawHttp(uri.getHost(), uri.getPort());
            }
            RawHttp.Reply reply = c.send(method, target(uri), body);
            pool.add(c);
            return new Response(reply.status(), reply.body());
        } catch (IOException e) {
            if (c != null) {
                closeQuietly(c);
            }
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(RawHttp c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        for (Queue<RawHttp> pool : idle.values()) {
            for (RawHttp c; (c = pool.poll()) != null; ) {
                closeQuietly(c);
            }
        }
    }

    private static String target(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** Streams a body to nowhere; answers {status, bytes}. */
    long[] download(String url) {
        URI uri = URI.create(url);
        try (RawHttp c = new RawHttp(uri.getHost(), uri.getPort())) {
            return c.drain(target(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code GET /results/{id}} until it leaves {@code processing}; fails unless it became ready. */
    void awaitReady(String serverUrl, String resultId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = get(serverUrl + "/results/" + resultId + "?limit=1").expect(200).json();
            String status = r.path("status").asText();
            if (status.equals("ready")) {
                return;
            }
            if (!status.equals("processing")) {
                throw new IllegalStateException("result " + resultId + " is " + r);
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("result " + resultId + " not ready within " + timeout);
    }

    static byte[] bytes(Object body) {
        try {
            return body instanceof byte[] b ? b : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> query(String sql) {
        return Map.of("sql", sql);
    }

    /**
     * Runs {@code total} calls of {@code call} on {@code concurrency} threads, timing each; answers wall-clock
     * nanoseconds for all of them.
     */
    static long load(int concurrency, int total, Stats stats, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            Future<?>[] workers = new Future<?>[concurrency];
            for (int w = 0; w < concurrency; w++) {
                workers[w] = pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < total; ) {
                        long t0 = System.nanoTime();
                        call.run(i);
                        if (stats != null) {
                            stats.add(System.nanoTime() - t0);
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        return System.nanoTime() - start;
    }

    /**
     * Runs rounds of {@code round} calls until a round is no more than 5 % faster than the best before it, at
     * most {@code maxRounds}. A server's JIT keeps compiling for seconds after its first thousands of requests
     * (at 10,000 warm-up PUTs the compiler still took an eighth of the server's CPU); a phase measured meanwhile
     * measures the compiler too, and the phase measured last never does. Answers the rounds run.
     */
    static int warmUp(int concurrency, int round, int maxRounds, Call call) throws Exception {
        double best = 0;
        for (int r = 1; r <= maxRounds; r++) {
            double rate = round / (load(concurrency, round, null, call) / 1e9);
            if (r > 1 && rate <= best * 1.05) {
                return r;
            }
            best = Math.max(best, rate);
        }
        return maxRounds;
    }

    @FunctionalInterface
    interface Call {
        void run(int i) throws Exception;
    }
}
