package io.resultstore.dataset;

import static java.util.Objects.requireNonNull;

import io.resultstore.common.Ids;
import io.resultstore.engine.CatalogedTables;
import io.resultstore.engine.CheckedStatement;
import io.resultstore.engine.QueryEngine;
import io.resultstore.error.ApiException;
import io.resultstore.result.Result;
import io.resultstore.result.ResultFiles;
import io.resultstore.result.ResultService;
import io.resultstore.result.ResultStatus;
import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates, changes and deletes datasets, and makes the ones a statement names visible to the engine. Every
 * change writes the new Parquet blob first and then switches the catalog row in one transaction that also queues
 * the blob it replaced (or the upload it used): a failure on the way leaves the old state and no orphan.
 */
public final class DatasetService implements CatalogedTables {
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DatasetRepository datasets;
    private final UploadService uploads;
    private final ResultService results;
    private final ResultFiles resultFiles;
    private final BlobStorage storage;
    private final QueryEngine engine;
    private final FileConverter converter;
    private final Path work;
    private final Clock clock;
    private final Duration deleteGrace;

    public DatasetService(DatasetRepository datasets, UploadService uploads, ResultService results,
            ResultFiles resultFiles, BlobStorage storage, QueryEngine engine, FileConverter converter, Path work,
            Clock clock, Duration deleteGrace) {
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.uploads = requireNonNull(uploads, "uploads is null");
        this.results = requireNonNull(results, "results is null");
        this.resultFiles = requireNonNull(resultFiles, "resultFiles is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.converter = requireNonNull(converter, "converter is null");
        this.work = requireNonNull(work, "work is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.deleteGrace = requireNonNull(deleteGrace, "deleteGrace is null");
    }

    /** Where a new dataset's rows come from: an upload (converted) or a ready result (copied). */
    public sealed interface Source permits FromUpload, FromResult {}

    public record FromUpload(String uploadId, Optional<FileFormat> format, java.util.Map<String, String> columns)
            implements Source {
        public FromUpload {
            requireNonNull(uploadId, "uploadId is null");
            requireNonNull(format, "format is null");
            columns = java.util.Map.copyOf(columns);
        }
    }

    public record FromResult(String resultId) implements Source {
        public FromResult {
            requireNonNull(resultId, "resultId is null");
        }
    }

    public Dataset create(String label, String tableName, Source source) {
        String table = checkTableName(tableName);
        checkLabel(label);
        if (datasets.findByTable(table).isPresent()) {
            throw ApiException.conflict("a dataset named " + table + " already exists");
        }
        String id = Ids.newId(Ids.DATASET, clock);
        Written written = write(id, source);
        var now = clock.instant();
        Dataset d = new Dataset(id, label, table, written.key(), written.converted().columns(),
                written.converted().rowCount(), written.bytes(), now, now, false);
        boolean inserted;
        try {
            inserted = datasets.insert(d, written.consumedUpload(), now);
        } catch (RuntimeException e) {
            storage.deleteUnreferenced(written.key());
            throw e;
        }
        if (!inserted) {
            storage.deleteUnreferenced(written.key());
            throw ApiException.conflict("a dataset named " + table + " already exists");
        }
        return d;
    }

    /** Renames (label, table name) and/or replaces the data of a live dataset. */
    public Dataset update(String id, Optional<String> label, Optional<String> tableName, Optional<Source> source) {
        Dataset before = require(id);
        label.ifPresent(DatasetService::checkLabel);
        String table = tableName.map(DatasetService::checkTableName).orElse(before.tableName());
        Optional<Written> written = source.map(s -> write(id, s));
        var now = clock.instant();
        Dataset after = new Dataset(id, label.orElse(before.label()), table,
                written.map(Written::key).orElse(before.storageKey()),
                written.map(w -> w.converted().columns()).orElse(before.columns()),
                written.map(w -> w.converted().rowCount()).orElse(before.rowCount()),
                written.map(Written::bytes).orElse(before.bytes()), before.createdAt(), now, false);
        Optional<Dataset> updated;
        try {
            updated = datasets.update(after, written.flatMap(Written::consumedUpload), now.plus(deleteGrace));
        } catch (RuntimeException e) {
            written.ifPresent(w -> storage.deleteUnreferenced(w.key()));
            throw e;
        }
        if (updated.isEmpty()) {
            written.ifPresent(w -> storage.deleteUnreferenced(w.key()));
            throw ApiException.gone("dataset " + id + " was deleted");
        }
        if (!table.equals(before.tableName())) {
            engine.hideDataset(before.tableName());
        }
        return after;
    }

    /** A live dataset: 400 for a malformed id, 404 unknown, 410 deleted. */
    public Dataset require(String id) {
        if (!Ids.isValid(Ids.DATASET, id)) {
            throw ApiException.badRequest("invalid dataset id: expected 'data' followed by 26 characters [0-9a-z]");
        }
        Dataset d = datasets.find(id).orElseThrow(() -> ApiException.notFound("dataset " + id + " not found"));
        if (d.deleted()) {
            throw ApiException.gone("dataset " + id + " was deleted");
        }
        return d;
    }

    public List<Dataset> list(Optional<String> after, int limit) {
        return datasets.list(after, limit);
    }

    public long count() {
        return datasets.liveCount();
    }

    /** Tombstones the dataset now (later reads: 410; the name is free) and deletes its file after the grace. */
    public void delete(String id) {
        Dataset d = require(id);
        var now = clock.instant();
        datasets.tombstone(id, now, now.plus(deleteGrace))
                .orElseThrow(() -> ApiException.gone("dataset " + id + " was deleted"));
        engine.hideDataset(d.tableName());
    }

    @Override
    public void expose(CheckedStatement statement) {
        for (String name : statement.datasetNames()) {
            String table = name.toLowerCase(Locale.ROOT);
            Optional<Dataset> d = TABLE_NAME.matcher(name).matches() ? datasets.findByTable(table) : Optional.empty();
            if (d.isEmpty()) {
                engine.hideDataset(table);
                throw ApiException.notFound("dataset " + name + " not found");
            }
            Path file;
            try {
                file = storage.localPath(d.get().storageKey());
            } catch (NoSuchFileException e) {
                throw ApiException.notFound("dataset " + name + " is not available: its data file is missing");
            } catch (IOException e) {
                throw ApiException.unavailable("storage unavailable, retry later", e);
            }
            engine.exposeDataset(table, file, d.get().columns());
        }
    }

    private record Written(String key, FileConverter.Converted converted, long bytes, Optional<String> consumedUpload) {}

    private Written write(String datasetId, Source source) {
        String key = Dataset.storageKeyFor(datasetId, Ids.newId("v", clock));
        Path out = work.resolve(datasetId + "-" + System.nanoTime() + ".parquet");
        try {
            Files.createDirectories(work);
            FileConverter.Converted converted;
            Optional<String> consumed;
            switch (source) {
                case FromUpload u -> {
                    Upload upload = uploads.require(u.uploadId());
                    FileFormat format = u.format().orElse(FileFormat.fromContentType(upload.contentType())
                            .orElse(FileFormat.CSV));
                    Path input = storage.localPath(upload.storageKey());
                    converted = converter.convert(input, format, u.columns(), out, upload.id());
                    consumed = Optional.of(upload.id());
                }
                case FromResult r -> {
                    Result result = results.require(r.resultId());
                    if (result.status() != ResultStatus.READY) {
                        throw ApiException.conflict("result " + r.resultId() + " is " + result.status().wire()
                                + ", not ready");
                    }
                    Files.copy(resultFiles.localFile(result), out, StandardCopyOption.REPLACE_EXISTING);
                    converted = new FileConverter.Converted(result.columns(), result.rowCount());
                    consumed = Optional.empty();
                }
            }
            long bytes = storage.publish(out, key);
            return new Written(key, converted, bytes, consumed);
        } catch (NoSuchFileException e) {
            throw ApiException.notFound("the source's data file is missing from storage");
        } catch (IOException e) {
            throw ApiException.unavailable("storage unavailable, retry later", e);
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException ignored) {
                // the work directory is cleared at start
            }
        }
    }


    private static String checkTableName(String name) {
        if (!TABLE_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("table_name must be 1-63 letters, digits or underscores, not starting"
                    + " with a digit");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static void checkLabel(String label) {
        if (label.isBlank() || label.length() > 200) {
            throw ApiException.badRequest("label must be 1-200 characters");
        }
    }
}
