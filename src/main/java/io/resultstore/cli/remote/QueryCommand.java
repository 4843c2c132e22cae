package io.resultstore.cli.remote;

import static java.util.Objects.requireNonNull;

import io.resultstore.client.DownloadFormat;
import io.resultstore.client.QueryAnswer;
import io.resultstore.client.QueryRequest;
import io.resultstore.client.ResultStoreClient;
import io.resultstore.client.WaitListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", mixinStandardHelpOptions = true, description = {"Run SQL on the server and print its rows.",
        "Example: resultstore query \"SELECT 42 AS answer\" --format csv --out answer.csv"})
public final class QueryCommand implements Callable<Integer> {
    private final Io io;

    @Mixin ServerOptions server;
    @Parameters(index = "0", paramLabel = "SQL", description = "the statement") String sql;
    @Option(names = "--format", defaultValue = "table", description = "table, csv (the whole result) or json "
            + "(the answer with the inline rows); default ${DEFAULT-VALUE}") Output.Format format;
    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of stdout") Path out;
    @Option(names = "--max-rows", paramLabel = "N", description = "rows to return inline (server default otherwise)")
    Integer maxRows;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "give up waiting after this long; default ${DEFAULT-VALUE}") long timeoutSeconds;

    public QueryCommand(Io io) {
        this.io = requireNonNull(io, "io is null");
    }

    @Override
    public Integer call() {
        QueryRequest request = QueryRequest.of(sql);
        if (maxRows != null) {
            request = request.withMaxInlineRows(maxRows);
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try (ResultStoreClient client = server.client(); ProgressBar progress = new ProgressBar(io)) {
            QueryAnswer answer;
            try (ProgressBar.Spin spin = progress.spin("the query")) {
                answer = client.queries().execute(request, timeout, WaitListener.NONE);
            }
            PrintStream target = Output.open(Optional.ofNullable(out), io.out());
            try {
                switch (format) {
                    case json -> Output.json(target, answer);
                    case table -> table(target, answer);
                    case csv -> csv(client, answer, target, timeout, progress);
                }
            } finally {
                Output.close(target, io.out());
            }
        }
        return 0;
    }

    private void table(PrintStream target, QueryAnswer answer) {
        Output.table(target, answer.columns(), answer.rows(), io.columns());
        String shown = answer.truncated() ? answer.rows().size() + " of " + answer.rowCount() + " rows shown"
                : answer.rowCount() + (answer.rowCount() == 1 ? " row" : " rows");
        target.println("(" + shown + answer.resultId().map(id -> ", result " + id).orElse("") + ", "
                + answer.executionTimeMs() + " ms)");
        answer.warning().ifPresent(w -> io.err().println("resultstore: warning: " + w));
    }

    /** The whole result as the server writes it (the same bytes as {@code results download}), all rows included. */
    private void csv(ResultStoreClient client, QueryAnswer answer, PrintStream target, Duration timeout,
                     ProgressBar progress) {
        if (answer.resultId().isEmpty()) {
            answer.warning().ifPresent(w -> io.err().println("resultstore: warning: " + w));
            Output.csv(target, answer.columns(), answer.rows());
            return;
        }
        String id = answer.resultId().get();
        client.results().awaitReady(id, timeout, progress, Optional.of(1));
        client.results().download(id, DownloadFormat.CSV, target, progress);
    }

}
