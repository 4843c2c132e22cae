package io.resultstore.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PersistHandoffTest {
    private final AtomicInteger writes = new AtomicInteger();
    private final PersistHandoff handoff = new PersistHandoff();

    @Test
    void theWriteWaitsUntilTheAnswerIsOut() {
        handoff.handOver(writes::incrementAndGet);
        assertThat(writes).hasValue(0);

        handoff.answered();
        assertThat(writes).hasValue(1);
    }

    @Test
    void anAnswerAlreadyOutLetsTheWriteStartAtOnce() {
        handoff.answered();
        handoff.handOver(writes::incrementAndGet);
        assertThat(writes).hasValue(1);
    }

    @Test
    void theWriteStartsOnceHoweverOftenTheAnswerIsReported() {
        handoff.handOver(writes::incrementAndGet);
        handoff.answered();
        handoff.answered();
        assertThat(writes).hasValue(1);
    }

    @Test
    void aQueryAnswerThatIsOnlyARunIdHoldsNoWrite() {
        QueryAnswer running = QueryAnswer.running("run");
        running.persist().handOver(writes::incrementAndGet);
        assertThat(writes).hasValue(1);
    }
}
