package io.resultstore.cli.remote;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.client.PayloadPut;
import io.resultstore.client.PayloadReceipt;
import io.resultstore.client.ResultStoreClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "put", mixinStandardHelpOptions = true, description = {
        "Store a JSON document in the workflow result store and print its ref.",
        "Example: echo '{\"rows\": 3}' | resultstore put 42 step_a - --scope workflow --ttl 2d"})
public final class PutCommand implements Callable<Integer> {
    private final Io io;

    @Mixin ServerOptions server;
    @Parameters(index = "0", paramLabel = "EID", description = "execution id") String executionId;
    @Parameters(index = "1", paramLabel = "NAME", description = "result name") String name;
    @Parameters(index = "2", paramLabel = "FILE", description = "the JSON document, or - for stdin") String file;
    @Option(names = "--scope", description = "step, execution, workflow or permanent") String scope;
    @Option(names = "--ttl", description = "30s, 1h, 2d, 1w, seconds or forever") String ttl;
    @Option(names = "--store", description = "the tier to store in (db, disk, s3)") String store;
    @Option(names = "--compress", description = "compress it in blob storage") boolean compress;
    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "a retried put with the same key stores "
            + "nothing new") String idempotencyKey;
    @Option(names = "--json", description = "print the whole receipt as JSON instead of the ref") boolean json;

    public PutCommand(Io io) {
        this.io = requireNonNull(io, "io is null");
    }

    @Override
    public Integer call() {
        JsonNode data = read();
        PayloadPut put = PayloadPut.of(name, data).withCompress(compress);
        put = scope == null ? put : put.withScope(scope);
        put = ttl == null ? put : put.withTtl(ttl);
        put = store == null ? put : put.withStore(store);
        put = idempotencyKey == null ? put : put.withIdempotencyKey(idempotencyKey);
        try (ResultStoreClient client = server.client()) {
            PayloadReceipt receipt = client.payloads().put(executionId, put);
            if (json) {
                Output.json(io.out(), receipt);
            } else {
                io.out().println(receipt.ref());
            }
        }
        return 0;
    }

    private JsonNode read() {
        String source = file.equals("-") ? "stdin" : file;
        try (InputStream in = file.equals("-") ? io.in() : Files.newInputStream(Path.of(file))) {
            JsonNode data = ResultStoreClient.json().readTree(in);
            if (data == null || data.isMissingNode()) {
                throw new IllegalArgumentException(source + " is empty: put stores a JSON document");
            }
            return data;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}
