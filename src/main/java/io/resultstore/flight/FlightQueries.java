package io.resultstore.flight;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.resultstore.common.Json;
import io.resultstore.engine.ArrowStream;
import io.resultstore.error.ApiException;
import io.resultstore.query.QueryAnswer;
import io.resultstore.query.ArrowAnswers;
import io.resultstore.query.QueryRequest;
import io.resultstore.query.QueryService;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer.CallContext;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Flight query is a query like any other: {@link QueryService} runs it (run row, sandbox, statement timeout,
 * persisted result), and its whole result is then read from the engine as Arrow, not from the inline page. The
 * stream is opened as soon as the query ends, before the answer is released, so the background write starts
 * right after and never waits for the client's {@code DoGet}; the open stream keeps its own snapshot of the rows
 * meanwhile.
 *
 * <p>{@code GetFlightInfo} waits up to {@code flight.info_wait} for the query's end and then answers with the
 * result's id, schema and row count. A longer query is answered while it runs (its run id only, no schema: the
 * stream brings it), and its {@code DoGet} waits for the end. So a client holds a ticket it can cancel while the
 * statement runs: {@code CancelFlightInfo}, or cancelling the {@code DoGet} call (which is what the JDBC driver's
 * {@code Statement.cancel()} does), stops the engine statement through the same cancel as
 * {@code POST /query-runs/{id}/cancel}, as does a client cancelling its {@code GetFlightInfo} call.
 */
final class FlightQueries implements AutoCloseable {
    /** How often a waiting call checks whether its client went away. */
    private static final long CANCEL_CHECK_MS = 100;

    private final QueryService queries;
    private final ArrowAnswers staged;
    private final PendingStreams pending;
    private final BufferAllocator allocator;
    private final Duration maxWait;
    private final Duration infoWait;
    private final ExecutorService waiting = Executors.newVirtualThreadPerTaskExecutor();

    FlightQueries(QueryService queries, ArrowAnswers staged, PendingStreams pending, BufferAllocator allocator,
            Duration maxWait, Duration infoWait) {
        this.queries = requireNonNull(queries, "queries is null");
        this.staged = requireNonNull(staged, "staged is null");
        this.pending = requireNonNull(pending, "pending is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.maxWait = requireNonNull(maxWait, "maxWait is null");
        this.infoWait = requireNonNull(infoWait, "infoWait is null");
    }

    /** Starts the query and answers where to read its result: once it ended, or while it runs after the wait. */
    FlightInfo run(String sql, List<Object> parameters, CallContext context, FlightDescriptor descriptor) {
        // No inline rows: the result goes out as Arrow, so nothing is encoded for JSON.
        QueryRequest request = new QueryRequest(sql, Optional.of(maxWait), Optional.of(0), true, Optional.empty(), parameters);
        CompletableFuture<String> started = new CompletableFuture<>();
        CompletableFuture<OpenedResult> result =
                CompletableFuture.supplyAsync(() -> open(queries.submit(request, started::complete)), waiting);
        // Refused before a run existed (policy, admission): the wait for the run id ends with the refusal.
        result.whenComplete((r, e) -> started.completeExceptionally(
                e != null ? e : new IllegalStateException("query ended without a run")));
        long deadline = System.nanoTime() + infoWait.toNanos();
        while (!result.isDone() && (System.nanoTime() - deadline < 0 || !started.isDone())) {
            if (context.isCancelled()) {
                started.thenAccept(this::cancel);
                result.thenAccept(OpenedResult::close);
                throw CallStatus.CANCELLED.withDescription("the client canceled the call").toRuntimeException();
            }
            waitFor(result);
        }
        if (!result.isDone()) {
            String runId = started.join();
            String handle = pending.put(runId, result);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("query_run_id", runId);
            // No schema: the stream's own schema is exact once the statement ended.
            return new FlightInfo(null, descriptor, List.of(new FlightEndpoint(ticket(handle))), -1, -1, true,
                    IpcOption.DEFAULT, json(meta));
        }
        OpenedResult opened = join(result);
        String handle = pending.put(opened.runId(), result);
        return FlightInfo.builder(opened.schema(), descriptor, List.of(new FlightEndpoint(ticket(handle))))
                .setRecords(opened.rowCount())
                .setOrdered(true)
                .setAppMetadata(appMetadata(opened))
                .build();
    }

    /** Opens a finished query's rows as Arrow, then releases the answer so its background write may start. */
    private OpenedResult open(QueryAnswer answer) {
        try {
            if (!answer.finished()) {
                throw CallStatus.TIMED_OUT.withDescription("query run " + answer.queryRunId()
                        + " is still running; its result will be readable by id once it ends").toRuntimeException();
            }
            ArrowStream stream = staged.open(answer, allocator);
            try {
                Schema schema = stream.reader().getVectorSchemaRoot().getSchema();
                return new OpenedResult(answer.queryRunId(), answer.resultId(), answer.executed().orElseThrow().rowCount(),
                        answer.warning(), stream, schema);
            } catch (IOException | RuntimeException e) {
                stream.close();
                throw new IllegalStateException("cannot read the result of run " + answer.queryRunId(), e);
            }
        } finally {
            answer.answered();
        }
    }

    private static Ticket ticket(String handle) {
        return new Ticket(Any.pack(TicketStatementQuery.newBuilder()
                .setStatementHandle(ByteString.copyFromUtf8(handle)).build()).toByteArray());
    }

    /** {@code {"query_run_id": …, "result_id": …}}: what a client needs to find the run and the result later. */
    private static byte[] appMetadata(OpenedResult opened) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("query_run_id", opened.runId());
        meta.put("result_id", opened.resultId().orElse(null));
        opened.warning().ifPresent(w -> meta.put("warning", w));
        return json(meta);
    }

    private static byte[] json(Map<String, Object> meta) {
        try {
            return Json.MAPPER.writeValueAsBytes(meta);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode app metadata", e);
        }
    }

    /** Waits a little for the query's end; an interrupted wait (the server stopping) is UNAVAILABLE. */
    private static void waitFor(CompletableFuture<OpenedResult> result) {
        try {
            result.get(CANCEL_CHECK_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still running, or ended: the caller looks again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(io.resultstore.error.ErrorCode.UNAVAILABLE, "server is shutting down");
        }
    }

    /** The finished query's result, or its failure as thrown by the query service. */
    private static OpenedResult join(CompletableFuture<OpenedResult> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** Stops a query whose caller is gone; false when it ended meanwhile (then it needs nothing). */
    private boolean cancel(String runId) {
        try {
            queries.cancel(runId);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    /**
     * Sends a ticket's rows batch by batch, each only when the client can take it; a query still running is
     * waited for first, and a client that cancels the call meanwhile cancels the query.
     */
    void stream(String handle, ServerStreamListener listener) {
        PendingStreams.Pending p = pending.claim(handle).orElseThrow(() -> CallStatus.NOT_FOUND.withDescription(
                "ticket not found: it was read already or not within " + PendingStreams.UNREAD_TTL.toSeconds()
                        + " s; read the result again by id (SELECT * FROM results.\"<result_id>\")")
                .toRuntimeException());
        try {
            while (!p.result().isDone()) {
                if (listener.isCancelled()) {
                    cancel(p.runId());
                    p.abandon();
                    return;
                }
                waitFor(p.result());
            }
            try (OpenedResult opened = join(p.result())) {
                ArrowSender.send(opened, listener, maxWait);
            }
        } catch (RuntimeException e) {
            p.abandon();
            listener.error(FlightErrors.toFlight(e));
        } finally {
            pending.done(handle);
        }
    }

    /**
     * {@code CancelFlightInfo}: a query still running is canceled (its reader, if one waits, gets CANCELLED);
     * a finished one's unread stream is dropped. False when the ticket is unknown, read or being read.
     */
    boolean cancelTicket(String handle) {
        Optional<PendingStreams.Pending> p = pending.find(handle);
        if (p.isEmpty()) {
            return false;
        }
        if (!p.get().result().isDone()) {
            return cancel(p.get().runId());
        }
        return pending.discard(handle);
    }

    @Override
    public void close() {
        waiting.shutdownNow();
    }
}
