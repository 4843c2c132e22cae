package io.resultstore.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * A real PostgreSQL of the caller's own that can be stopped under a running server and started again on the
 * same port and data directory, with every row kept: a catalog outage and its end.
 */
public final class RestartablePostgres implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres running;

    private RestartablePostgres(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Initializes a cluster in {@code dataDir} (which must be empty or absent) and starts it on a free port. */
    public static RestartablePostgres start(Path dataDir) {
        RestartablePostgres pg = new RestartablePostgres(dataDir, freePort());
        pg.startAgain();
        return pg;
    }

    /** A JDBC URL of a new, empty database. */
    public String newDatabase() {
        return Postgres.createDatabase(server());
    }

    /** Fast shutdown: open connections are cut, new ones are refused. */
    public void stop() {
        try {
            server().close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
        } finally {
            running = null;
        }
    }

    public void startAgain() {
        if (running != null) {
            throw new IllegalStateException("PostgreSQL is already running");
        }
        try {
            running = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    private EmbeddedPostgres server() {
        if (running == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
        }
        return running;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (running != null) {
            Postgres.closeQuietly(running);
            running = null;
        }
    }
}
