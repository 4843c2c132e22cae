package io.resultstore.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A cached gauge value: one read per period however often it is scraped, and a failed read keeps the last value. */
class CachedTest {
    @Test
    void readsOncePerPeriodAndKeepsTheLastValueWhenAReadFails() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Cached<Integer> cached = new Cached<>(() -> {
            if (reads.incrementAndGet() == 2) {
                throw new IllegalStateException("catalog down");
            }
            return reads.get();
        }, 0, Duration.ofSeconds(2));
        for (int i = 0; i < 50; i++) {
            assertThat(cached.get()).isEqualTo(1);
        }
        assertThat(reads).hasValue(1);
        Thread.sleep(2_100);
        assertThat(cached.get()).isEqualTo(1);
        assertThat(reads).hasValue(2);
        Thread.sleep(2_100);
        assertThat(cached.get()).isEqualTo(3);
    }
}
