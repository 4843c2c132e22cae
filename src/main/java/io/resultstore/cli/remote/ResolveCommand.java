package io.resultstore.cli.remote;

import static java.util.Objects.requireNonNull;

import io.resultstore.client.ResultStoreClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "resolve", mixinStandardHelpOptions = true, description = {
        "Print the JSON document stored under a noetl:// ref.",
        "Example: resultstore resolve noetl://execution/42/result/step_a/610011223344556677"})
public final class ResolveCommand implements Callable<Integer> {
    private final Io io;

    @Mixin ServerOptions server;
    @Parameters(index = "0", paramLabel = "REF") String ref;
    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of stdout") Path out;

    public ResolveCommand(Io io) {
        this.io = requireNonNull(io, "io is null");
    }

    @Override
    public Integer call() {
        try (ResultStoreClient client = server.client()) {
            PrintStream target = Output.open(Optional.ofNullable(out), io.out());
            try {
                client.payloads().resolveTo(ref, target);
            } finally {
                Output.close(target, io.out());
            }
        }
        return 0;
    }
}
