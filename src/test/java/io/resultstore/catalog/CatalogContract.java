package io.resultstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.config.Config;
import io.resultstore.engine.Column;
import io.resultstore.result.Result;
import io.resultstore.result.ResultStatus;
import io.resultstore.run.QueryRun;
import io.resultstore.run.RunCompletion;
import io.resultstore.run.RunCursor;
import io.resultstore.run.RunStatus;
import io.resultstore.storage.BlobDeletionQueue.PendingDeletion;
import io.resultstore.testing.Concurrently;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every catalog database must show, written once; each database gets a subclass that only
 * says how to configure it. State changes, listing order, run history, the deletion queue and owner
 * heartbeats are all checked against the real database.
 */
abstract class CatalogContract {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final List<Column> COLUMNS = List.of(new Column("n", "BIGINT", false));

    @TempDir
    Path dir;
    JdbcCatalog catalog;

    /** A config whose catalog is a fresh, empty database of this suite's kind. */
    abstract Config config(Path dataDir);

    @BeforeEach
    void open() {
        catalog = JdbcCatalog.open(config(dir));
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    static String resultId(int n) {
        return "rslt" + "0".repeat(22) + String.format("%04d", n);
    }

    static String runId(int n) {
        return "qrun" + "0".repeat(22) + String.format("%04d", n);
    }

    Result insertProcessing(int n, Instant createdAt, String owner) {
        Result r = Result.processing(resultId(n), runId(n), createdAt, 1, COLUMNS);
        catalog.results().insert(r, owner);
        return r;
    }

    @Test
    void aResultMovesFromProcessingToReadyOnce() {
        insertProcessing(1, T0, "a");
        assertThat(catalog.results().markReady(resultId(1), "k", 10, T0.plusSeconds(1), Optional.of(T0.plusSeconds(99))))
                .isTrue();
        assertThat(catalog.results().markReady(resultId(1), "k", 10, T0, Optional.empty())).isFalse();
        assertThat(catalog.results().markFailed(resultId(1), "late", T0, Optional.empty())).isFalse();

        Result r = catalog.results().find(resultId(1)).orElseThrow();
        assertThat(r.status()).isEqualTo(ResultStatus.READY);
        assertThat(r.storageKey()).contains("k");
        assertThat(r.bytes()).contains(10L);
        assertThat(r.completedAt()).contains(T0.plusSeconds(1));
        assertThat(r.expiresAt()).contains(T0.plusSeconds(99));
        assertThat(r.columns()).isEqualTo(COLUMNS);
    }

    @Test
    void aFailedResultNeverBecomesReady() {
        insertProcessing(1, T0, "a");
        assertThat(catalog.results().markFailed(resultId(1), "boom", T0, Optional.empty())).isTrue();
        assertThat(catalog.results().markReady(resultId(1), "k", 10, T0, Optional.empty())).isFalse();
        Result r = catalog.results().find(resultId(1)).orElseThrow();
        assertThat(r.status()).isEqualTo(ResultStatus.FAILED);
        assertThat(r.errorMessage()).contains("boom");
        assertThat(r.storageKey()).isEmpty();
    }

    @Test
    void onlyAReadyResultCanBeFailedForAMissingFile() {
        insertProcessing(1, T0, "a");
        assertThat(catalog.results().failReady(resultId(1), "gone")).isFalse();
        catalog.results().markReady(resultId(1), "k", 1, T0, Optional.empty());
        assertThat(catalog.results().failReady(resultId(1), "gone")).isTrue();
        assertThat(catalog.results().find(resultId(1)).orElseThrow().errorMessage()).contains("gone");
    }

    @Test
    void aTombstoneHidesTheResultAndQueuesItsFileOnce() {
        insertProcessing(1, T0, "a");
        catalog.results().markReady(resultId(1), Result.storageKeyFor(resultId(1)), 1, T0, Optional.empty());
        Optional<Result> before = catalog.results().tombstone(resultId(1), ResultStatus.DELETED, T0, T0.plusSeconds(60));
        assertThat(before.map(Result::status)).contains(ResultStatus.READY);
        assertThat(catalog.results().tombstone(resultId(1), ResultStatus.EXPIRED, T0, T0)).isEmpty();
        assertThat(catalog.results().find(resultId(1)).orElseThrow().status()).isEqualTo(ResultStatus.DELETED);
        assertThat(catalog.results().list(Optional.empty(), 10, 0)).isEmpty();
        assertThat(catalog.deletions().pending()).isEqualTo(1);
        assertThat(catalog.deletions().claimDue(T0.plusSeconds(59), T0.plusSeconds(999), 10)).isEmpty();
        assertThat(catalog.deletions().claimDue(T0.plusSeconds(60), T0.plusSeconds(999), 10))
                .extracting(PendingDeletion::storageKey).containsExactly(Result.storageKeyFor(resultId(1)));
    }

    @Test
    void listsNewestFirstWithIdAsTieBreakAndFiltersByStatus() {
        insertProcessing(1, T0, "a");
        insertProcessing(2, T0.plusSeconds(1), "a");
        insertProcessing(3, T0.plusSeconds(1), "a");
        insertProcessing(4, T0.plusSeconds(2), "a");
        catalog.results().markReady(resultId(2), "k2", 1, T0, Optional.empty());
        catalog.results().markReady(resultId(4), "k4", 1, T0, Optional.empty());

        assertThat(ids(catalog.results().list(Optional.empty(), 10, 0))).containsExactly(4, 3, 2, 1);
        assertThat(ids(catalog.results().list(Optional.empty(), 2, 1))).containsExactly(3, 2);
        assertThat(ids(catalog.results().list(Optional.of(ResultStatus.READY), 10, 0))).containsExactly(4, 2);
        assertThat(ids(catalog.results().list(Optional.of(ResultStatus.PROCESSING), 10, 0))).containsExactly(3, 1);
        assertThat(catalog.results().find(resultId(99))).isEmpty();
    }

    @Test
    void findsExpiredReadyAndFailedResultsOnly() {
        insertProcessing(1, T0, "a");
        insertProcessing(2, T0, "a");
        insertProcessing(3, T0, "a");
        catalog.results().markReady(resultId(1), "k", 1, T0, Optional.of(T0.plusSeconds(10)));
        catalog.results().markFailed(resultId(2), "x", T0, Optional.of(T0.plusSeconds(20)));
        assertThat(catalog.results().expired(T0.plusSeconds(15), 10)).containsExactly(resultId(1));
        assertThat(catalog.results().expired(T0.plusSeconds(25), 10)).containsExactly(resultId(1), resultId(2));
    }

    @Test
    void aResultIsStoredTogetherWithItsRunsCompletionOrNotAtAll() {
        catalog.runs().insert(QueryRun.running(runId(1), "SELECT 1", "h", T0), "a");
        catalog.runs().insert(QueryRun.running(runId(2), "SELECT 2", "h", T0), "a");
        RunCompletion canceled = new RunCompletion(RunStatus.CANCELED, Optional.empty(), Optional.empty(), 3,
                Optional.of("canceled by request"), T0.plusSeconds(1));
        assertThat(catalog.runs().complete(runId(2), canceled)).isTrue();

        for (int n = 1; n <= 2; n++) {
            Result row = Result.processing(resultId(n), runId(n), T0, 7, COLUMNS);
            RunCompletion done = new RunCompletion(RunStatus.SUCCEEDED, Optional.of(resultId(n)), Optional.of(7L), 12,
                    Optional.empty(), T0.plusSeconds(2));
            assertThat(catalog.results().insertCompletingRun(row, "a", done)).isEqualTo(n == 1);
        }
        assertThat(catalog.runs().find(runId(1)).orElseThrow().resultId()).contains(resultId(1));
        assertThat(catalog.results().find(resultId(1)).orElseThrow().status()).isEqualTo(ResultStatus.PROCESSING);
        // The cancel came first: the run keeps its end, and no result row exists that nothing names.
        assertThat(catalog.runs().find(runId(2)).orElseThrow().status()).isEqualTo(RunStatus.CANCELED);
        assertThat(catalog.results().find(resultId(2))).isEmpty();
    }

    @Test
    void aRunCompletesOnceAndPagesByKeyset() {
        for (int i = 1; i <= 5; i++) {
            catalog.runs().insert(QueryRun.running(runId(i), "SELECT " + i, "h" + i, T0.plusSeconds(i / 2)), "a");
        }
        RunCompletion done = new RunCompletion(RunStatus.SUCCEEDED, Optional.of(resultId(1)), Optional.of(7L), 12,
                Optional.empty(), T0.plusSeconds(9));
        assertThat(catalog.runs().complete(runId(1), done)).isTrue();
        assertThat(catalog.runs().complete(runId(1), done)).isFalse();
        QueryRun run = catalog.runs().find(runId(1)).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.resultId()).contains(resultId(1));
        assertThat(run.rowCount()).contains(7L);
        assertThat(run.executionTimeMs()).contains(12L);
        assertThat(run.sqlText()).isEqualTo("SELECT 1");

        assertThat(catalog.runs().statuses(List.of(runId(1), runId(2), runId(99))))
                .isEqualTo(Map.of(runId(1), RunStatus.SUCCEEDED, runId(2), RunStatus.RUNNING));
        assertThat(catalog.runs().statuses(List.of())).isEmpty();

        List<QueryRun> first = catalog.runs().list(Optional.empty(), 2);
        assertThat(runIds(first)).containsExactly(5, 4);
        QueryRun last = first.get(1);
        List<QueryRun> second = catalog.runs().list(Optional.of(new RunCursor(last.createdAt(), last.id())), 2);
        assertThat(runIds(second)).containsExactly(3, 2);
        last = second.get(1);
        assertThat(runIds(catalog.runs().list(Optional.of(new RunCursor(last.createdAt(), last.id())), 2)))
                .containsExactly(1);
    }

    @Test
    void aClaimedDeletionIsLeasedAndRetriedWithBackoff() {
        catalog.deletions().enqueue("a/1", T0);
        catalog.deletions().enqueue("a/2", T0.plusSeconds(100));
        List<PendingDeletion> claimed = catalog.deletions().claimDue(T0, T0.plusSeconds(300), 10);
        assertThat(claimed).extracting(PendingDeletion::storageKey).containsExactly("a/1");
        assertThat(claimed.get(0).attempts()).isEqualTo(1);
        // Leased: not due again until the lease runs out.
        assertThat(catalog.deletions().claimDue(T0.plusSeconds(200), T0.plusSeconds(5000), 10))
                .extracting(PendingDeletion::storageKey).containsExactly("a/2");

        catalog.deletions().retryLater(claimed.get(0).id(), "storage down", T0.plusSeconds(400));
        assertThat(catalog.deletions().claimDue(T0.plusSeconds(399), T0.plusSeconds(999), 10)).isEmpty();
        List<PendingDeletion> again = catalog.deletions().claimDue(T0.plusSeconds(400), T0.plusSeconds(999), 10);
        assertThat(again).extracting(PendingDeletion::storageKey, PendingDeletion::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a/1", 2));
        catalog.deletions().done(again.get(0).id());
        assertThat(catalog.deletions().pending()).isEqualTo(1);
    }

    @Test
    void concurrentClaimsNeverHandOutTheSameDeletionTwice() throws Exception {
        for (int i = 0; i < 60; i++) {
            catalog.deletions().enqueue("k/" + i, T0);
        }
        List<List<PendingDeletion>> claims = Concurrently.run(4,
                () -> catalog.deletions().claimDue(T0, T0.plusSeconds(300), 20));
        List<String> keys = claims.stream().flatMap(List::stream).map(PendingDeletion::storageKey).toList();
        assertThat(keys).doesNotHaveDuplicates().hasSize(60);
    }

    @Test
    void workOfALiveOwnerIsKeptAndWorkOfAStaleOrUnknownOwnerIsFailed() {
        catalog.heartbeat("live", T0.plusSeconds(100));
        catalog.heartbeat("stale", T0);
        insertProcessing(1, T0, "live");
        insertProcessing(2, T0, "stale");
        insertProcessing(3, T0, "never-seen");
        catalog.runs().insert(QueryRun.running(runId(1), "SELECT 1", "h", T0), "live");
        catalog.runs().insert(QueryRun.running(runId(2), "SELECT 1", "h", T0), "stale");

        Instant now = T0.plusSeconds(120);
        Instant liveSince = now.minus(Duration.ofSeconds(60));
        assertThat(catalog.results().failOrphaned("orphaned", now, liveSince)).isEqualTo(2);
        assertThat(catalog.runs().failOrphaned("orphaned", now, liveSince)).isEqualTo(1);
        assertThat(status(1)).isEqualTo(ResultStatus.PROCESSING);
        assertThat(status(2)).isEqualTo(ResultStatus.FAILED);
        assertThat(status(3)).isEqualTo(ResultStatus.FAILED);
        assertThat(catalog.results().find(resultId(2)).orElseThrow().errorMessage()).contains("orphaned");
        assertThat(catalog.runs().find(runId(1)).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(catalog.runs().find(runId(2)).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
        // A file the dead writer may have published just before it died is queued for deletion.
        assertThat(catalog.deletions().claimDue(now, now.plusSeconds(60), 10)).extracting(PendingDeletion::storageKey)
                .containsExactlyInAnyOrder(Result.storageKeyFor(resultId(2)), Result.storageKeyFor(resultId(3)));
        // A second pass finds nothing left to do.
        assertThat(catalog.results().failOrphaned("orphaned", now, liveSince)).isZero();
        assertThat(catalog.deletions().pending()).isEqualTo(2);
    }

    @Test
    void anOwnerThatLeavesOrphansItsWorkAtOnce() {
        catalog.heartbeat("a", T0);
        catalog.heartbeat("b", T0);
        insertProcessing(1, T0, "a");
        insertProcessing(2, T0, "b");
        catalog.leave("a");
        assertThat(catalog.results().failOrphaned("orphaned", T0, T0.minusSeconds(60))).isEqualTo(1);
        assertThat(status(1)).isEqualTo(ResultStatus.FAILED);

        catalog.forgetOtherOwners("c");
        assertThat(catalog.results().failOrphaned("orphaned", T0, T0.minusSeconds(60))).isEqualTo(1);
        assertThat(status(2)).isEqualTo(ResultStatus.FAILED);
    }

    @Test
    void concurrentSweepersFailEachOrphanExactlyOnce() throws Exception {
        catalog.heartbeat("live", T0);
        for (int i = 1; i <= 40; i++) {
            insertProcessing(i, T0, i % 2 == 0 ? "live" : "dead");
        }
        List<Integer> counts = Concurrently.run(4,
                () -> catalog.results().failOrphaned("orphaned", T0, T0.minusSeconds(60)));
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
        assertThat(catalog.results().list(Optional.of(ResultStatus.PROCESSING), 100, 0)).hasSize(20);
    }

    @Test
    void aHeartbeatIsAnUpsert() {
        catalog.heartbeat("a", T0);
        catalog.heartbeat("a", T0.plusSeconds(100));
        insertProcessing(1, T0, "a");
        assertThat(catalog.results().failOrphaned("x", T0.plusSeconds(100), T0.plusSeconds(50))).isZero();
    }

    @Test
    void pingsTheDatabase() {
        catalog.ping();
        assertThat(catalog.type()).isEqualTo(config(dir).catalog().type());
    }

    private ResultStatus status(int n) {
        return catalog.results().find(resultId(n)).orElseThrow().status();
    }

    private static List<Integer> ids(List<Result> results) {
        return results.stream().map(r -> Integer.parseInt(r.id().substring(26))).toList();
    }

    private static List<Integer> runIds(List<QueryRun> runs) {
        return runs.stream().map(r -> Integer.parseInt(r.id().substring(26))).toList();
    }


    @Test
    void datasetsKeepOneLiveNamePerTableAndQueueEveryReplacedBlob() {
        var uploads = catalog.uploads();
        var datasets = catalog.datasets();
        uploads.insert(new io.resultstore.dataset.Upload("upld1", 10, "ab", "text/csv", "uploads/upld1", T0,
                T0.plusSeconds(60)));
        var d = new io.resultstore.dataset.Dataset("data1", "L", "t", "datasets/data1/v1.parquet", COLUMNS, 3, 100,
                T0, T0, false);
        assertThat(datasets.insert(d, Optional.of("upld1"), T0)).isTrue();
        assertThat(uploads.find("upld1")).isEmpty();
        assertThat(datasets.insert(new io.resultstore.dataset.Dataset("data2", "L", "t", "k2", COLUMNS, 0, 0, T0, T0,
                false), Optional.empty(), T0)).isFalse();
        assertThat(datasets.findByTable("t")).map(io.resultstore.dataset.Dataset::id).contains("data1");

        var replaced = new io.resultstore.dataset.Dataset("data1", "M", "u", "datasets/data1/v2.parquet", COLUMNS, 5,
                200, T0, T0.plusSeconds(1), false);
        assertThat(datasets.update(replaced, Optional.empty(), T0)).contains(replaced);
        assertThat(datasets.findByTable("t")).isEmpty();
        assertThat(datasets.list(Optional.empty(), 10)).extracting(io.resultstore.dataset.Dataset::tableName)
                .containsExactly("u");
        assertThat(datasets.tombstone("data1", T0, T0)).isPresent();
        assertThat(datasets.tombstone("data1", T0, T0)).isEmpty();
        assertThat(datasets.find("data1")).map(io.resultstore.dataset.Dataset::deleted).contains(true);
        assertThat(datasets.liveCount()).isZero();
        assertThat(catalog.deletions().claimDue(T0, T0.plusSeconds(1), 10)).extracting(PendingDeletion::storageKey)
                .containsExactlyInAnyOrder("uploads/upld1", "datasets/data1/v1.parquet", "datasets/data1/v2.parquet");

        uploads.insert(new io.resultstore.dataset.Upload("upld2", 1, "cd", "text/csv", "uploads/upld2", T0,
                T0.plusSeconds(60)));
        assertThat(uploads.expired(T0.plusSeconds(59), 10)).isEmpty();
        assertThat(uploads.expired(T0.plusSeconds(60), 10)).containsExactly("upld2");
        assertThat(uploads.remove("upld2", T0)).isTrue();
        assertThat(uploads.remove("upld2", T0)).isFalse();
    }
}
