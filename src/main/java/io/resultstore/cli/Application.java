package io.resultstore.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.resultstore.observe.CatalogMetrics;
import io.resultstore.observe.EngineMetrics;
import io.resultstore.observe.PayloadMetrics;
import io.resultstore.observe.PersistenceMetrics;
import io.resultstore.observe.ServerMetrics;
import io.resultstore.observe.SweepMetrics;
import io.resultstore.observe.TracedStorage;
import io.resultstore.observe.Tracing;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.resultstore.catalog.Catalog;
import io.resultstore.catalog.JdbcCatalog;
import io.resultstore.common.AuthTokens;
import io.resultstore.config.Config;
import io.resultstore.connection.ConnectionService;
import io.resultstore.connection.SecretBox;
import io.resultstore.connection.SourceAccess;
import io.resultstore.connection.SourceCache;
import io.resultstore.dataset.DatasetService;
import io.resultstore.dataset.FileConverter;
import io.resultstore.dataset.UploadService;
import io.resultstore.dataset.UploadSweeper;
import io.resultstore.flight.FlightSqlServer;
import io.resultstore.http.HttpServer;
import io.resultstore.http.Routes;
import io.resultstore.engine.CatalogedTables;
import io.resultstore.engine.DuckDbEngine;
import io.resultstore.engine.Engines;
import io.resultstore.engine.QueryEngine;
import io.resultstore.engine.trino.TrinoEngine;
import io.resultstore.payload.Compression;
import io.resultstore.payload.PayloadService;
import io.resultstore.payload.PayloadStore;
import io.resultstore.payload.PayloadSweeper;
import io.resultstore.payload.Snowflake;
import io.resultstore.query.Admission;
import io.resultstore.query.QueryService;
import io.resultstore.query.ArrowAnswers;
import io.resultstore.query.StatementShapes;
import io.resultstore.result.ResultDownloads;
import io.resultstore.result.ResultFiles;
import io.resultstore.result.ResultPersister;
import io.resultstore.result.ResultService;
import io.resultstore.result.Sweeper;
import io.resultstore.storage.BlobStorage;
import io.resultstore.storage.FileSystemStorage;
import io.resultstore.storage.S3Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the whole server with {@code new}: the one place that knows every part. */
public final class Application implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Application.class);
    public static final String VERSION = Optional.ofNullable(Application.class.getPackage().getImplementationVersion())
            .orElse("0.1.0-dev");

    /** The upload converter is a DuckDB of its own (see FileConverter); it spills to disk beyond this. */
    private static final String CONVERTER_MEMORY = "512MB";

    private final Deque<AutoCloseable> closeables = new java.util.ArrayDeque<>();
    private final Config config;
    private final String owner;
    private Catalog catalog;
    private BlobStorage storage;
    private QueryEngine engine;
    private Sweeper sweeper;
    private ResultPersister persister;
    private QueryService queries;
    private Admission admission;
    private HttpServer http;
    private Tracing tracing;
    private FlightSqlServer flight;
    private PayloadSweeper payloadSweeper;
    private volatile long closeStartedNanos;
    private UploadSweeper uploadSweeper;

    private Application(Config config) {
        this.config = config;
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.owner = "node-" + config.nodeId() + "-" + HexFormat.of().formatHex(random);
    }

    public static Application start(Config config) {
        return start(config, Clock.systemUTC(), UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** {@code wrapStorage} and {@code wrapCatalog} let tests inject faults around the real parts. */
    public static Application start(Config config, Clock clock, UnaryOperator<BlobStorage> wrapStorage,
            UnaryOperator<Catalog> wrapCatalog) {
        return start(config, clock, wrapStorage, wrapCatalog, Optional.empty());
    }

    /** As above; {@code spans}, when given, receives every span instead of the exporter the config names. */
    public static Application start(Config config, Clock clock, UnaryOperator<BlobStorage> wrapStorage,
            UnaryOperator<Catalog> wrapCatalog, Optional<SpanExporter> spans) {
        Application app = new Application(config);
        try {
            app.tracing = spans.map(e -> Tracing.exportingTo(e, app.owner))
                    .orElseGet(() -> Tracing.create(config.server().otelEndpoint(), app.owner));
            // Closed last (closeables run last-in first-out): spans of the shutdown itself are still exported.
            app.closeables.push(app.tracing);
            app.wire(clock, wrapStorage, wrapCatalog);
            return app;
        } catch (RuntimeException | IOException e) {
            app.close();
            throw e instanceof RuntimeException re ? re : new UncheckedIOException((IOException) e);
        }
    }

    private void wire(Clock clock, UnaryOperator<BlobStorage> wrapStorage, UnaryOperator<Catalog> wrapCatalog)
            throws IOException {
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        if (!config.catalog().isPostgres()) {
            lockDataDir(dataDir);
        }
        Path staging = dataDir.resolve("staging");
        Files.createDirectories(staging);
        deleteStagingFiles(staging);

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JdbcCatalog jdbcCatalog = JdbcCatalog.open(config, metrics, tracing);
        new CatalogMetrics(metrics, jdbcCatalog::resultCountsByStatus);
        catalog = wrapCatalog.apply(jdbcCatalog);
        closeables.push(catalog);
        List<Path> engineDirs = new ArrayList<>(List.of(staging));
        BlobStorage base;
        if (config.storage().isS3()) {
            S3Storage s3 = S3Storage.create(config.storage(), dataDir.resolve("cache"));
            engineDirs.add(s3.cacheDir());
            base = s3;
        } else {
            FileSystemStorage fs = new FileSystemStorage(dataDir.resolve("blobs"));
            engineDirs.add(fs.root());
            base = fs;
        }
        closeables.push(base);
        storage = wrapStorage.apply(new TracedStorage(base, tracing));
        DuckDbEngine local = new DuckDbEngine(config.engine(), dataDir.resolve("tmp"), engineDirs);
        engine = local;
        new EngineMetrics(metrics, local::memoryInUse);
        closeables.push(engine);
        // Runs after the engine closed: a writer cut off by the end of the grace leaves no staged file behind.
        closeables.push(() -> deleteStagingFiles(staging));
        Map<String, QueryEngine> remote = new HashMap<>();
        if (config.trino().isPresent()) {
            TrinoEngine trino = new TrinoEngine(config.trino().get(), local);
            closeables.push(trino);
            remote.put(trino.name(), trino);
        }
        // Leaving tells the other replicas that this one's unfinished work is orphaned, so it must come after
        // the writers drained and the heartbeat stopped (closeables run last-in first-out).
        closeables.push(() -> catalog.leave(owner));

        sweeper = new Sweeper(catalog, storage, engine, clock, owner, config.results().staleAfter(),
                config.results().sweepInterval(), config.results().deleteGrace(), new SweepMetrics(metrics));
        closeables.push(sweeper);
        sweeper.heartbeat();
        if (!config.catalog().isPostgres()) {
            catalog.forgetOtherOwners(owner);
        }
        sweeper.failOrphans();

        PersistenceMetrics persistenceMetrics = new PersistenceMetrics(metrics);
        persister = new ResultPersister(catalog.results(), storage, engine, staging, clock,
                config.results().retention(), config.results().maxBytes(), config.persistence().concurrency(),
                persistenceMetrics, tracing);
        persistenceMetrics.bindInFlight(persister::inFlight);
        // The grace counts from the start of the shutdown: requests still being answered use it up first.
        closeables.push(() -> persister.drain(remainingGrace()));
        ResultFiles files = new ResultFiles(catalog.results(), storage, engine);
        ResultService results = new ResultService(catalog.results(), files, engine, clock,
                config.results().deleteGrace(), config.query().maxInlineRows(), config.query().inlineRowsCap());
        Path incoming = emptyDirectory(dataDir.resolve("incoming"));
        UploadService uploads = new UploadService(jdbcCatalog.uploads(), storage, incoming, clock,
                config.files().maxBytes(), config.files().uploadTtl());
        DatasetService datasets = new DatasetService(jdbcCatalog.datasets(), uploads, results, files, storage, engine,
                new FileConverter(CONVERTER_MEMORY), emptyDirectory(dataDir.resolve("convert")), clock,
                config.results().deleteGrace());
        ConnectionService connections = new ConnectionService(jdbcCatalog.connections(),
                new SourceAccess(List.of(dataDir), config.connections().connectTimeout()),
                SecretBox.load(config.connections().secretsKey(), dataDir.resolve("secrets.key")), engine, clock,
                config.results().deleteGrace());
        SourceCache sourceCache = new SourceCache(connections, jdbcCatalog.connections(), storage, engine,
                emptyDirectory(dataDir.resolve("sync")), CONVERTER_MEMORY, config.connections().fetchSize(), clock,
                config.results().deleteGrace());
        uploadSweeper = new UploadSweeper(uploads, config.results().sweepInterval());
        closeables.push(uploadSweeper);
        Config.AdmissionSettings limits = config.admission();
        admission = new Admission(limits.maxConcurrent(), limits.queueTimeout(), limits.maxSqlBytes(),
                limits.maxBacklog(), persister::inFlight);
        CatalogedTables cataloged = CatalogedTables.all(datasets, sourceCache);
        queries = new QueryService(new Engines(engine, remote), catalog.results(), catalog.runs(), files, persister,
                results, config.query(), config.persistence().enabled(), clock, owner, admission, cataloged, tracing);
        closeables.push(queries);

        PayloadStore payloadStore = new PayloadStore(storage, catalog.deletions(), clock,
                config.payloads().inlineMaxBytes(), Compression.fromWire(config.payloads().compression()));
        PayloadService payloads = new PayloadService(catalog.payloads(), payloadStore,
                new Snowflake(config.nodeId(), clock), clock, config.payloads(), new PayloadMetrics(metrics));
        payloadSweeper = new PayloadSweeper(catalog.payloads(), payloadStore, clock, config.results().sweepInterval());
        closeables.push(payloadSweeper);

        ServerMetrics serverMetrics = new ServerMetrics(metrics);
        serverMetrics.bindAdmission(admission);
        serverMetrics.bindQueries(queries, admission);
        http = new HttpServer(config.server(), config.authTokens(), serverMetrics, tracing,
                new Routes(catalog, storage, metrics, VERSION, queries, results,
                        new ResultDownloads(results, files, storage, engine), payloads,
                        uploads, datasets, connections, sourceCache, jdbcCatalog::readyResultCount)::register);
        closeables.push(http);
        http.start();
        if (config.server().flightEnabled()) {
            flight = new FlightSqlServer(config.server(), new AuthTokens(config.authTokens()), config.query().timeout(),
                    queries, new StatementShapes(engine, files, cataloged), new ArrowAnswers(engine, results, files),
                    results, datasets, VERSION);
            closeables.push(flight);
            flight.start();
        }
        sweeper.start();
        payloadSweeper.start();
        uploadSweeper.start();
        log.info("node {} serving on port {} (catalog {}, storage {})", owner, http.port(), catalog.type(), storage.type());
    }

    /** Parquet files of writers that died or were cut off mid-write: never referenced by the catalog. */
    private static void deleteStagingFiles(Path staging) throws IOException {
        try (var leftovers = Files.list(staging)) {
            for (Path p : (Iterable<Path>) leftovers::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Duration remainingGrace() {
        Duration spent = Duration.ofNanos(System.nanoTime() - closeStartedNanos);
        Duration left = config.server().shutdownGrace().minus(spent);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** A work directory whose leftovers (from a process that died mid-way) are never referenced by the catalog. */
    private static Path emptyDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return dir;
    }

    public UploadSweeper uploadSweeper() {
        return uploadSweeper;
    }

    private void lockDataDir(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("data directory " + dataDir + " is in use by another server");
        }
        closeables.push(channel);
    }

    public int port() {
        return http.port();
    }

    /** The Arrow Flight SQL port; empty when {@code flight.port} is 0. */
    /** The HTTP routes as registered (see {@link HttpServer#routes()}). */
    public List<String> httpRoutes() {
        return http.routes();
    }

    public Optional<Integer> flightPort() {
        return Optional.ofNullable(flight).map(FlightSqlServer::port);
    }

    public String url() {
        String host = config.server().host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public Config config() {
        return config;
    }

    public Catalog catalog() {
        return catalog;
    }

    public BlobStorage storage() {
        return storage;
    }

    public Sweeper sweeper() {
        return sweeper;
    }

    public PayloadSweeper payloadSweeper() {
        return payloadSweeper;
    }

    public ResultPersister persister() {
        return persister;
    }

    /** Running, waiting and refused statements, for metrics. */
    public Admission admission() {
        return admission;
    }

    public QueryService queries() {
        return queries;
    }

    public String owner() {
        return owner;
    }

    /** Stops in reverse order of start: HTTP first, the catalog last. */
    @Override
    public void close() {
        closeStartedNanos = System.nanoTime();
        while (!closeables.isEmpty()) {
            AutoCloseable c = closeables.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("shutdown step failed: {}", e.toString());
            }
        }
    }
}
