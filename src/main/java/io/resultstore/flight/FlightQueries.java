package io.resultstore.flight;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.resultstore.common.Json;
import io.resultstore.engine.ArrowStream;
import io.resultstore.error.ApiException;
import io.resultstore.query.QueryAnswer;
import io.resultstore.query.QueryRequest;
import io.resultstore.query.QueryService;
import io.resultstore.query.ArrowAnswers;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Flight query is a query like any other: {@link QueryService} runs it (run row, sandbox, statement timeout,
 * persisted result), and its whole result is then read from the engine as Arrow, not from the inline page. The
 * stream is opened before the answer is released, so the background write starts right after and never waits
 * for the client's {@code DoGet}; the open stream keeps its own snapshot of the rows meanwhile.
 */
final class FlightQueries implements AutoCloseable {
    /** How often a waiting call checks whether its client went away. */
    private static final long CANCEL_CHECK_MS = 100;

    private final QueryService queries;
    private final ArrowAnswers staged;
    private final PendingStreams pending;
    private final BufferAllocator allocator;
    private final Duration maxWait;
    private final ExecutorService waiting = Executors.newVirtualThreadPerTaskExecutor();

    FlightQueries(QueryService queries, ArrowAnswers staged, PendingStreams pending, BufferAllocator allocator,
            Duration maxWait) {
        this.queries = requireNonNull(queries, "queries is null");
        this.staged = requireNonNull(staged, "staged is null");
        this.pending = requireNonNull(pending, "pending is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.maxWait = requireNonNull(maxWait, "maxWait is null");
    }

    /** Runs the query to its end and answers where to read its result; a client that hangs up cancels it. */
    FlightInfo run(String sql, List<Object> parameters, CallContext context, FlightDescriptor descriptor) {
        // No inline rows: the result goes out as Arrow, so nothing is encoded for JSON.
        QueryRequest request = new QueryRequest(sql, Optional.of(maxWait), Optional.of(0), true, Optional.empty(), parameters);
        AtomicReference<String> runId = new AtomicReference<>();
        CompletableFuture<QueryAnswer> future =
                CompletableFuture.supplyAsync(() -> queries.submit(request, runId::set), waiting);
        QueryAnswer answer = await(future, context, runId);
        try {
            if (!answer.finished()) {
                throw CallStatus.TIMED_OUT.withDescription("query run " + answer.queryRunId()
                        + " is still running; its result will be readable by id once it ends").toRuntimeException();
            }
            ArrowStream stream = staged.open(answer, allocator);
            Schema schema;
            try {
                schema = stream.reader().getVectorSchemaRoot().getSchema();
            } catch (IOException | RuntimeException e) {
                stream.close();
                throw new IllegalStateException("cannot read the result of run " + answer.queryRunId(), e);
            }
            String handle = pending.put(answer.queryRunId(), stream);
            Ticket ticket = new Ticket(Any.pack(TicketStatementQuery.newBuilder()
                    .setStatementHandle(ByteString.copyFromUtf8(handle)).build()).toByteArray());
            return FlightInfo.builder(schema, descriptor, List.of(new FlightEndpoint(ticket)))
                    .setRecords(answer.executed().orElseThrow().rowCount())
                    .setOrdered(true)
                    .setAppMetadata(appMetadata(answer))
                    .build();
        } finally {
            answer.answered();
        }
    }

    /** {@code {"query_run_id": …, "result_id": …}}: what a client needs to find the run and the result later. */
    private static byte[] appMetadata(QueryAnswer answer) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("query_run_id", answer.queryRunId());
        meta.put("result_id", answer.resultId().orElse(null));
        answer.warning().ifPresent(w -> meta.put("warning", w));
        try {
            return Json.MAPPER.writeValueAsBytes(meta);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode app metadata", e);
        }
    }

    private QueryAnswer await(CompletableFuture<QueryAnswer> future, CallContext context, AtomicReference<String> runId) {
        boolean canceled = false;
        while (true) {
            try {
                return future.get(CANCEL_CHECK_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!canceled && context.isCancelled() && runId.get() != null) {
                    canceled = true;
                    cancel(runId.get());
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (runId.get() != null) {
                    cancel(runId.get());
                }
                throw new ApiException(io.resultstore.error.ErrorCode.UNAVAILABLE, "server is shutting down");
            }
        }
    }

    /** Stops a query whose caller is gone; one that ended meanwhile needs nothing. */
    void cancel(String runId) {
        try {
            queries.cancel(runId);
        } catch (ApiException e) {
            // already ended
        }
    }

    /** Sends a ticket's rows batch by batch, each only when the client can take it. */
    void stream(String handle, ServerStreamListener listener) {
        PendingStreams.Pending p = pending.take(handle).orElseThrow(() -> CallStatus.NOT_FOUND.withDescription(
                "ticket not found: it was read already or not within " + PendingStreams.UNREAD_TTL.toSeconds()
                        + " s; read the result again by id (SELECT * FROM results.\"<result_id>\")")
                .toRuntimeException());
        try (ArrowStream stream = p.stream()) {
            ArrowReader reader = stream.reader();
            BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
            backpressure.register(listener);
            // Each batch is freshly imported from the engine and never written to again: no copy needed.
            listener.setUseZeroCopy(true);
            // Flight sends dictionaries (ENUM columns) once, with the schema: the first batch loads them.
            boolean more = reader.loadNextBatch();
            listener.start(reader.getVectorSchemaRoot(), reader);
            for (; more; more = reader.loadNextBatch()) {
                BackpressureStrategy.WaitResult ready = backpressure.waitForListener(maxWait.toMillis());
                if (ready != BackpressureStrategy.WaitResult.READY) {
                    if (!listener.isCancelled()) {
                        listener.error(CallStatus.TIMED_OUT.withDescription("client stopped reading")
                                .toRuntimeException());
                    }
                    return;
                }
                listener.putNext();
            }
            listener.completed();
        } catch (IOException e) {
            listener.error(CallStatus.INTERNAL.withDescription("cannot read the result of run " + p.runId())
                    .withCause(e).toRuntimeException());
        }
    }

    /** Drops a ticket nobody read yet; false when there was none to drop. */
    boolean discard(String handle) {
        return pending.discard(handle);
    }

    @Override
    public void close() {
        waiting.shutdownNow();
    }
}
