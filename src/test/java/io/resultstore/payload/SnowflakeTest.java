package io.resultstore.payload;

import io.resultstore.testing.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SnowflakeTest {
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void encodesTimeNodeAndSequence() {
        SettableClock clock = new SettableClock(T0);
        Snowflake ids = new Snowflake(513, clock);
        long first = ids.next();
        long second = ids.next();
        assertThat(Snowflake.timeOf(first)).isEqualTo(T0);
        assertThat(Snowflake.nodeOf(first)).isEqualTo(513);
        assertThat(Snowflake.sequenceOf(first)).isZero();
        assertThat(Snowflake.sequenceOf(second)).isEqualTo(1);
        assertThat(first).isPositive();
        long expectedMillis = T0.toEpochMilli() - Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        assertThat(first >>> 22).isEqualTo(expectedMillis);
    }

    @Test
    void staysMonotonicWhenTheClockStepsBack() {
        SettableClock clock = new SettableClock(T0);
        Snowflake ids = new Snowflake(1, clock);
        long before = ids.next();
        clock.advance(Duration.ofSeconds(-5));
        long after = ids.next();
        assertThat(after).isGreaterThan(before);
        assertThat(Snowflake.timeOf(after)).isEqualTo(T0);
        clock.advance(Duration.ofSeconds(10));
        assertThat(Snowflake.timeOf(ids.next())).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void neverRepeatsWhenOneMillisecondRunsOutOfSequenceNumbers() {
        Snowflake ids = new Snowflake(7, new SettableClock(T0));
        long last = -1;
        for (int i = 0; i < 10_000; i++) {
            long id = ids.next();
            assertThat(id).isGreaterThan(last);
            last = id;
        }
        assertThat(Snowflake.timeOf(last)).isEqualTo(T0.plusMillis(2));
    }

    @Test
    void isUniqueAcrossThreads() throws InterruptedException {
        Snowflake ids = new Snowflake(3, java.time.Clock.systemUTC());
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int each = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long last = -1;
                for (int i = 0; i < each; i++) {
                    long id = ids.next();
                    if (id <= last) {
                        throw new AssertionError("not increasing within a thread");
                    }
                    last = id;
                    seen.add(id);
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(seen).hasSize(threads * each);
    }

    @Test
    void refusesNodeIdsOutsideTenBits() {
        assertThatThrownBy(() -> new Snowflake(1024, new SettableClock(T0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Snowflake(-1, new SettableClock(T0))).isInstanceOf(IllegalArgumentException.class);
        Set<Long> distinct = new HashSet<>();
        distinct.add(new Snowflake(0, new SettableClock(T0)).next());
        distinct.add(new Snowflake(1023, new SettableClock(T0)).next());
        assertThat(distinct).hasSize(2);
    }
}
