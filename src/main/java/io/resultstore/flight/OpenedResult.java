package io.resultstore.flight;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.ArrowStream;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** A finished Flight query: its run, its result and the rows opened as Arrow for the ticket's one reader. */
record OpenedResult(String runId, Optional<String> resultId, long rowCount, Optional<String> warning,
        ArrowStream stream, Schema schema) implements AutoCloseable {
    OpenedResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(resultId, "resultId is null");
        requireNonNull(warning, "warning is null");
        requireNonNull(stream, "stream is null");
        requireNonNull(schema, "schema is null");
    }

    @Override
    public void close() {
        stream.close();
    }
}
