package io.resultstore.cli.remote;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.resultstore.client.DownloadFormat;
import io.resultstore.client.ResultList;
import io.resultstore.client.ResultPage;
import io.resultstore.client.ResultStoreClient;
import io.resultstore.client.ResultSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code resultstore results ls|get|rm|download}. */
@Command(name = "results", mixinStandardHelpOptions = true, description = {"List, show, download and delete results.",
        "Example: resultstore results download rslt… --format parquet --out result.parquet"})
public final class ResultsCommand implements Runnable {
    private final Io io;

    public ResultsCommand(Io io) {
        this.io = requireNonNull(io, "io is null");
    }

    static CommandLine commandLine(Io io) {
        return new CommandLine(new ResultsCommand(io)).addSubcommand(new Ls(io)).addSubcommand(new Get(io))
                .addSubcommand(new Rm(io)).addSubcommand(new Download(io));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name one of: ls, get, rm, download");
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = {"List results, newest first.",
            "Example: resultstore results ls --status ready --limit 10"})
    static final class Ls implements Callable<Integer> {
        private final Io io;
        @Mixin ServerOptions server;
        @Option(names = "--status", description = "only processing, ready or failed results") String status;
        @Option(names = "--limit", defaultValue = "20", description = "how many; default ${DEFAULT-VALUE}") int limit;
        @Option(names = "--offset", defaultValue = "0", description = "skip this many") int offset;
        @Option(names = "--json", description = "print the server's listing as JSON") boolean json;

        Ls(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (ResultStoreClient client = server.client()) {
                ResultList list = client.results().list(offset, limit, Optional.ofNullable(status));
                if (json) {
                    Output.json(io.out(), list);
                    return 0;
                }
                List<List<JsonNode>> rows = list.results().stream().map(ResultsCommand::row).toList();
                Output.table(io.out(), List.of("id", "status", "created_at", "rows", "bytes", "expires_at / error"),
                        rows, io.columns());
                if (list.hasMore()) {
                    io.out().println("(more: --offset " + (list.offset() + list.count()) + ")");
                }
            }
            return 0;
        }
    }

    private static List<JsonNode> row(ResultSummary r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return List.of(f.textNode(r.id()), f.textNode(r.status()), f.textNode(Output.time(r.createdAt())),
                r.rowCount().<JsonNode>map(f::numberNode).orElse(f.nullNode()),
                r.bytes().<JsonNode>map(f::numberNode).orElse(f.nullNode()),
                r.errorMessage().or(() -> r.expiresAt().map(Output::time)).<JsonNode>map(TextNode::valueOf)
                        .orElse(f.textNode("")));
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = {"Show a result's status and a page of rows.",
            "Example: resultstore results get rslt… --offset 100 --limit 50"})
    static final class Get implements Callable<Integer> {
        private final Io io;
        @Mixin ServerOptions server;
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--offset", defaultValue = "0", description = "first row") long offset;
        @Option(names = "--limit", description = "rows (server default otherwise)") Integer limit;
        @Option(names = "--format", defaultValue = "table", description = "table, csv or json; default ${DEFAULT-VALUE}")
        Output.Format format;

        Get(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (ResultStoreClient client = server.client()) {
                ResultPage page = client.results().page(id, offset, Optional.ofNullable(limit));
                if (format == Output.Format.json) {
                    Output.json(io.out(), page);
                } else if (!page.ready()) {
                    io.out().println(page.resultId() + " " + page.status() + page.errorMessage().map(m -> ": " + m).orElse(""));
                    return page.status().equals("failed") ? 1 : 0;
                } else if (format == Output.Format.csv) {
                    Output.csv(io.out(), page.columns(), page.rows());
                } else {
                    Output.table(io.out(), page.columns(), page.rows(), io.columns());
                    io.out().println("(rows " + page.offset() + ".." + (page.offset() + page.rows().size()) + " of "
                            + page.rowCount() + (page.hasMore() ? "; more with --offset "
                            + (page.offset() + page.rows().size()) : "") + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = {"Delete results.",
            "Example: resultstore results rm rslt…"})
    static final class Rm implements Callable<Integer> {
        private final Io io;
        @Mixin ServerOptions server;
        @Parameters(arity = "1..*", paramLabel = "ID") List<String> ids;

        Rm(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (ResultStoreClient client = server.client()) {
                for (String id : ids) {
                    client.results().delete(id);
                    io.out().println("deleted " + id);
                }
            }
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = {
            "Download a whole result as CSV, JSON Lines, Parquet or an Arrow IPC stream.",
            "Example: resultstore results download rslt… --format parquet --out result.parquet"})
    static final class Download implements Callable<Integer> {
        private final Io io;
        @Mixin ServerOptions server;
        @Parameters(index = "0", paramLabel = "ID") String id;
        @Option(names = "--format", defaultValue = "CSV", converter = FormatConverter.class,
                description = "csv, jsonl, parquet or arrow; default csv") DownloadFormat format;
        @Option(names = "--out", paramLabel = "FILE", description = "write to FILE (replaced only once complete) "
                + "instead of stdout") Path out;

        Download(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            try (ResultStoreClient client = server.client(); ProgressBar progress = new ProgressBar(io)) {
                if (out != null) {
                    client.results().download(id, format, out, progress);
                } else {
                    // A PrintStream swallows write errors: stop once stdout is gone (e.g. piped into head).
                    PrintStream stdout = io.out();
                    client.results().download(id, format, stdout, (done, total) -> {
                        if (stdout.checkError()) {
                            throw new UncheckedIOException("stdout was closed", new IOException("stdout was closed"));
                        }
                        progress.update(done, total);
                    });
                }
            }
            return 0;
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<DownloadFormat> {
        @Override
        public DownloadFormat convert(String value) {
            for (DownloadFormat f : DownloadFormat.values()) {
                if (f.wireName().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("not one of csv, jsonl, parquet, arrow: " + value);
        }
    }

}
