package io.resultstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.payload.Compression;
import io.resultstore.payload.Payload;
import io.resultstore.payload.PayloadRepository;
import io.resultstore.payload.PayloadRepository.Idempotency;
import io.resultstore.payload.PayloadRepository.Removed;
import io.resultstore.payload.PayloadState;
import io.resultstore.payload.Scope;
import io.resultstore.payload.StoredPayload;
import io.resultstore.testing.Concurrently;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The payload repository's behaviour, written once for every catalog database: a subclass supplies a fresh,
 * migrated catalog per test.
 */
abstract class PayloadRepositoryContract {
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final AtomicLong IDS = new AtomicLong(1_000);

    /** A migrated catalog holding no payloads of the execution ids a test uses. */
    abstract Catalog catalog();

    PayloadRepository repo() {
        return catalog().payloads();
    }

    static String eid() {
        return "e" + IDS.incrementAndGet();
    }

    static Payload payload(String eid, String name, Scope scope, Optional<Instant> expires, Optional<String> blobKey) {
        return new Payload(IDS.incrementAndGet(), eid, name, scope, blobKey.isPresent() ? "disk" : "db",
                PayloadState.LIVE, 3, 3, "ab".repeat(32), Compression.NONE, blobKey, Optional.of("src"),
                Optional.of("{\"i\":1}"), Optional.empty(), T0, expires);
    }

    Payload insert(String eid, String name, Scope scope, Optional<Instant> expires) {
        Payload p = payload(eid, name, scope, expires, Optional.empty());
        assertThat(repo().insert(p, Optional.of("123".getBytes(StandardCharsets.UTF_8)), Optional.empty())).isEmpty();
        return p;
    }

    @Test
    void insertedPayloadsAreFoundWithTheirInlineBytes() {
        String eid = eid();
        Payload p = insert(eid, "a/b", Scope.STEP, Optional.of(T0.plusSeconds(60)));
        StoredPayload found = repo().find(p.id()).orElseThrow();
        assertThat(found.payload()).isEqualTo(p);
        assertThat(new String(found.inline().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("123");
        assertThat(repo().find(p.id() + 999_999)).isEmpty();
        Payload blob = payload(eid, "big", Scope.EXECUTION, Optional.empty(), Optional.of("payloads/x/1"));
        repo().insert(blob, Optional.empty(), Optional.empty());
        assertThat(repo().find(blob.id()).orElseThrow().inline()).isEmpty();
        assertThat(repo().find(blob.id()).orElseThrow().payload().blobKey()).contains("payloads/x/1");
    }

    @Test
    void aTakenIdIsIdTakenAndTheRowsWrittenBesideItAreKept() throws Exception {
        String eid = eid();
        Payload first = insert(eid, "first", Scope.EXECUTION, Optional.empty());
        Payload sameId = new Payload(first.id(), eid, "second", Scope.EXECUTION, "db", PayloadState.LIVE, 3, 3,
                "cd".repeat(32), Compression.NONE, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), T0, Optional.empty());
        List<Payload> others = List.of(payload(eid, "a", Scope.STEP, Optional.empty(), Optional.empty()),
                payload(eid, "b", Scope.STEP, Optional.empty(), Optional.empty()),
                payload(eid, "c", Scope.STEP, Optional.empty(), Optional.empty()));
        // At once, so that the taken id may share a commit with the others.
        List<Boolean> taken = Concurrently.run(List.of(
                () -> tryInsert(sameId), () -> tryInsert(others.get(0)), () -> tryInsert(others.get(1)),
                () -> tryInsert(others.get(2))));
        assertThat(taken).containsExactly(true, false, false, false);
        assertThat(repo().find(first.id()).orElseThrow().payload().name()).isEqualTo("first");
        for (Payload p : others) {
            assertThat(repo().find(p.id())).isPresent();
        }
    }

    /** True when the id was taken. */
    private boolean tryInsert(Payload p) {
        try {
            repo().insert(p, Optional.of("123".getBytes(StandardCharsets.UTF_8)), Optional.empty());
            return false;
        } catch (PayloadRepository.IdTaken e) {
            return true;
        }
    }

    @Test
    void latestIsTheNewestReadableOfThatName() {
        String eid = eid();
        Payload older = insert(eid, "s", Scope.EXECUTION, Optional.empty());
        Payload newer = insert(eid, "s", Scope.EXECUTION, Optional.of(T0.plusSeconds(10)));
        assertThat(repo().latest(eid, "s", T0).orElseThrow().payload().id()).isEqualTo(newer.id());
        assertThat(repo().latest(eid, "s", T0.plusSeconds(10)).orElseThrow().payload().id()).isEqualTo(older.id());
        assertThat(repo().latest(eid, "other", T0)).isEmpty();
        assertThat(repo().exists(eid, "s")).isTrue();
        assertThat(repo().exists(eid, "other")).isFalse();
    }

    @Test
    void listFiltersByScopeAndStepOldestFirst() {
        String eid = eid();
        Payload a = insert(eid, "a", Scope.STEP, Optional.empty());
        Payload b = insert(eid, "b", Scope.WORKFLOW, Optional.empty());
        insert(eid, "c", Scope.WORKFLOW, Optional.of(T0));
        assertThat(repo().list(eid, Optional.empty(), Optional.empty(), T0)).extracting(Payload::id)
                .containsExactly(a.id(), b.id());
        assertThat(repo().list(eid, Optional.of(Scope.WORKFLOW), Optional.empty(), T0)).extracting(Payload::id)
                .containsExactly(b.id());
        assertThat(repo().list(eid, Optional.empty(), Optional.of("src"), T0)).hasSize(2);
        assertThat(repo().list(eid, Optional.empty(), Optional.of("a"), T0)).extracting(Payload::id).containsExactly(a.id());
    }

    @Test
    void removalsLeaveTombstonesAndQueueBlobs() {
        String eid = eid();
        long pendingBefore = catalog().deletions().pending();
        Payload step = insert(eid, "s", Scope.STEP, Optional.empty());
        Payload blob = payload(eid, "x", Scope.EXECUTION, Optional.empty(), Optional.of("payloads/" + eid + "/9"));
        repo().insert(blob, Optional.empty(), Optional.empty());
        insert(eid, "w", Scope.WORKFLOW, Optional.empty());
        Payload permanent = insert(eid, "p", Scope.PERMANENT, Optional.empty());

        Removed removed = repo().deleteExecution(eid, Scope.EXECUTION.andNarrower(), T0);
        assertThat(removed.count()).isEqualTo(2);
        assertThat(removed.blobKeys()).containsExactly("payloads/" + eid + "/9");
        assertThat(catalog().deletions().pending()).isEqualTo(pendingBefore + 1);
        StoredPayload tomb = repo().find(step.id()).orElseThrow();
        assertThat(tomb.payload().state()).isEqualTo(PayloadState.DELETED);
        assertThat(tomb.inline()).isEmpty();
        assertThat(repo().deleteExecution(eid, Scope.EXECUTION.andNarrower(), T0).count()).isZero();
        assertThat(repo().deleteExecution(eid, Scope.WORKFLOW.andNarrower(), T0).count()).isEqualTo(1);

        assertThat(repo().delete(permanent.id(), T0)).contains(permanent);
        assertThat(repo().delete(permanent.id(), T0)).isEmpty();
        assertThat(repo().stats(T0).deleted().count()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void stepCleanupTakesOnlyStepScopedResultsOfThatStep() {
        String eid = eid();
        insert(eid, "s", Scope.STEP, Optional.empty());
        insert(eid, "s", Scope.EXECUTION, Optional.empty());
        insert(eid, "t", Scope.STEP, Optional.empty());
        assertThat(repo().deleteStep(eid, "s", T0).count()).isEqualTo(1);
        assertThat(repo().list(eid, Optional.empty(), Optional.empty(), T0)).hasSize(2);
    }

    @Test
    void expiredPayloadsAreCollectedExactlyOnceEvenByConcurrentCollectors() throws Exception {
        Instant expiry = T0.plus(Duration.ofDays(3650));
        Instant after = expiry.plusSeconds(1);
        while (repo().collectExpired(after, 1000).count() > 0) {
            // earlier tests' leftovers in a shared database
        }
        String eid = eid();
        int n = 120;
        for (int i = 0; i < n; i++) {
            insert(eid, "x" + i, Scope.EXECUTION, Optional.of(expiry));
        }
        insert(eid, "keep", Scope.EXECUTION, Optional.of(after.plusSeconds(1)));
        List<Integer> counts = Concurrently.run(4, () -> {
            int total = 0;
            for (int c; (c = repo().collectExpired(after, 7).count()) > 0; ) {
                total += c;
            }
            return total;
        });
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
        assertThat(repo().list(eid, Optional.empty(), Optional.empty(), T0)).extracting(Payload::name).containsExactly("keep");
        assertThat(repo().find(repo().list(eid, Optional.empty(), Optional.empty(), T0).get(0).id() - 1).orElseThrow()
                .payload().state()).isEqualTo(PayloadState.EXPIRED);
    }

    @Test
    void anIdempotencyKeyStoresOnceAndReplaysTheFirstResponse() {
        String eid = eid();
        Instant since = T0.minus(Duration.ofHours(24));
        Payload first = payload(eid, "a", Scope.EXECUTION, Optional.empty(), Optional.empty());
        Payload retry = payload(eid, "a", Scope.EXECUTION, Optional.empty(), Optional.empty());
        assertThat(repo().insert(first, Optional.of(new byte[] {'1'}), Optional.of(new Idempotency("k", "{\"r\":1}", T0, since))))
                .isEmpty();
        assertThat(repo().insert(retry, Optional.of(new byte[] {'1'}), Optional.of(new Idempotency("k", "{\"r\":2}", T0, since))))
                .contains("{\"r\":1}");
        assertThat(repo().find(retry.id())).isEmpty();
        assertThat(repo().idempotentResponse(eid, "k", since)).contains("{\"r\":1}");
        assertThat(repo().idempotentResponse(eid, "k", T0.plusSeconds(1))).isEmpty();

        // After the window the key is free again and the new response replaces the old one.
        Instant later = T0.plus(Duration.ofHours(25));
        assertThat(repo().insert(retry, Optional.of(new byte[] {'1'}),
                Optional.of(new Idempotency("k", "{\"r\":3}", later, later.minus(Duration.ofHours(24)))))).isEmpty();
        assertThat(repo().idempotentResponse(eid, "k", T0)).contains("{\"r\":3}");
    }

    @Test
    void gcRunsAreCountedAndOldTombstonesPurged() {
        String eid = eid();
        Payload p = insert(eid, "a", Scope.STEP, Optional.empty());
        repo().delete(p.id(), T0);
        long collectedBefore = repo().stats(T0).collected().count();
        repo().recordGcRun(T0, new Removed(3, 30, List.of()));
        PayloadRepository.Stats stats = repo().stats(T0);
        assertThat(stats.collected().count()).isEqualTo(collectedBefore + 3);
        assertThat(stats.lastGcAt()).contains(T0);
        assertThat(stats.lastGcCollected()).isEqualTo(3);
        assertThat(repo().purge(T0, T0, 1000)).isZero();
        assertThat(repo().purge(T0.plusMillis(1), T0, 100_000)).isPositive();
        assertThat(repo().find(p.id())).isEmpty();
    }
}
