package io.resultstore.testing;

import io.resultstore.catalog.Catalog;
import io.resultstore.cli.Application;
import io.resultstore.config.Config;
import io.resultstore.config.ConfigLoader;
import io.resultstore.storage.BlobStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A real server, in process, on a free loopback port with its own data directory. Tests build one with
 * {@code TestServer.builder(tempDir)} and close it when done.
 */
public final class TestServer implements AutoCloseable {
    private final Application app;
    private final Http http;

    private TestServer(Application app) {
        this.app = app;
        this.http = new Http(app.url());
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public static TestServer start(Path dataDir) {
        return builder(dataDir).start();
    }

    public Http http() {
        return http;
    }

    public Application app() {
        return app;
    }

    public String url() {
        return app.url();
    }

    @Override
    public void close() {
        app.close();
    }

    public static final class Builder {
        private final Map<String, String> settings = new HashMap<>();
        private Clock clock = Clock.systemUTC();
        private UnaryOperator<BlobStorage> wrapStorage = UnaryOperator.identity();
        private UnaryOperator<Catalog> wrapCatalog = UnaryOperator.identity();
        private Optional<SpanExporter> spans = Optional.empty();

        private Builder(Path dataDir) {
            settings.put("data.dir", dataDir.toString());
            settings.put("server.port", "0");
            // Off unless a test asks for it: the default port would collide between servers.
            settings.put("flight.port", "0");
            settings.put("engine.memory_limit", "1GB");
            settings.put("engine.threads", "2");
        }

        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder wrapStorage(UnaryOperator<BlobStorage> wrap) {
            this.wrapStorage = wrap;
            return this;
        }

        public Builder wrapCatalog(UnaryOperator<Catalog> wrap) {
            this.wrapCatalog = wrap;
            return this;
        }

        /** Every span the server records goes to {@code exporter} (an in-memory one), whatever the config says. */
        public Builder spans(SpanExporter exporter) {
            this.spans = Optional.of(exporter);
            return this;
        }

        public Config config() {
            return ConfigLoader.fromMap(settings);
        }

        public TestServer start() {
            return new TestServer(Application.start(config(), clock, wrapStorage, wrapCatalog, spans));
        }
    }
}
