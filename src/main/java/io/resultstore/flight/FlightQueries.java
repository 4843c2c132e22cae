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
import io.resultstore.query.QueryStart;
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
 * persisted result), and its whole result is read from the engine as Arrow, not from the inline page. The engine
 * hands the batches to {@link StreamedRows} as it produces them, while the same batches fill the staged copy the
 * result is persisted from, so the client reads while the statement runs. A result the engine stages whole first
 * (types that do not survive Arrow, or a stored result answering again) is opened once the query ended, before
 * the answer is released, so its background write never waits for the client's {@code DoGet}.
 *
 * <p>{@code GetFlightInfo} waits up to {@code flight.info_wait} for the query's end and then answers with the
 * result's id, schema and row count; rows that fill what is kept for a reader not there yet are answered at
 * once, with the result's id and schema. A longer query is answered while it runs (its run id only, no schema: the
 * stream brings it), and its {@code DoGet} waits for the end. So a client holds a ticket it can cancel while the
 * statement runs: {@code CancelFlightInfo}, or cancelling the {@code DoGet} call (which is what the JDBC driver's
 * {@code Statement.cancel()} does), stops the engine statement through the same cancel as
 * {@code POST /query-runs/{id}/cancel}, as does a client cancelling its {@code GetFlightInfo} call.
 */
final class FlightQueries implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FlightQueries.class);
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

    /**
     * Starts the query and answers where to read its result: once it ended, once its rows flow and wait for
     * their reader, or while it runs after the wait.
     */
    FlightInfo run(String sql, List<Object> parameters, CallContext context, FlightDescriptor descriptor) {
        return run(sql, parameters, context, descriptor, RunWatch.NONE);
    }

    /** As {@link #run(String, List, CallContext, FlightDescriptor)}; {@code watch} learns of the run and its end. */
    FlightInfo run(String sql, List<Object> parameters, CallContext context, FlightDescriptor descriptor,
            RunWatch watch) {
        StreamedRows rows = new StreamedRows(allocator);
        // No inline rows: the result goes out as Arrow, so nothing is encoded for JSON.
        QueryRequest request = new QueryRequest(sql, Optional.of(maxWait), Optional.of(0), true, Optional.empty(),
                parameters, Optional.of(rows));
        CompletableFuture<QueryStart> started = new CompletableFuture<>();
        started.thenAccept(s -> watch.started(s.runId()));
        CompletableFuture<OpenedResult> result =
                CompletableFuture.supplyAsync(() -> open(queries.submit(request, started::complete), rows), waiting);
        result.whenComplete((r, e) -> started.thenAccept(s -> watch.ended(s.runId())));
        // Refused before a run existed (policy, admission): the wait for the run id ends with the refusal.
        result.whenComplete((r, e) -> started.completeExceptionally(
                e != null ? e : new IllegalStateException("query ended without a run")));
        // Rows nobody reads (a failed query) are freed with it.
        result.whenComplete((r, e) -> {
            if (e != null) {
                rows.close();
            }
        });
        CompletableFuture<Object> answerable = CompletableFuture.anyOf(result, rows.waitingForReader());
        ClientGone gone = ClientGone.ofCurrentCall(context::isCancelled);
        long deadline = System.nanoTime() + infoWait.toNanos();
        while (!answerable.isDone() && (System.nanoTime() - deadline < 0 || !started.isDone())) {
            if (gone.getAsBoolean()) {
                started.thenAccept(s -> cancel(s.runId()));
                rows.close();
                result.thenAccept(OpenedResult::close);
                throw CallStatus.CANCELLED.withDescription("the client canceled the call").toRuntimeException();
            }
            waitFor(answerable);
        }
        if (!result.isDone()) {
            QueryStart start = started.join();
            String handle = pending.put(start.runId(), result, rows);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("query_run_id", start.runId());
            Optional<Schema> schema = rows.schema();
            if (schema.isPresent()) {
                // Rows flow: the schema is known, the row count only once the client read them all.
                start.resultId().ifPresent(id -> meta.put("result_id", id));
                return new FlightInfo(schema.get(), descriptor, List.of(new FlightEndpoint(ticket(handle))), -1, -1,
                        true, IpcOption.DEFAULT, json(meta));
            }
            // No schema: the stream's own schema is exact once the statement ended.
            return new FlightInfo(null, descriptor, List.of(new FlightEndpoint(ticket(handle))), -1, -1, true,
                    IpcOption.DEFAULT, json(meta));
        }
        OpenedResult opened = join(result);
        String handle = pending.put(opened.runId(), result, rows);
        return FlightInfo.builder(opened.schema(), descriptor, List.of(new FlightEndpoint(ticket(handle))))
                .setRecords(opened.rowCount())
                .setOrdered(true)
                .setAppMetadata(appMetadata(opened))
                .build();
    }

    /**
     * A finished query's rows for its ticket: those the engine streamed (all of them are waiting, the statement
     * having ended), or else its staged or stored result opened as Arrow. Then releases the answer so its
     * background write may start.
     */
    private OpenedResult open(QueryAnswer answer, StreamedRows rows) {
        try {
            if (!answer.finished()) {
                throw CallStatus.TIMED_OUT.withDescription("query run " + answer.queryRunId()
                        + " is still running; its result will be readable by id once it ends").toRuntimeException();
            }
            long rowCount = answer.executed().orElseThrow().rowCount();
            if (rows.isOpen()) {
                return new OpenedResult(answer.queryRunId(), answer.resultId(), rowCount, answer.warning(), rows,
                        rows.schema().orElseThrow());
            }
            ArrowStream stream = staged.open(answer, allocator);
            try {
                Schema schema = stream.reader().getVectorSchemaRoot().getSchema();
                return new OpenedResult(answer.queryRunId(), answer.resultId(), rowCount, answer.warning(), stream,
                        schema);
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

    /** Waits a little for the query's end (or its rows); an interrupted wait (the server stopping) is UNAVAILABLE. */
    private static void waitFor(CompletableFuture<?> result) {
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

    /** Stops the run if it still runs; nothing when it ended. */
    void cancelRunning(String runId) {
        if (cancel(runId)) {
            log.info("query run {} canceled: its prepared statement was closed while it ran", runId);
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
     * Sends a ticket's rows batch by batch, each only when the client can take it: as the engine produces them,
     * or, when it did not stream them, from the ended query's result. A query whose rows have not begun is
     * waited for; a client that cancels the call meanwhile, or while the rows stream, cancels the query.
     */
    void stream(String handle, ServerStreamListener listener) {
        PendingStreams.Pending p = pending.claim(handle).orElseThrow(() -> CallStatus.NOT_FOUND.withDescription(
                "ticket not found: it was read already or not within " + PendingStreams.UNREAD_TTL.toSeconds()
                        + " s; read the result again by id (SELECT * FROM results.\"<result_id>\")")
                .toRuntimeException());
        ClientGone gone = ClientGone.ofCurrentCall(listener::isCancelled);
        try {
            CompletableFuture<Object> begun = CompletableFuture.anyOf(p.result(), p.rows().opened());
            while (!begun.isDone()) {
                if (gone.getAsBoolean()) {
                    cancel(p.runId());
                    p.abandon();
                    return;
                }
                waitFor(begun);
            }
            if (p.rows().isOpen()) {
                streamRows(p, listener, gone);
                return;
            }
            try (OpenedResult opened = join(p.result())) {
                if (ArrowSender.send(opened.stream().reader(), listener, gone, maxWait)) {
                    listener.completed();
                }
            } catch (IOException e) {
                listener.error(CallStatus.INTERNAL.withDescription("cannot read the result of run " + p.runId())
                        .withCause(e).toRuntimeException());
            }
        } catch (RuntimeException e) {
            p.abandon();
            listener.error(FlightErrors.toFlight(e));
        } finally {
            pending.done(handle);
        }
    }

    /**
     * Sends the rows as the engine hands them over, then ends the call as the query ended: every row sent and the
     * result stored, or the query's failure. A client that goes away cancels the query; one that takes no batch
     * for {@link StreamedRows#READER_PATIENCE} is told so, and the statement runs on into its stored result alone.
     */
    private void streamRows(PendingStreams.Pending p, ServerStreamListener listener, ClientGone gone) {
        StreamedRows rows = p.rows();
        rows.stopWhen(gone);
        boolean sent;
        try (rows) {
            sent = ArrowSender.send(rows.reader(), listener, gone, maxWait);
        } catch (IOException e) {
            sent = false;
            if (rows.readerTooSlow()) {
                throw CallStatus.TIMED_OUT.withDescription("client stopped reading; the statement went on without it:"
                        + " read its result by id").toRuntimeException();
            }
            if (!gone.getAsBoolean()) {
                // The statement failed: its own error says why.
                join(p.result());
                throw new IllegalStateException("cannot read the result of run " + p.runId(), e);
            }
        }
        if (gone.getAsBoolean()) {
            cancel(p.runId());
            return;
        }
        if (sent) {
            join(p.result());
            listener.completed();
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
