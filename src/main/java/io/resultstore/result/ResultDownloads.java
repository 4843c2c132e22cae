package io.resultstore.result;

import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import io.resultstore.engine.QueryEngine;
import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Whole-result downloads in constant memory, whatever the result's size.
 *
 * <p>Parquet is the stored file itself, streamed from blob storage with its size known up front (so the
 * answer has a {@code Content-Length} and can serve byte ranges). CSV, JSON Lines and Arrow are produced by
 * the engine from that file as a streaming scan written straight to the socket: the engine holds one chunk of
 * rows, the JVM one row (CSV/JSONL) or one Arrow batch, and a slow reader slows the scan down instead of
 * buffering. Converting to a temporary file first ({@code COPY … TO}) would also be constant in memory but
 * costs a full extra write of the result to disk and delays the first byte until the whole conversion ends.
 */
public final class ResultDownloads {
    private final ResultService results;
    private final ResultFiles files;
    private final BlobStorage storage;
    private final QueryEngine engine;

    public ResultDownloads(ResultService results, ResultFiles files, BlobStorage storage, QueryEngine engine) {
        this.results = requireNonNull(results, "results is null");
        this.files = requireNonNull(files, "files is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.engine = requireNonNull(engine, "engine is null");
    }

    /** A result whose data can be downloaded: 400/404/410 as for every read, 409 when it is not ready. */
    public Result requireReady(String id) {
        Result r = results.require(id);
        if (r.status() == ResultStatus.READY && !files.checkExists(r)) {
            r = results.require(id);
        }
        return switch (r.status()) {
            case READY -> r;
            case PROCESSING -> throw ApiException.conflict("result " + id + " is still processing; retry when it is ready");
            default -> throw ApiException.conflict("result " + id + " is " + r.status().wire()
                    + r.errorMessage().map(m -> ": " + m).orElse("") + "; it has no data to download");
        };
    }

    /** Size in bytes of a ready result's Parquet file. */
    public long parquetSize(Result ready) {
        try {
            return storage.size(key(ready)).orElseThrow(() -> {
                files.checkExists(ready);
                return ApiException.conflict("result " + ready.id() + " is failed: " + ResultFiles.VANISHED);
            });
        } catch (IOException e) {
            throw ApiException.unavailable("storage unavailable, retry later", e);
        }
    }

    /** Bytes {@code offset .. offset+length} of a ready result's Parquet file; the caller closes the stream. */
    public InputStream openParquet(Result ready, long offset, long length) throws IOException {
        return storage.openRange(key(ready), offset, length);
    }

    /** Writes the whole result to {@code out} as CSV, JSON Lines or an Arrow IPC stream. */
    public void writeRows(Result ready, DownloadFormat format, OutputStream out) throws IOException {
        Path file = files.localFile(ready);
        engine.scan(file, ready.columns(), rows -> {
            switch (format) {
                case CSV -> {
                    if (ArrowText.handles(rows.getMetaData())) {
                        ArrowCsv.write(rows, out);
                    } else {
                        TextRows.csv(rows, out);
                    }
                }
                case JSONL -> {
                    if (ArrowText.handles(rows.getMetaData())) {
                        ArrowJsonl.write(rows, out);
                    } else {
                        TextRows.jsonl(rows, out);
                    }
                }
                case ARROW -> ArrowRows.write(rows, out);
                case PARQUET -> throw new IllegalArgumentException("parquet is served from storage, not the engine");
            }
        });
    }

    private static String key(Result ready) {
        return ready.storageKey().orElseThrow(() -> new IllegalStateException("ready result without key"));
    }
}
