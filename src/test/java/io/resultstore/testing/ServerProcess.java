package io.resultstore.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server as a separate JVM ({@code Main serve}), on the test classpath, started on a free port and
 * driven over HTTP. {@link #kill()} is a SIGKILL: no shutdown hook runs.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("listening on (http://\\S+)");
    private final Process process;
    private final String url;
    private final List<String> output;

    private ServerProcess(Process process, String url, List<String> output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /** Everything the process printed so far (its log). */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    public static ServerProcess start(Path dataDir, Map<String, String> env) throws IOException {
        return start(dataDir, env, "512m");
    }

    /** With the JVM's heap capped at {@code maxHeap} ({@code -Xmx}). */
    public static ServerProcess start(Path dataDir, Map<String, String> env, String maxHeap) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx" + maxHeap, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.resultstore.cli.Main", "serve",
                "--port", "0", "--data-dir", dataDir.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("RESULTSTORE_ENGINE_MEMORY_LIMIT", "1GB");
        pb.environment().put("RESULTSTORE_ENGINE_THREADS", "2");
        pb.environment().put("RESULTSTORE_FLIGHT_PORT", "0");
        pb.environment().putAll(env);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
            url.completeExceptionally(new IllegalStateException("server exited before it was ready: " + lines));
        }, "server-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ServerProcess sp = new ServerProcess(p, url.get(60, TimeUnit.SECONDS), lines);
            return sp;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("server did not start: " + lines, e);
        }
    }

    public Http http() {
        return new Http(url);
    }

    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, waiting for the graceful shutdown; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
