package io.resultstore.query;

import io.resultstore.engine.CatalogedTables;
import io.resultstore.engine.CheckedStatement;
import io.resultstore.engine.Engines;
import io.resultstore.engine.ExecutedQuery;
import io.resultstore.engine.QueryEngine;
import io.resultstore.engine.QuerySession;
import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.resultstore.common.Threads;
import io.resultstore.observe.Tracing;
import io.resultstore.common.Hashing;
import io.resultstore.common.Ids;
import io.resultstore.config.Config;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import io.resultstore.result.Result;
import io.resultstore.result.ResultFiles;
import io.resultstore.result.ResultPersister;
import io.resultstore.result.ResultRepository;
import io.resultstore.result.ResultService;
import io.resultstore.run.QueryRun;
import io.resultstore.run.QueryRunRepository;
import io.resultstore.run.RunCompletion;
import io.resultstore.run.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a query end to end: a run row first, the statement in the engine, the result row as
 * {@code processing}, the background write handed to the persister, and the answer. A query that outlives
 * the caller's wait keeps running; the caller gets its run id to poll.
 */
public final class QueryService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryService.class);
    /** How soon a cancel sent to another replica reaches a query running here. */
    static final Duration CANCEL_POLL = Duration.ofMillis(250);
    private static final AttributeKey<String> ENGINE = AttributeKey.stringKey("resultstore.engine");

    private final Engines engines;
    /** Where every engine stages its rows: the one that frees a staged result. */
    private final QueryEngine engine;
    private final ResultRepository results;
    private final QueryRunRepository runs;
    private final ResultFiles files;
    private final ResultPersister persister;
    private final Config.QuerySettings settings;
    private final boolean persistenceEnabled;
    private final Clock clock;
    private final String owner;
    private final ExecutorService queries = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("query-", 0).factory());
    private final ScheduledExecutorService timeouts = 
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("query-timeouts"));
    // Its own thread: during a catalog outage each poll waits for a connection, which must not delay timeouts.
    private final ScheduledExecutorService cancelPoll =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("query-cancel-poll"));
    private final Map<String, RunningQuery> active = new ConcurrentHashMap<>();
    private final RunFinisher finisher;
    private final Map<RunStatus, LongAdder> outcomes = outcomeCounters();
    private final ResultReuse reuse;
    private final Admission admission;
    private final CatalogedTables tables;
    private final Tracing tracing;

    public QueryService(Engines engines, ResultRepository results, QueryRunRepository runs, ResultFiles files,
            ResultPersister persister, ResultService reader, Config.QuerySettings settings, boolean persistenceEnabled,
            Clock clock, String owner, Admission admission, CatalogedTables tables, Tracing tracing) {
        this.tracing = requireNonNull(tracing, "tracing is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.engine = engines.local();
        this.results = requireNonNull(results, "results is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.files = requireNonNull(files, "files is null");
        this.persister = requireNonNull(persister, "persister is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.persistenceEnabled = persistenceEnabled;
        this.clock = requireNonNull(clock, "clock is null");
        this.owner = requireNonNull(owner, "owner is null");
        this.finisher = new RunFinisher(runs);
        this.reuse = new ResultReuse(results, reader, settings.reuseTtl(), clock);
        this.admission = requireNonNull(admission, "admission is null");
        cancelPoll.scheduleWithFixedDelay(this::stopCanceledElsewhere, CANCEL_POLL.toMillis(), CANCEL_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public QueryAnswer submit(QueryRequest request) {
        return submit(request, started -> { });
    }

    /**
     * As {@link #submit(QueryRequest)}; {@code onStarted} learns the run id as soon as the run exists, so a caller
     * that waits can cancel the query it is waiting for, and the id its result will be stored under.
     */
    public QueryAnswer submit(QueryRequest request, Consumer<QueryStart> onStarted) {
        if (request.sql().isBlank()) {
            throw ApiException.badRequest("SQL query cannot be empty");
        }
        SqlText.check(request.sql());
        int maxRows = request.maxInlineRows().orElse(settings.maxInlineRows());
        if (maxRows < 0) {
            throw ApiException.badRequest("max_inline_rows must not be negative");
        }
        maxRows = Math.min(maxRows, settings.inlineRowsCap());
        Duration wait = request.waitTimeout().orElse(settings.waitTimeout());
        if (wait.isNegative()) {
            throw ApiException.badRequest("wait_timeout_ms must not be negative");
        }

        QueryEngine chosen = engines.select(request.engine());
        // The query's span: a child of the request's when there is one, else (Flight) the root of its own trace.
        // It ends when the statement does, which may be long after a 202 answered the request.
        Span span = tracing.tracer().spanBuilder("query").setAttribute(ENGINE, chosen.name()).startSpan();
        PersistHandoff handoff = new PersistHandoff();
        Started started;
        try (Scope ignored = span.makeCurrent()) {
            started = start(request, chosen, span, handoff, maxRows);
        } catch (RuntimeException e) {
            Tracing.failed(span, e);
            span.end();
            throw e;
        }
        QueryAnswer answer = null;
        try {
            onStarted.accept(new QueryStart(started.runId(),
                    persistenceEnabled ? Optional.of(started.resultId()) : Optional.empty()));
            answer = await(started.future(), wait, started.runId());
            return answer;
        } finally {
            if (answer == null || !answer.finished()) {
                // Nobody waits for this query's answer: its write need not wait either.
                handoff.answered();
            }
        }
    }

    private record Started(String runId, String resultId, CompletableFuture<QueryAnswer> future) {}

    /** Admits the statement, records its run and hands it to a query thread, which ends {@code span}. */
    private Started start(QueryRequest request, QueryEngine chosen, Span span, PersistHandoff handoff, int maxRows) {
        // Refused here, a statement leaves no run: under overload the catalog is spared the writes.
        Admission.Permit permit = admission.admit(request.sql());
        String runId = Ids.newId(Ids.QUERY_RUN, clock);
        String resultId = Ids.newId(Ids.RESULT, clock);
        span.setAttribute(Tracing.RUN_ID, runId);
        SpanContext ids = span.getSpanContext();
        try {
            runs.insert(QueryRun.running(runId, request.sql(), Hashing.sha256Hex(request.sql()), clock.instant(),
                    chosen.name(), ids.isValid() ? Optional.of(ids.getTraceId()) : Optional.empty()), owner);
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
        QuerySession session = null;
        try {
            session = chosen.openSession();
            RunningQuery running = new RunningQuery(runId, session, handoff, permit, span);
            active.put(runId, running);
            return new Started(runId, resultId, CompletableFuture.supplyAsync(
                    Context.current().wrapSupplier(() -> execute(running, request, maxRows, resultId)), queries));
        } catch (RuntimeException e) {
            // Never started: the run must not stay 'running' while this server lives on.
            active.remove(runId);
            permit.close();
            if (session != null) {
                session.close();
            }
            finish(runId, new RunCompletion(RunStatus.FAILED, Optional.empty(), Optional.empty(), 0,
                    Optional.of("the query could not be started"), clock.instant()));
            throw e;
        }
    }

    private static QueryAnswer await(CompletableFuture<QueryAnswer> future, Duration wait, String runId) {
        if (wait.isZero()) {
            return QueryAnswer.running(runId);
        }
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return QueryAnswer.running(runId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("query failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.UNAVAILABLE, "server is shutting down");
        }
    }

    /** Stops a running query; 404 for an unknown run, 409 for one that already ended. */
    public QueryRun cancel(String runId) {
        QueryRun run = runs.find(runId).orElseThrow(() -> ApiException.notFound("query run " + runId + " not found"));
        if (run.status() != RunStatus.RUNNING) {
            throw ApiException.conflict("query run " + runId + " is already " + run.status().wire());
        }
        RunningQuery local = active.get(runId);
        boolean marked = runs.complete(runId, new RunCompletion(RunStatus.CANCELED, Optional.empty(), Optional.empty(),
                clock.millis() - run.createdAt().toEpochMilli(), Optional.of("canceled by request"), clock.instant()));
        if (!marked) {
            QueryRun now = runs.find(runId).orElse(run);
            throw ApiException.conflict("query run " + runId + " is already " + now.status().wire());
        }
        outcomes.get(RunStatus.CANCELED).increment();
        if (local != null) {
            local.session().cancel();
        }
        return runs.find(runId).orElse(run);
    }

    /**
     * A cancel that reaches another replica can only mark the run {@code canceled} in the shared catalog; this
     * replica sees that mark here and interrupts its own statement. Costs one catalog read per poll, and only
     * while queries run.
     */
    private void stopCanceledElsewhere() {
        if (active.isEmpty()) {
            return;
        }
        try {
            runs.statuses(active.keySet()).forEach((runId, status) -> {
                RunningQuery local = active.get(runId);
                if (status == RunStatus.CANCELED && local != null) {
                    log.info("query run {} was canceled through another server; stopping it", runId);
                    local.session().cancel();
                }
            });
        } catch (RuntimeException e) {
            // The catalog is unreachable: try again at the next poll; the timeout still bounds the query.
            log.debug("cancel poll failed: {}", e.toString());
        }
    }

    private QueryAnswer execute(RunningQuery running, QueryRequest request, int maxRows, String resultId) {
        QuerySession session = running.session();
        long start = System.nanoTime();
        ScheduledFuture<?> timeout = timeouts.schedule(() -> {
            running.timedOut = true;
            session.cancel();
        }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            CheckedStatement checked = tracing.inChildSpan(() -> "engine check", () -> session.check(request.sql()));
            files.expose(checked.resultIds());
            tables.expose(checked);
            Optional<String> reuseKey = persistenceEnabled ? reuse.keyFor(checked, request.parameters())
                    : Optional.empty();
            if (reuseKey.isPresent() && request.reuse()) {
                Optional<ResultReuse.Reused> stored = reuse.find(reuseKey.get(), maxRows);
                if (stored.isPresent()) {
                    return answerReused(running, stored.get(), elapsedMs(start));
                }
            }
            ExecutedQuery executed = tracing.inChildSpan(() -> "engine execute",
                    () -> session.execute(checked, request.parameters(), resultId, maxRows, request.tap()));
            if (session.wasCanceled()) {
                throw new ApiException(ErrorCode.CONFLICT, "query was canceled");
            }
            Optional<String> storedId = storeAndFinish(resultId, running, executed, elapsedMs(start), reuseKey);
            storedId.ifPresent(id -> running.span().setAttribute(Tracing.RESULT_ID, id));
            Optional<String> warning = storedId.isPresent() ? Optional.empty() : Optional.of(running.warning);
            return new QueryAnswer(running.runId(), storedId, Optional.of(executed), warning, running.handoff(),
                    false);
        } catch (RuntimeException e) {
            engine.dropStaged(resultId);
            RuntimeException reported = running.timedOut
                    ? new ApiException(ErrorCode.SQL_ERROR, "query exceeded the statement timeout of "
                            + describe(settings.timeout()) + " (query.timeout) and was stopped")
                    : e;
            RunStatus status = session.wasCanceled() && !running.timedOut ? RunStatus.CANCELED : RunStatus.FAILED;
            String message = reported instanceof ApiException ? reported.getMessage() : "internal error";
            running.span().setStatus(StatusCode.ERROR, message);
            finish(running.runId(), new RunCompletion(status, Optional.empty(), Optional.empty(), elapsedMs(start),
                    Optional.of(message), clock.instant()));
            throw reported;
        } finally {
            timeout.cancel(false);
            active.remove(running.runId());
            session.close();
            running.permit().close();
            running.span().end();
        }
    }

    /**
     * Ends the run as succeeded. With persistence, the result row is inserted in the same catalog transaction and
     * its write queued; empty (with the reason kept for the warning) when no row could be created, and the run
     * then ends without a result. Throws CONFLICT when a cancel (sent to this replica or another) landed as the
     * statement ended: the run says canceled, and nothing of its result is kept.
     */
    private Optional<String> storeAndFinish(String resultId, RunningQuery running, ExecutedQuery executed,
            long elapsedMs, Optional<String> reuseKey) {
        // Without a result row the staged table still serves the answer (a protocol may stream it whole): it is
        // dropped once the answer is out.
        if (!persistenceEnabled) {
            running.handoff().handOver(() -> engine.dropStaged(resultId));
            running.warning = "result persistence is disabled (persistence.enabled=false)";
            return finishWithoutResult(running.runId(), executed, elapsedMs);
        }
        // A deadline from the start: should this server die mid-write, the sweeper fails the row and retention
        // still removes it in time. Finishing the write sets the deadline anew.
        Result row = Result.processing(resultId, running.runId(), clock.instant(), executed.rowCount(),
                executed.columns()).withReuseKey(reuseKey);
        boolean stored;
        try {
            stored = results.insertCompletingRun(row.withExpiresAt(persister.expiry(row.createdAt())), owner,
                    succeeded(Optional.of(resultId), executed, elapsedMs));
        } catch (RuntimeException e) {
            log.warn("result {} row could not be created: {}", resultId, e.toString());
            running.handoff().handOver(() -> engine.dropStaged(resultId));
            running.warning = "result could not be stored: "
                    + (e instanceof ApiException ? e.getMessage() : "catalog error");
            return finishWithoutResult(running.runId(), executed, elapsedMs);
        }
        if (!stored) {
            throw new ApiException(ErrorCode.CONFLICT, "query was canceled");
        }
        outcomes.get(RunStatus.SUCCEEDED).increment();
        // In the query's trace context: the write's span becomes a child of the query's.
        running.handoff().handOver(Context.current().wrap(() -> persister.submit(resultId, executed.columns())));
        return Optional.of(resultId);
    }

    /** Ends the run as answered by a stored result; nothing is written. */
    private QueryAnswer answerReused(RunningQuery running, ResultReuse.Reused stored, long elapsedMs) {
        ExecutedQuery executed = stored.asExecuted(elapsedMs);
        if (!finish(running.runId(), new RunCompletion(RunStatus.SUCCEEDED, Optional.of(stored.resultId()),
                Optional.of(executed.rowCount()), elapsedMs, Optional.empty(), clock.instant(),
                Optional.of(stored.resultId())))) {
            throw new ApiException(ErrorCode.CONFLICT, "query was canceled");
        }
        return new QueryAnswer(running.runId(), Optional.of(stored.resultId()), Optional.of(executed),
                Optional.empty(), running.handoff(), true);
    }

    private Optional<String> finishWithoutResult(String runId, ExecutedQuery executed, long elapsedMs) {
        if (!finish(runId, succeeded(Optional.empty(), executed, elapsedMs))) {
            throw new ApiException(ErrorCode.CONFLICT, "query was canceled");
        }
        return Optional.empty();
    }

    private RunCompletion succeeded(Optional<String> resultId, ExecutedQuery executed, long elapsedMs) {
        return new RunCompletion(RunStatus.SUCCEEDED, resultId, Optional.of(executed.rowCount()), elapsedMs,
                Optional.empty(), clock.instant());
    }

    /** False only when the run had already ended (a cancel came first). */
    private boolean finish(String runId, RunCompletion completion) {
        boolean finished = finisher.finish(runId, completion);
        if (finished) {
            outcomes.get(completion.status()).increment();
        }
        return finished;
    }

    /** Statements that ended with {@code status} on this server since it started; kept for metrics. */
    public long ended(RunStatus status) {
        return outcomes.get(status).sum();
    }

    private static Map<RunStatus, LongAdder> outcomeCounters() {
        var counters = new EnumMap<RunStatus, LongAdder>(RunStatus.class);
        for (RunStatus s : RunStatus.values()) {
            counters.put(s, new LongAdder());
        }
        return counters;
    }

    /** {@code 10 min}, {@code 30 s} or {@code 500 ms}: the largest unit that states the timeout exactly. */
    static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms > 0 && ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    /** Queries holding an engine connection right now; a canceled query leaves this count once the engine let go. */
    public int running() {
        return active.size();
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public void close() {
        active.values().forEach(r -> r.session().cancel());
        queries.shutdown();
        timeouts.shutdownNow();
        cancelPoll.shutdownNow();
        try {
            queries.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finisher.close();
    }

    private static final class RunningQuery {
        private final String runId;
        private final QuerySession session;
        private final PersistHandoff handoff;
        private final Admission.Permit permit;
        private final Span span;
        volatile boolean timedOut;
        volatile String warning = "";

        RunningQuery(String runId, QuerySession session, PersistHandoff handoff, Admission.Permit permit, Span span) {
            this.span = span;
            this.runId = runId;
            this.session = session;
            this.handoff = handoff;
            this.permit = permit;
        }

        Admission.Permit permit() {
            return permit;
        }

        Span span() {
            return span;
        }

        PersistHandoff handoff() {
            return handoff;
        }

        String runId() {
            return runId;
        }

        QuerySession session() {
            return session;
        }
    }
}
