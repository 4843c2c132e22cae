package io.resultstore.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real server as a separate process ({@code ./resultstore serve}, which execs the JVM), each with its own
 * data directory and port, so what is measured is what a user runs.
 */
final class ServerProcess implements AutoCloseable {
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

    private final String name;
    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final long startedNanos;

    private ServerProcess(String name, Process process, Path dataDir, Path log, int port, long startedNanos) {
        this.name = name;
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    /** Starts a server and waits until {@code /health} answers 200. */
    static ServerProcess start(Options options, String name, List<String> jvmOptions, Map<String, String> env)
            throws IOException, InterruptedException {
        ServerProcess server = spawn(options, name, jvmOptions, env);
        server.awaitHealthy(Duration.ofSeconds(60));
        return server;
    }

    static ServerProcess spawn(Options options, String name, List<String> jvmOptions, Map<String, String> env)
            throws IOException {
        Path dataDir = Files.createTempDirectory(options.workDir(), name + "-");
        Path log = dataDir.resolve("server.log");
        int port = freePort();
        // Through the launcher, with its JVM flags (class data sharing among them): what a user runs.
        List<String> jvm = new ArrayList<>(jvmOptions);
        if (options.jfr()) {
            jvm.add("-XX:StartFlightRecording=filename=" + options.workDir().resolve(name + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        List<String> cmd = List.of(Path.of("resultstore").toAbsolutePath().toString(), "serve", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--data-dir", dataDir.resolve("data").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("RESULTSTORE_"));
        // Scenarios repeat their statements to time them; a reused answer would time the lookup instead.
        pb.environment().put("RESULTSTORE_QUERY_REUSE_TTL", "0");
        // Off unless a scenario asks: the default port would collide between servers.
        pb.environment().put("RESULTSTORE_FLIGHT_PORT", "0");
        pb.environment().putAll(env);
        pb.environment().put("RESULTSTORE_JAVA_OPTS", String.join(" ", jvm));
        long start = System.nanoTime();
        return new ServerProcess(name, pb.start(), dataDir, log, port, start);
    }

    /** Polls {@code /health} every few milliseconds; answers the time from process start until it said 200. */
    Duration awaitHealthy(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/health")).timeout(Duration.ofSeconds(2))
                .build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("server " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (PROBE.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IOException("server " + name + " did not become healthy within " + timeout + "; see " + log);
    }

    /** CPU time the server process used so far: on a shared machine, wall-clock rates alone mislead. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Heap in use right after a full GC, in bytes, read with {@code jcmd} from the server process. */
    long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IOException("no heap figures in: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), command).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path dataDir() {
        return dataDir.resolve("data");
    }

    /** The Parquet file of a ready result, wherever the storage layout put it. */
    Path parquetOf(String resultId) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir())) {
            return files.filter(p -> p.toString().contains(resultId) && p.toString().endsWith(".parquet"))
                    .filter(p -> !p.toString().contains("staging"))
                    .findFirst().orElseThrow(() -> new IOException("no parquet file for " + resultId));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(dataDir);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp data; best effort
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
