package io.resultstore.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.resultstore.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size cap stops a Parquet write by interrupting the engine's COPY. Some engine versions deadlock when a
 * COPY to Parquet is interrupted (the aborting writer waits for its own I/O queue), about once in twenty
 * interrupts; so the cap is exercised many times in a row, each stop bounded so that a hang fails the test.
 */
class ParquetSizeCapTest {
    private static final int ROUNDS = 30;
    private static final long CAP = 256 * 1024;

    @TempDir
    Path dir;
    private DuckDbEngine engine;

    @BeforeEach
    void start() {
        engine = new DuckDbEngine(new Config.EngineSettings("1GB", 2), dir.resolve("tmp"), List.of(dir.resolve("out")));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void everyWriteOverTheCapIsStoppedAndReturns() {
        for (int round = 0; round < ROUNDS; round++) {
            String id = "rslt_cap_" + round;
            Path target = dir.resolve("out").resolve(id + ".parquet");
            List<Column> columns = stage(id, 1_000_000);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                    () -> engine.writeParquet(id, columns, target, CAP)).isInstanceOf(ResultTooLargeException.class),
                    "round " + round + ": the interrupted write never returned");
        }
    }

    @Test
    void aWriteUnderTheCapIsComplete() throws Exception {
        List<Column> columns = stage("rslt_small", 1_000);
        Path target = dir.resolve("out").resolve("small.parquet");
        engine.writeParquet("rslt_small", columns, target, CAP);
        assertThat(Files.size(target)).isPositive().isLessThanOrEqualTo(CAP);
    }

    /** Hex digests barely compress: a million rows make a file of many MiB, written over tens of milliseconds. */
    private List<Column> stage(String id, int rows) {
        try (QuerySession session = engine.openSession()) {
            CheckedStatement sql = session.check("SELECT uuid()::VARCHAR || uuid()::VARCHAR AS h"
                    + " FROM range(" + rows + ")");
            return session.execute(sql, id, 1).columns();
        }
    }
}
