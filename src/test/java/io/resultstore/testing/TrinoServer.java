package io.resultstore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Trino coordinator (which is also its only worker) in a child JVM on a free loopback port, with the memory
 * and tpch catalogs and nothing that reaches the network. The server comes from the {@code trino} Maven profile,
 * which unpacks it into {@code target/trino} and names it in the {@code trino.home} and {@code trino.plugins}
 * system properties. Needs JDK 24 or newer, which runs the tests too.
 */
public final class TrinoServer implements AutoCloseable {
    /** About 15 s on an idle 2-core machine, 2.5 min measured under a load average of 40. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(8);

    private final Process process;
    private final Path log;
    private final int port;

    private TrinoServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static TrinoServer start(Path dir) {
        String home = System.getProperty("trino.home");
        String plugins = System.getProperty("trino.plugins");
        if (home == null || plugins == null) {
            throw new IllegalStateException("no Trino server: run these tests with -Ptrino");
        }
        try {
            int port = freePort();
            Path etc = Files.createDirectories(dir.resolve("etc"));
            Path catalogs = Files.createDirectories(etc.resolve("catalog"));
            Files.writeString(catalogs.resolve("memory.properties"), "connector.name=memory\n");
            Files.writeString(catalogs.resolve("tpch.properties"), "connector.name=tpch\n");
            Files.writeString(etc.resolve("config.properties"), String.join("\n",
                    "coordinator=true",
                    "node-scheduler.include-coordinator=true",
                    "http-server.http.port=" + port,
                    "discovery.uri=http://127.0.0.1:" + port,
                    "node.environment=test",
                    "node.internal-address=127.0.0.1",
                    "query.max-memory=256MB",
                    "query.max-memory-per-node=256MB",
                    "plugin.dir=" + plugins,
                    "catalog.config-dir=" + catalogs,
                    "") );
            Path log = dir.resolve("trino.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(List.of(java, "-Xmx1G", "-XX:+UseG1GC", "-XX:+ExplicitGCInvokesConcurrent",
                    "-Djdk.attach.allowAttachSelf=true", "-XX:+EnableDynamicAgentLoading",
                    "--enable-native-access=ALL-UNNAMED", "-Dconfig=" + etc.resolve("config.properties"),
                    "-cp", home + "/lib/*", "io.trino.server.TrinoServer"))
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            TrinoServer server = new TrinoServer(p, log, port);
            try {
                server.awaitQueries();
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** A JDBC connection of the test's own, e.g. to prepare tables in the memory catalog. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "test");
        return DriverManager.getConnection("jdbc:trino://127.0.0.1:" + port, props);
    }

    /** Up once it answers a query: the coordinator must also have seen itself as an active worker. */
    private void awaitQueries() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Trino exited with " + process.exitValue() + ":\n" + logTail());
            }
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.executeQuery("SELECT count(*) FROM tpch.tiny.region").close();
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Trino did not answer within " + START_TIMEOUT + " (" + last + "):\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
