package io.resultstore.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.resultstore.common.NativeLibraryCopy;
import io.resultstore.config.Config;
import io.resultstore.observe.Tracing;
import io.resultstore.payload.PayloadRepository;
import io.resultstore.result.ResultRepository;
import io.resultstore.run.QueryRunRepository;
import io.resultstore.storage.BlobDeletionQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The catalog over JDBC: one implementation, two dialects, migrated by Flyway at start. */
public final class JdbcCatalog implements Catalog {
    private final HikariDataSource dataSource;
    private final CatalogDb db;
    private final JdbcResults results;
    private final JdbcQueryRuns runs;
    private final JdbcBlobDeletions deletions;
    private final JdbcPayloads payloads;
    private final JdbcUploads uploads;
    private final JdbcDatasets datasets;
    private final JdbcConnections connections;
    private final Optional<WalCheckpointer> checkpointer;

    private JdbcCatalog(HikariDataSource dataSource, Dialect dialect, Tracing tracing) {
        this.dataSource = dataSource;
        this.db = new CatalogDb(Jdbi.create(dataSource), dialect, tracing);
        this.checkpointer = dialect == Dialect.SQLITE ? Optional.of(new WalCheckpointer(db)) : Optional.empty();
        this.results = new JdbcResults(db);
        this.runs = new JdbcQueryRuns(db);
        this.deletions = new JdbcBlobDeletions(db);
        this.payloads = new JdbcPayloads(db);
        this.uploads = new JdbcUploads(db);
        this.datasets = new JdbcDatasets(db);
        this.connections = new JdbcConnections(db);
    }

    public static JdbcCatalog open(Config config) {
        return open(config, null, Tracing.off());
    }

    /**
     * As {@link #open(Config)}, with the connection pool's meters in {@code metrics} (when not null) and a span
     * per catalog call inside a recorded trace.
     */
    public static JdbcCatalog open(Config config, MeterRegistry metrics, Tracing tracing) {
        Config.CatalogSettings settings = config.catalog();
        HikariConfig hikari = new HikariConfig();
        if (metrics != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        }
        hikari.setPoolName("catalog");
        hikari.setMaximumPoolSize(settings.poolSize());
        // A catalog outage must answer 503 quickly instead of parking request threads.
        hikari.setConnectionTimeout(2_000);
        hikari.setValidationTimeout(1_000);
        hikari.setInitializationFailTimeout(30_000);
        Dialect dialect;
        if (settings.isPostgres()) {
            dialect = Dialect.POSTGRES;
            hikari.setJdbcUrl(settings.url());
            if (!settings.user().isEmpty()) {
                hikari.setUsername(settings.user());
            }
            if (!settings.password().isEmpty()) {
                hikari.setPassword(settings.password());
            }
            hikari.addDataSourceProperty("connectTimeout", "2");
            hikari.addDataSourceProperty("socketTimeout", "30");
            // Every statement names tables unqualified: they resolve in the catalog's own schema only.
            hikari.setSchema(settings.schema());
        } else {
            dialect = Dialect.SQLITE;
            Path file = config.dataDir().resolve("catalog.db").toAbsolutePath();
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + file.getParent(), e);
            }
            hikari.setJdbcUrl("jdbc:sqlite:" + file);
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("busy_timeout", "10000");
            // Checkpoints run in the background (WalCheckpointer); the writers' own only past this many pages.
            hikari.addDataSourceProperty("wal_autocheckpoint", Integer.toString(WalCheckpointer.BACKSTOP_PAGES));
            hikari.addDataSourceProperty("journal_size_limit", Long.toString(WalCheckpointer.WAL_SIZE_LIMIT));
            hikari.setMaximumPoolSize(Math.min(settings.poolSize(), 8));
        }
        HikariDataSource ds = new HikariDataSource(hikari);
        try {
            var flyway = Flyway.configure()
                    .dataSource(ds)
                    .locations(dialect.migrationLocation());
            if (dialect == Dialect.POSTGRES) {
                PostgresSchema.refuseTablesLeftInPublic(ds, settings.schema());
                flyway.schemas(settings.schema()).defaultSchema(settings.schema()).createSchemas(true);
            }
            flyway.load().migrate();
            if (dialect == Dialect.SQLITE) {
                NativeLibraryCopy.SQLITE.delete();
            }
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new JdbcCatalog(ds, dialect, tracing);
    }

    @Override
    public String type() {
        return db.dialect().displayName();
    }

    @Override
    public ResultRepository results() {
        return results;
    }

    @Override
    public QueryRunRepository runs() {
        return runs;
    }

    @Override
    public BlobDeletionQueue deletions() {
        return deletions;
    }

    @Override
    public PayloadRepository payloads() {
        return payloads;
    }

    /** Uploaded files waiting to become datasets. */
    public JdbcUploads uploads() {
        return uploads;
    }

    /** Users' own named tables. */
    public JdbcDatasets datasets() {
        return datasets;
    }

    /** Connected sources and their cached tables. */
    public JdbcConnections connections() {
        return connections;
    }

    /** How many results are ready to be queried. */
    public long readyResultCount() {
        return db.read(h -> h.createQuery("SELECT count(*) FROM results WHERE status = 'ready'").mapTo(Long.class)
                .one());
    }

    /** How many results the catalog holds in each status (wire names), for metrics. */
    public Map<String, Long> resultCountsByStatus() {
        return db.read(h -> h.createQuery("SELECT status, count(*) AS n FROM results GROUP BY status")
                .reduceRows(new HashMap<String, Long>(), (counts, row) -> {
                    counts.put(row.getColumn("status", String.class), row.getColumn("n", Long.class));
                    return counts;
                }));
    }

    /** For features that keep their own tables in the catalog (payloads). */
    public CatalogDb db() {
        return db;
    }

    @Override
    public void heartbeat(String owner, Instant now) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO nodes (owner, started_at, heartbeat_at) VALUES (:owner, :now, :now)
                        ON CONFLICT (owner) DO UPDATE SET heartbeat_at = excluded.heartbeat_at""")
                .bind("owner", owner)
                .bind("now", now.toEpochMilli())
                .execute());
    }

    @Override
    public void leave(String owner) {
        db.write(h -> h.createUpdate("DELETE FROM nodes WHERE owner = :owner").bind("owner", owner).execute());
    }

    @Override
    public void forgetOtherOwners(String owner) {
        db.write(h -> h.createUpdate("DELETE FROM nodes WHERE owner <> :owner").bind("owner", owner).execute());
    }

    @Override
    public void ping() {
        db.read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    }

    @Override
    public void close() {
        checkpointer.ifPresent(WalCheckpointer::close);
        dataSource.close();
    }
}
