package io.resultstore.bench;

import io.resultstore.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * PUT and resolve of 1 KiB payloads from concurrent clients against the embedded catalog. Not a test: run with
 * {@code bench/payloads.sh}. Prints PUT/s and resolve latency percentiles.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class PayloadBench {
    static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    static final int SECONDS = Integer.getInteger("bench.seconds", 10);

    @TempDir
    Path dir;

    @Test
    void putAndResolve() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String body = "{\"name\": \"step\", \"data\": {\"payload\": \"" + "x".repeat(1000) + "\"}, \"source_step\": \"step\"}";
            ConcurrentLinkedQueue<String> refs = new ConcurrentLinkedQueue<>();
            run(server, 2, i -> put(server, body, refs), new AtomicLong(), null);
            refs.clear();
            AtomicLong puts = new AtomicLong();
            ConcurrentLinkedQueue<long[]> putLatencies = new ConcurrentLinkedQueue<>();
            long cpu0 = cpuNanos();
            long putNanos = run(server, SECONDS, i -> put(server, body, refs), puts, putLatencies);
            double putCpuMs = (cpuNanos() - cpu0) / 1e6 / puts.get();
            long[] putLat = sorted(putLatencies);
            System.out.printf("PUT 1KiB, %d clients: %d in %.1f s = %.0f PUT/s, p50 %.2f ms, p99 %.2f ms; %.3f ms CPU"
                    + " per PUT (server and client) = %.0f PUT/s on %d free cores%n", CLIENTS, puts.get(),
                    putNanos / 1e9, puts.get() / (putNanos / 1e9), putLat[putLat.length / 2] / 1e6,
                    putLat[(int) (putLat.length * 0.99)] / 1e6, putCpuMs, cores() * 1000 / putCpuMs, cores());
            String[] all = refs.toArray(String[]::new);
            AtomicLong resolves = new AtomicLong();
            ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
            long cpu1 = cpuNanos();
            long resolveNanos = run(server, SECONDS, i -> resolve(server, all[(int) (i % all.length)]),
                    resolves, latencies);
            double resolveCpuMs = (cpuNanos() - cpu1) / 1e6 / resolves.get();
            long[] lat = sorted(latencies);
            System.out.printf("resolve, %d clients: %.0f /s, p50 %.2f ms, p99 %.2f ms, max %.2f ms; %.3f ms CPU per"
                    + " resolve%n", CLIENTS, resolves.get() / (resolveNanos / 1e9), lat[lat.length / 2] / 1e6,
                    lat[(int) (lat.length * 0.99)] / 1e6, lat[lat.length - 1] / 1e6, resolveCpuMs);
        }
    }

    static long[] sorted(ConcurrentLinkedQueue<long[]> latencies) {
        return latencies.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
    }

    /** CPU time of this whole process: the machine may be shared, so wall-clock rates alone mislead. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    interface Call {
        void run(long i) throws Exception;
    }

    static long run(TestServer server, int seconds, Call call, AtomicLong count,
            ConcurrentLinkedQueue<long[]> latencies) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(CLIENTS);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int seed = c;
            threads.add(Thread.ofPlatform().start(() -> {
                long[] lat = new long[latencies == null ? 0 : 500_000];
                int n = 0;
                long i = seed * 7919L;
                try {
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        call.run(i++);
                        if (n < lat.length) {
                            lat[n++] = System.nanoTime() - t0;
                        }
                        count.incrementAndGet();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    if (latencies != null) {
                        latencies.add(Arrays.copyOf(lat, n));
                    }
                    done.countDown();
                }
            }));
        }
        done.await();
        return System.nanoTime() - start;
    }

    static final ThreadLocal<RawHttp> CONNECTION = new ThreadLocal<>();

    static RawHttp connection(TestServer server) throws java.io.IOException {
        RawHttp c = CONNECTION.get();
        if (c == null) {
            c = new RawHttp("127.0.0.1", server.app().port());
            CONNECTION.set(c);
        }
        return c;
    }

    static void put(TestServer server, String body, ConcurrentLinkedQueue<String> refs) throws Exception {
        RawHttp.Reply r = connection(server).send("PUT", "/api/result/4242", body.getBytes(StandardCharsets.UTF_8));
        String json = new String(r.body(), StandardCharsets.UTF_8);
        if (r.status() != 200) {
            throw new IllegalStateException(r.status() + " " + json);
        }
        int at = json.indexOf("noetl://");
        refs.add(json.substring(at, json.indexOf('"', at)));
    }

    static void resolve(TestServer server, String ref) throws Exception {
        RawHttp.Reply r = connection(server).send("GET", "/api/result/resolve?ref="
                + URLEncoder.encode(ref, StandardCharsets.UTF_8), null);
        if (r.status() != 200) {
            throw new IllegalStateException(r.status() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
    }
}
