package io.resultstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String item : List.of("a", "bad", "b", "c")) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    commit.write(item);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(written).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(failures).hasSize(1).first().hasFieldOrPropertyWithValue("message", "constraint violated");
        assertThatThrownBy(() -> commit.write("bad")).isInstanceOf(IllegalStateException.class);
    }
}
