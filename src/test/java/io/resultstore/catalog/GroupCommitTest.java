package io.resultstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resultstore.error.ApiException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GroupCommitTest {
    @Test
    void everyItemIsWrittenExactlyOnceUnderConcurrency() throws InterruptedException {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger batches = new AtomicInteger();
        GroupCommit<Integer> commit = new GroupCommit<>(items -> {
            batches.incrementAndGet();
            written.addAll(items);
        });
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int base = t * 1000;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    commit.write(base + i);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(written).hasSize(16 * 200).doesNotHaveDuplicates();
        assertThat(batches.get()).isLessThanOrEqualTo(16 * 200);
    }

    @Test
    void aFailingItemFailsAloneAndTheOthersOfItsBatchAreWritten() throws InterruptedException {
        List<String> written = new CopyOnWriteArrayList<>();
        GroupCommit<String> commit = new GroupCommit<>(items -> {
            if (items.contains("bad")) {
                throw new IllegalStateException("constraint violated");
            }
            written.addAll(items);
        });
        List<Throwable> failures = writeAtOnce(commit, List.of("a", "bad", "b", "c"));
        assertThat(written).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(failures).hasSize(1).first().hasFieldOrPropertyWithValue("message", "constraint violated");
        assertThatThrownBy(() -> commit.write("bad")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Timeout(120)
    void platformThreadsParkedBehindAWriterAreAllWokenAndNoneIsLeftWaiting() throws InterruptedException {
        AtomicInteger written = new AtomicInteger();
        GroupCommit<Integer> commit = new GroupCommit<>(items -> written.addAndGet(items.size()));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5_000; i++) {
                    commit.write(i);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(written.get()).isEqualTo(16 * 5_000);
    }

    @Test
    void anInterruptedCallerStillWritesItsItemAndKeepsTheInterrupt() throws InterruptedException {
        List<String> written = new CopyOnWriteArrayList<>();
        GroupCommit<String> commit = new GroupCommit<>(written::addAll);
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            commit.write("x");
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.join();
        assertThat(written).containsExactly("x");
        assertThat(stillInterrupted).isTrue();
    }

    @Test
    void aCatalogOutageFailsAWholeBatchWithoutRetryingEachItem() throws InterruptedException {
        CountDownLatch firstBatchRuns = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        GroupCommit<String> commit = new GroupCommit<>(items -> {
            calls.add(items);
            if (items.contains("first")) {
                firstBatchRuns.countDown();
                await(release);
            }
            throw ApiException.unavailable("catalog unavailable, retry later", null);
        });
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().start(() -> write(commit, "first", failures)));
        firstBatchRuns.await();
        for (String item : List.of("b", "c", "d")) {
            threads.add(Thread.ofPlatform().start(() -> write(commit, item, failures)));
        }
        // b, c and d queued behind the first batch and parked.
        while (threads.stream().skip(1).anyMatch(t -> t.getState() != Thread.State.WAITING)) {
            Thread.sleep(5);
        }
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).hasSize(4).allMatch(e -> e instanceof ApiException);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).containsExactlyInAnyOrder("b", "c", "d");
    }

    @Test
    @Timeout(60)
    void anErrorInABatchReachesEveryCallerOfItAndNoneWaitsForGood() throws InterruptedException {
        GroupCommit<String> commit = new GroupCommit<>(items -> {
            throw new StackOverflowError("deep");
        });
        assertThat(writeAtOnce(commit, List.of("a", "b", "c", "d"))).hasSize(4)
                .allMatch(e -> e instanceof StackOverflowError);
    }

    /** Each item written by its own thread, all started at once; what they threw. */
    private static List<Throwable> writeAtOnce(GroupCommit<String> commit, List<String> items)
            throws InterruptedException {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String item : items) {
            threads.add(Thread.ofPlatform().start(() -> write(commit, item, failures)));
        }
        for (Thread t : threads) {
            t.join();
        }
        return failures;
    }

    private static void write(GroupCommit<String> commit, String item, List<Throwable> failures) {
        try {
            commit.write(item);
        } catch (RuntimeException | Error e) {
            failures.add(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
