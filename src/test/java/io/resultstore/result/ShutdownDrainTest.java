package io.resultstore.result;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.catalog.JdbcCatalog;
import io.resultstore.testing.HeldPublish;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stop whose grace ends before the writes do: what is left ends failed, no file of it stays. */
class ShutdownDrainTest {
    @TempDir
    Path dir;

    @Test
    void writesLeftWhenTheGraceEndsAreMarkedFailedAndLeaveNoFiles() throws Exception {
        HeldPublish held = new HeldPublish();
        List<String> ids = new ArrayList<>();
        TestServer server = TestServer.builder(dir).set("server.shutdown_grace", "0s")
                .set("persistence.concurrency", "1").wrapStorage(held::wrap).start();
        try {
            for (int i = 0; i < 3; i++) {
                ids.add(server.http().query("SELECT " + i + " AS n").json().path("result_id").asText());
            }
            held.awaitPublishing();
        } finally {
            // The held publish is still waiting: one result is being written, two are queued.
            server.close();
        }
        try (JdbcCatalog catalog = JdbcCatalog.open(server.app().config())) {
            for (String id : ids) {
                Result r = catalog.results().find(id).orElseThrow();
                assertThat(r.status()).as(id).isEqualTo(ResultStatus.FAILED);
                assertThat(r.errorMessage()).as(id).contains(ResultPersister.SHUTTING_DOWN);
            }
        }
        assertThat(files(dir.resolve("staging"))).isEmpty();
        assertThat(files(dir.resolve("blobs"))).isEmpty();
    }

    private static List<Path> files(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
