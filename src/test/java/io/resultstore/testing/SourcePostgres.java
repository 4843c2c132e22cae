package io.resultstore.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL as a data source, one per test JVM: unlike {@link Postgres} (trust for everyone) it asks every
 * role but the superuser for a password (scram-sha-256), so a wrong password is refused as it would be in
 * production. Each caller gets a new database with a login role {@link #USER} / {@link #PASSWORD}.
 */
public final class SourcePostgres {
    public static final String USER = "reader";
    /** Distinctive enough that a test can grep responses and logs for it. */
    public static final String PASSWORD = "pw-Zq8-nVx3-LEAKCHECK-7781";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres shared;

    private SourcePostgres() {}

    private static synchronized EmbeddedPostgres server() {
        if (shared == null) {
            try {
                Path hba = Files.createTempFile("source-pg-hba", ".conf");
                Files.writeString(hba, """
                        local all postgres trust
                        host all postgres 127.0.0.1/32 trust
                        host all postgres ::1/128 trust
                        host all all 127.0.0.1/32 scram-sha-256
                        host all all ::1/128 scram-sha-256
                        """);
                hba.toFile().deleteOnExit();
                shared = EmbeddedPostgres.builder().setServerConfig("hba_file", hba.toString())
                        .setServerConfig("password_encryption", "scram-sha-256").start();
                try (Connection c = shared.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                    st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the source role", e);
            }
            EmbeddedPostgres pg = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Postgres.closeQuietly(pg), "source-postgres-stop"));
        }
        return shared;
    }

    /** A new database owned by {@link #USER}; returns its JDBC URL (without credentials). */
    public static String newDatabase() {
        EmbeddedPostgres pg = server();
        String name = "source_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " OWNER " + USER);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name;
    }

    /** A connection as the owner of the database, to fill it. */
    public static Connection owner(String url) throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }

    public static int port() {
        return server().getPort();
    }
}
