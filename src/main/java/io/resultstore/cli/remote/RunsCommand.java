package io.resultstore.cli.remote;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.resultstore.client.QueryRun;
import io.resultstore.client.ResultStoreClient;
import io.resultstore.client.RunList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code resultstore runs ls|get|cancel}. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = {"List, show and cancel query runs.",
        "Example: resultstore runs cancel qrun…"})
public final class RunsCommand implements Runnable {
    private final Io io;

    public RunsCommand(Io io) {
        this.io = requireNonNull(io, "io is null");
    }

    static CommandLine commandLine(Io io) {
        return new CommandLine(new RunsCommand(io)).addSubcommand(new Ls(io)).addSubcommand(new Get(io))
                .addSubcommand(new Cancel(io));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name one of: ls, get, cancel");
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = {"List query runs, newest first.",
            "Example: resultstore runs ls --limit 10"})
    static final class Ls implements Callable<Integer> {
        private final Io io;
        @Mixin ServerOptions server;
        @Option(names = "--limit", defaultValue = "20", description = "how many; default ${DEFAULT-VALUE}") int limit;
        @Option(names = "--cursor", description = "the cursor printed by the previous page") String cursor;
        @Option(names = "--json", description = "print the server's listing as JSON") boolean json;

        Ls(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (ResultStoreClient client = server.client()) {
                RunList list = client.runs().list(Optional.ofNullable(cursor), limit);
                if (json) {
                    Output.json(io.out(), list);
                    return 0;
                }
                JsonNodeFactory f = JsonNodeFactory.instance;
                List<List<JsonNode>> rows = list.queryRuns().stream().map(r -> List.<JsonNode>of(f.textNode(r.id()),
                        f.textNode(r.status()), f.textNode(Output.time(r.createdAt())),
                        r.executionTimeMs().<JsonNode>map(f::numberNode).orElse(f.nullNode()),
                        f.textNode(r.resultId().orElse("")), f.textNode(r.sqlText()))).toList();
                Output.table(io.out(), List.of("id", "status", "created_at", "ms", "result", "sql"), rows, io.columns());
                list.nextCursor().ifPresent(c -> io.out().println("(more: --cursor " + c + ")"));
            }
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Show a query run as JSON.",
            "Example: resultstore runs get qrun…"})
    static final class Get implements Callable<Integer> {
        private final Io io;
        @Mixin ServerOptions server;
        @Parameters(index = "0", paramLabel = "ID") String id;

        Get(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (ResultStoreClient client = server.client()) {
                QueryRun run = client.runs().get(id);
                Output.json(io.out(), run);
            }
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = {"Stop a running query.",
            "Example: resultstore runs cancel qrun…"})
    static final class Cancel implements Callable<Integer> {
        private final Io io;
        @Mixin ServerOptions server;
        @Parameters(index = "0", paramLabel = "ID") String id;

        Cancel(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (ResultStoreClient client = server.client()) {
                io.out().println(id + " " + client.runs().cancel(id));
            }
            return 0;
        }
    }
}
