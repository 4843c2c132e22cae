package io.resultstore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private final AtomicInteger backlog = new AtomicInteger();

    private Admission admission(int maxConcurrent) {
        return new Admission(maxConcurrent, Duration.ofMillis(50), 16, 3, backlog::get);
    }

    @Test
    void sqlOverTheByteLimitIsRefusedWith413CountingUtf8Bytes() {
        Admission a = admission(1);
        a.admit("SELECT 123456789").close();
        // 15 bytes in UTF-8 for 8 characters; one more é (two bytes) is over the limit.
        a.admit("ééééééé1").close();
        assertThatThrownBy(() -> a.admit("éééééééé1"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
                    assertThat(e.getMessage()).isEqualTo("SQL text is larger than the limit of 16 bytes (query.max_sql_bytes)");
                });
        assertThat(a.refusedTooLarge()).isEqualTo(1);
    }

    @Test
    void aStatementBeyondTheConcurrencyLimitWaitsThenIsRefusedWithRetryAfter() {
        Admission a = admission(2);
        Admission.Permit first = a.admit("SELECT 1");
        Admission.Permit second = a.admit("SELECT 2");
        assertThat(a.running()).isEqualTo(2);
        assertThatThrownBy(() -> a.admit("SELECT 3"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.retryAfterSeconds()).contains(1L);
                    assertThat(e.getMessage()).isEqualTo("server is busy: 2 statements are running"
                            + " (query.max_concurrent) and none ended within 50 ms (query.queue_timeout), retry later");
                });
        assertThat(a.refusedBusy()).isEqualTo(1);
        first.close();
        first.close();
        assertThat(a.running()).isEqualTo(1);
        a.admit("SELECT 4").close();
        second.close();
        assertThat(a.running()).isZero();
        assertThat(a.waiting()).isZero();
    }

    @Test
    void aWaitingStatementGetsTheSlotAReleasedOneFrees() throws Exception {
        Admission a = new Admission(1, Duration.ofMinutes(1), 100, 3, backlog::get);
        Admission.Permit held = a.admit("SELECT 1");
        Thread waiter = Thread.ofVirtual().start(() -> a.admit("SELECT 2").close());
        io.resultstore.testing.Await.until("a statement waits for a slot", () -> a.waiting() == 1);
        held.close();
        waiter.join(Duration.ofSeconds(90));
        assertThat(waiter.isAlive()).isFalse();
        assertThat(a.refusedBusy()).isZero();
        assertThat(a.running()).isZero();
    }

    @Test
    void aFullWriterBacklogRefusesNewStatementsWith503() {
        Admission a = admission(4);
        backlog.set(3);
        assertThatThrownBy(() -> a.admit("SELECT 1"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.retryAfterSeconds()).contains(1L);
                    assertThat(e.getMessage()).isEqualTo("server is busy writing earlier results (3 or more waiting,"
                            + " persistence.max_backlog), retry later");
                });
        assertThat(a.refusedBacklog()).isEqualTo(1);
        assertThat(a.running()).isZero();
        backlog.set(2);
        a.admit("SELECT 1").close();
    }
}
