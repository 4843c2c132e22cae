package io.resultstore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One server for all tests of a class, in its own temporary data directory:
 * {@code @RegisterExtension static final SharedServer server = new SharedServer();}, with
 * {@code static final Http http = server.http();}.
 */
public final class SharedServer implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<TestServer.Builder> customize;
    private Path dir;
    private TestServer server;

    public SharedServer() {
        this(UnaryOperator.identity());
    }

    public SharedServer(UnaryOperator<TestServer.Builder> customize) {
        this.customize = customize;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("resultstore-test");
        server = customize.apply(TestServer.builder(dir)).start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Usable in a static initializer: the address is looked up on each request. */
    public Http http() {
        return new Http(() -> server.url());
    }

    public TestServer server() {
        return server;
    }

    public Path dataDir() {
        return dir;
    }
}
