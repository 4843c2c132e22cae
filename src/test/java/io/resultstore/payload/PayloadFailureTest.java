package io.resultstore.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.catalog.Catalog;
import io.resultstore.error.ApiException;
import io.resultstore.testing.ForwardingStorage;
import io.resultstore.testing.Http;
import io.resultstore.testing.TestServer;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write the catalog refuses leaves nothing behind: no row, no blob. */
class PayloadFailureTest {
    @TempDir
    Path dir;

    @Test
    void aCatalogOutageDuringAWriteIs503AndLeavesNoBlob() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        try (TestServer server = TestServer.builder(dir).set("payloads.inline_max_bytes", "100")
                .wrapCatalog(c -> failingPayloads(c, down)).start()) {
            Http http = server.http();
            down.set(true);
            Http.Response r = http.put("/api/result/60", "{\"name\": \"big\", \"data\": \"" + "x".repeat(500) + "\"}");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.errorCode()).isEqualTo("UNAVAILABLE");
            Path folder = dir.resolve("blobs/payloads/60");
            assertThat(!Files.exists(folder) || isEmpty(folder)).isTrue();
            down.set(false);
            assertThat(http.get("/api/result/60/list").json().path("count").asInt()).isZero();
            assertThat(http.put("/api/result/60", "{\"name\": \"big\", \"data\": 1}").status()).isEqualTo(200);
        }
    }

    @Test
    void aBlobLeftWithoutItsRowIsAlreadyQueuedForDeletionAndAStoredOneIsNot() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        // While down, the blob cannot be removed either, as when the server dies between blob and row.
        try (TestServer server = TestServer.builder(dir).set("payloads.inline_max_bytes", "100")
                .wrapCatalog(c -> failingPayloads(c, down))
                .wrapStorage(real -> new ForwardingStorage(real) {
                    @Override
                    public void delete(String key) throws IOException {
                        if (down.get()) {
                            throw new IOException("storage unavailable");
                        }
                        super.delete(key);
                    }
                }).start()) {
            Http http = server.http();
            String big = "{\"name\": \"big\", \"data\": \"" + "x".repeat(500) + "\"}";
            long before = server.app().catalog().deletions().pending();
            assertThat(http.put("/api/result/61", big).status()).isEqualTo(200);
            assertThat(server.app().catalog().deletions().pending()).isEqualTo(before);

            down.set(true);
            assertThat(http.put("/api/result/61", big).status()).isEqualTo(503);
            down.set(false);
            assertThat(isEmpty(dir.resolve("blobs/payloads/61"))).isFalse();
            Instant later = Instant.now().plus(PayloadStore.UNCLAIMED_BLOB_GRACE).plusSeconds(1);
            List<String> due = server.app().catalog().deletions().claimDue(later, later.plusSeconds(60), 10).stream()
                    .map(d -> d.storageKey()).toList();
            assertThat(due).singleElement().asString().startsWith("payloads/61/");
            assertThat(http.get("/api/result/61/list").json().path("count").asInt()).isEqualTo(1);
        }
    }

    static boolean isEmpty(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }

    /**
     * The real catalog, whose payload inserts fail while {@code down} is set. Proxies rather than a class, so that
     * methods added to {@link Catalog} later pass through untouched.
     */
    static Catalog failingPayloads(Catalog real, AtomicBoolean down) {
        PayloadRepository repo = delegate(PayloadRepository.class, real.payloads(), (method, args) -> {
            if (down.get() && method.getName().equals("insert")) {
                throw ApiException.unavailable("catalog unavailable, retry later", null);
            }
        });
        return (Catalog) Proxy.newProxyInstance(Catalog.class.getClassLoader(), new Class<?>[] {Catalog.class},
                (proxy, method, args) -> method.getName().equals("payloads") ? repo : invoke(method, real, args));
    }

    interface Hook {
        void before(Method method, Object[] args);
    }

    static <T> T delegate(Class<T> type, T real, Hook hook) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            hook.before(method, args);
            return invoke(method, real, args);
        }));
    }

    static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
