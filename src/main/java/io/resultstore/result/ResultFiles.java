package io.resultstore.result;

import static java.util.Objects.requireNonNull;

import io.resultstore.error.ApiException;
import io.resultstore.engine.QueryEngine;
import io.resultstore.storage.BlobStorage;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the data file of a ready result, and turns a ready result whose file has vanished into
 * {@code failed} so that nobody is promised data that no longer exists.
 */
public final class ResultFiles {
    private static final Logger log = LoggerFactory.getLogger(ResultFiles.class);
    static final String VANISHED = "the result's data file is missing from storage";

    private final ResultRepository results;
    private final BlobStorage storage;
    private final QueryEngine engine;

    public ResultFiles(ResultRepository results, BlobStorage storage, QueryEngine engine) {
        this.results = requireNonNull(results, "results is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.engine = requireNonNull(engine, "engine is null");
    }

    /** The local data file of a ready result; fails the result and answers 404/410-style errors otherwise. */
    public Path localFile(Result result) {
        String key = result.storageKey().orElseThrow(() -> new IllegalStateException("ready result without key"));
        try {
            return storage.localPath(key);
        } catch (NoSuchFileException e) {
            markVanished(result.id());
            throw ApiException.notFound("result " + result.id() + " is not available: " + VANISHED);
        } catch (IOException e) {
            throw ApiException.unavailable("storage unavailable, retry later", e);
        }
    }

    /** Whether the ready result's file still exists; fails the result when it does not. */
    public boolean checkExists(Result result) {
        String key = result.storageKey().orElseThrow(() -> new IllegalStateException("ready result without key"));
        try {
            if (storage.size(key).isPresent()) {
                return true;
            }
        } catch (IOException e) {
            throw ApiException.unavailable("storage unavailable, retry later", e);
        }
        markVanished(result.id());
        return false;
    }

    /** Makes every named result visible to the engine as {@code results."<id>"}; 404 for any that is not ready. */
    public void expose(Collection<String> resultIds) {
        for (String id : resultIds) {
            Result r = results.find(id).filter(x -> x.status() == ResultStatus.READY)
                    .orElseThrow(() -> {
                        engine.hideResult(id);
                        return ApiException.notFound("result " + id + " not found or not ready");
                    });
            engine.exposeResult(id, localFile(r), r.columns());
        }
    }

    private void markVanished(String id) {
        if (results.failReady(id, VANISHED)) {
            log.warn("result {} was ready but its data file is gone; marked failed", id);
        }
        engine.hideResult(id);
    }
}
