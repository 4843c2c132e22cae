package io.resultstore.engine;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.NativeLibraryCopy;
import io.resultstore.common.Threads;
import io.resultstore.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB in-process, sandboxed once at start: it may touch only the given directories, external access and
 * extension loading are off, and the configuration is locked before any user statement runs. Staged results
 * live in schema {@code _staging}, which user statements cannot name; ready results are views in
 * {@code results}.
 */
public final class DuckDbEngine implements QueryEngine, ArrowStaging {
    private static final Logger log = LoggerFactory.getLogger(DuckDbEngine.class);
    static final String STAGING_SCHEMA = "_staging";
    private static final long SIZE_POLL_MS = 50;

    private final DuckDBConnection root;
    private final StatementPolicy policy = new StatementPolicy();
    private final Map<String, Path> exposed = new ConcurrentHashMap<>();
    private final Map<String, Path> exposedDatasets = new ConcurrentHashMap<>();
    /** Per attached connection database: "schema"."table" → the file its view reads. */
    private final Map<String, Map<String, Path>> exposedSources = new ConcurrentHashMap<>();
    private final Object ddlLock = new Object();
    private final ScheduledExecutorService sizeWatch = 
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("parquet-size-watch"));

    public DuckDbEngine(Config.EngineSettings settings, Path tempDir, List<Path> allowedDirs) {
        requireNonNull(settings, "settings is null");
        try {
            Files.createDirectories(tempDir);
            for (Path dir : allowedDirs) {
                Files.createDirectories(dir);
            }
            clearDirectory(tempDir);
            Properties props = new Properties();
            props.setProperty("duckdb.read_only", "false");
            // Result sets arrive chunk by chunk instead of being materialized in the engine first; connections
            // duplicated from this one inherit it. Without it a download holds the whole result in native memory.
            props.setProperty("jdbc_stream_results", "true");
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props);
            NativeLibraryCopy.DUCKDB.delete();
            try (Statement st = root.createStatement()) {
                st.execute("SET memory_limit = " + literal(settings.memoryLimit()));
                st.execute("SET threads = " + settings.threads());
                st.execute("SET temp_directory = " + literal(tempDir.toAbsolutePath().toString()));
                // Inline rows, pages and the Parquet file must show one and the same row order.
                st.execute("SET preserve_insertion_order = true");
                // A streamed result keeps at most this much decoded ahead of its reader: enough for the engine's
                // threads to stay busy while a download converts one batch, still constant per reader.
                st.execute("SET streaming_buffer_size = '32MB'");
                st.execute("SET autoinstall_known_extensions = false");
                st.execute("SET autoload_known_extensions = false");
                List<Path> allowed = new ArrayList<>(allowedDirs);
                allowed.add(tempDir);
                st.execute("SET allowed_directories = [" + allowed.stream()
                        .map(p -> literal(p.toAbsolutePath().normalize() + "/"))
                        .collect(Collectors.joining(", ")) + "]");
                st.execute("SET enable_external_access = false");
                st.execute("SET lock_configuration = true");
                st.execute("CREATE SCHEMA " + STAGING_SCHEMA);
                st.execute("CREATE SCHEMA " + StatementPolicy.RESULTS_SCHEMA);
                st.execute("CREATE SCHEMA " + StatementPolicy.DATASETS_SCHEMA);
                // range(1e12) is how people write "a lot of rows", but DuckDB only binds range(BIGINT). This
                // shadow accepts any number for the one-argument form and passes the other forms through.
                st.execute("CREATE MACRO range(stop) AS TABLE (SELECT range FROM system.main.range(CAST(stop AS BIGINT))),"
                        + " (start, stop) AS TABLE (SELECT range FROM system.main.range(start, stop)),"
                        + " (start, stop, step) AS TABLE (SELECT range FROM system.main.range(start, stop, step))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the engine: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare engine directories", e);
        }
    }

    @Override
    public String name() {
        return Engines.DUCKDB;
    }

    @Override
    public QuerySession openSession() {
        try {
            return new DuckDbSession(root.duplicate(), policy);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open an engine connection", e);
        }
    }

    @Override
    public void exposeResult(String resultId, Path dataFile, List<Column> columns) {
        exposeView(StatementPolicy.RESULTS_SCHEMA, exposed, resultId, dataFile, columns);
    }

    @Override
    public void hideResult(String resultId) {
        hideView(StatementPolicy.RESULTS_SCHEMA, exposed, resultId);
    }

    @Override
    public void exposeDataset(String name, Path dataFile, List<Column> columns) {
        exposeView(StatementPolicy.DATASETS_SCHEMA, exposedDatasets, name, dataFile, columns);
    }

    @Override
    public void hideDataset(String name) {
        hideView(StatementPolicy.DATASETS_SCHEMA, exposedDatasets, name);
    }

    /**
     * Each connection is an in-memory database of its own, attached under the connection's name, so that its
     * tables answer to the three-part names users write. It holds only views over cached Parquet files: attaching
     * ':memory:' opens no file and needs no external access, so the sandbox stays as it was.
     */
    @Override
    public void exposeSourceTable(SourceTableRef ref, Path dataFile, List<Column> columns) {
        Path file = dataFile.toAbsolutePath();
        String key = identifier(ref.schema()) + "." + identifier(ref.table());
        Map<String, Path> views = exposedSources.get(ref.connection());
        if (views != null && file.equals(views.get(key))) {
            return;
        }
        synchronized (ddlLock) {
            String db = identifier(ref.connection());
            views = exposedSources.get(ref.connection());
            if (views == null) {
                ddl("ATTACH IF NOT EXISTS ':memory:' AS " + db);
                views = new ConcurrentHashMap<>();
                exposedSources.put(ref.connection(), views);
            }
            ddl("CREATE SCHEMA IF NOT EXISTS " + db + "." + identifier(ref.schema()));
            ddl("CREATE OR REPLACE VIEW " + db + "." + key + " AS "
                    + ParquetTypes.readSelect(columns, parquetSource(file)));
            views.put(key, file);
        }
    }

    @Override
    public void hideConnection(String connection) {
        synchronized (ddlLock) {
            if (exposedSources.remove(connection) != null) {
                try {
                    ddl("DETACH DATABASE IF EXISTS " + identifier(connection));
                } catch (IllegalStateException e) {
                    // Its views then read files that may go away: statements naming them fail, which is right.
                    log.warn("connection {} could not be detached: {}", connection, e.getMessage());
                }
            }
        }
    }

    /** A view {@code schema."name"} over the Parquet file; {@code views} remembers which file each one reads. */
    private void exposeView(String schema, Map<String, Path> views, String name, Path dataFile, List<Column> columns) {
        Path file = dataFile.toAbsolutePath();
        if (file.equals(views.get(name))) {
            return;
        }
        synchronized (ddlLock) {
            ddl("CREATE OR REPLACE VIEW " + schema + "." + identifier(name)
                    + " AS " + ParquetTypes.readSelect(columns, parquetSource(file)));
            views.put(name, file);
        }
    }

    private void hideView(String schema, Map<String, Path> views, String name) {
        synchronized (ddlLock) {
            if (views.remove(name) != null) {
                ddl("DROP VIEW IF EXISTS " + schema + "." + identifier(name));
            }
        }
    }

    /** Bytes DuckDB's buffer manager holds now (all tags together), for metrics. */
    public long memoryInUse() {
        try (Connection c = root.duplicate(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read engine memory: " + e.getMessage(), e);
        }
    }

    @Override
    public Page readPage(Path dataFile, List<Column> columns, long offset, int limit) {
        String sql = ParquetTypes.readSelect(columns, parquetSource(dataFile.toAbsolutePath())) + " LIMIT "
                + limit + " OFFSET " + offset;
        try (Connection c = root.duplicate(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return new Page(DuckDbSession.readRows(rs, limit));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + dataFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void scan(Path dataFile, List<Column> columns, RowScan consumer) throws IOException {
        String sql = ParquetTypes.readSelect(columns, parquetSource(dataFile.toAbsolutePath()));
        // Streamed (jdbc_stream_results): constant memory however large the file.
        try (Connection c = root.duplicate(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            consumer.accept(rs);
        } catch (SQLException e) {
            throw new IOException("cannot read " + dataFile.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ArrowStream openStagedArrow(String stagedAs, BufferAllocator allocator, int batchRows) {
        // The open result set keeps its transaction's snapshot: the writer may COPY and DROP the staged table
        // meanwhile, and this reader still sees every row.
        try {
            return DuckDbArrowStream.open(root.duplicate(), "SELECT * FROM " + stagingTable(stagedAs), allocator,
                    batchRows);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read staged result " + stagedAs + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ArrowStream openFileArrow(Path dataFile, List<Column> columns, BufferAllocator allocator, int batchRows) {
        try {
            return DuckDbArrowStream.open(root.duplicate(),
                    ParquetTypes.readSelect(columns, parquetSource(dataFile.toAbsolutePath())), allocator, batchRows);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + dataFile.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ExecutedQuery stage(String resultId, BufferAllocator allocator, ArrowReader batches,
            List<Target> columns, int maxRows, long startNanos) throws SQLException {
        String table = stagingTable(resultId);
        // A view of the stream, private to this connection (a temporary view): no other statement can name it.
        String source = identifier("arrow_" + resultId);
        try (DuckDBConnection c = (DuckDBConnection) root.duplicate();
                ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, batches, stream);
            c.registerArrowStream(source.substring(1, source.length() - 1), stream);
            List<org.apache.arrow.vector.types.pojo.Field> fields = batches.getVectorSchemaRoot().getSchema().getFields();
            StringBuilder select = new StringBuilder("SELECT ");
            for (int i = 0; i < fields.size(); i++) {
                // By the stream's own (unique) field names; the result's names may repeat.
                String value = identifier(fields.get(i).getName());
                Target target = columns.get(i);
                select.append(i == 0 ? "" : ", ")
                        .append(target.cast().map(t -> "CAST(" + value + " AS " + t + ")").orElse(value))
                        .append(" AS ").append(identifier(target.name()));
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + table + " AS " + select + " FROM " + source);
            }
            return DuckDbSession.readBack(c, resultId, maxRows, (System.nanoTime() - startNanos) / 1_000_000);
        } catch (IOException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    /**
     * DuckDB has no size limit for COPY: with a cap, a watcher polls the growing file and cancels the statement
     * once it passes the cap. This relies on the engine returning from an interrupted COPY, which DuckDB 2.0.x
     * does not always do (see the version note in pom.xml and ParquetSizeCapTest).
     */
    @Override
    public void writeParquet(String resultId, List<Column> columns, Path target, long maxBytes) throws Exception {
        try (Connection c = root.duplicate(); Statement st = c.createStatement()) {
            try {
                copy(st, resultId, columns, target, maxBytes);
            } finally {
                drop(st, resultId);
            }
        }
    }

    private void copy(Statement st, String resultId, List<Column> columns, Path target, long maxBytes)
            throws Exception {
        String copy = "COPY (" + ParquetTypes.writeSelect(columns, stagingTable(resultId)) + ") TO " + literal(target.toAbsolutePath().toString())
                + " (FORMAT parquet, COMPRESSION zstd)";
        if (maxBytes <= 0) {
            st.execute(copy);
            return;
        }
        AtomicBoolean over = new AtomicBoolean();
        ScheduledFuture<?> watch = sizeWatch.scheduleWithFixedDelay(() -> {
            try {
                if (Files.size(target) > maxBytes && over.compareAndSet(false, true)) {
                    st.cancel();
                }
            } catch (IOException | SQLException | RuntimeException ignored) {
                // not created yet, or the COPY ended meanwhile
            }
        }, SIZE_POLL_MS, SIZE_POLL_MS, TimeUnit.MILLISECONDS);
        try {
            st.execute(copy);
        } catch (SQLException e) {
            if (!over.get()) {
                throw e;
            }
        } finally {
            watch.cancel(false);
        }
        if (over.get()) {
            throw new ResultTooLargeException(maxBytes);
        }
    }

    @Override
    public void dropStaged(String resultId) {
        try (Connection c = root.duplicate(); Statement st = c.createStatement()) {
            drop(st, resultId);
        } catch (SQLException e) {
            log.warn("result {} staging table could not be dropped: {}", resultId, e.getMessage());
        }
    }

    private static void drop(Statement st, String resultId) {
        try {
            st.execute("DROP TABLE IF EXISTS " + stagingTable(resultId));
        } catch (SQLException e) {
            log.warn("result {} staging table could not be dropped: {}", resultId, e.getMessage());
        }
    }

    @Override
    public void close() {
        sizeWatch.shutdownNow();
        try {
            root.close();
        } catch (SQLException e) {
            log.warn("engine close failed: {}", e.getMessage());
        }
    }

    private void ddl(String sql) {
        try (Statement st = root.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("engine DDL failed: " + e.getMessage(), e);
        }
    }

    static String parquetSource(Path file) {
        return "read_parquet(" + literal(file.toString()) + ")";
    }

    static String stagingTable(String resultId) {
        return STAGING_SCHEMA + "." + identifier(resultId);
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void clearDirectory(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
