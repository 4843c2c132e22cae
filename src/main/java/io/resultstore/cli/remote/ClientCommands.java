package io.resultstore.cli.remote;

import io.resultstore.client.ResultStoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Adds the client subcommands to the command line and maps their failures to one line on stderr and exit code 1:
 * the API's message with its code and HTTP status, or what was wrong locally (a bad file, a bad URL).
 */
public final class ClientCommands {
    public static final String EXAMPLES = """
            Examples:
              resultstore serve --port 8080
              resultstore query "SELECT 42 AS answer" --format csv --out answer.csv
              resultstore results ls --status ready
              resultstore results get rslt… --limit 20
              resultstore results download rslt… --format parquet --out result.parquet
              resultstore results rm rslt…
              resultstore runs ls --limit 10
              resultstore runs get qrun…
              resultstore runs cancel qrun…
              resultstore put 42 step_a data.json --scope workflow
              resultstore resolve noetl://execution/42/result/step_a/610011223344556677
            Client commands take --server URL (env RESULTSTORE_SERVER,
            default http://127.0.0.1:8080) and --token TOKEN (env RESULTSTORE_TOKEN).
            put reads stdin when FILE is -. COLUMNS sets the width of tables.
            """;

    private ClientCommands() {
    }

    public static CommandLine register(CommandLine root, Io io) {
        root.addSubcommand(new QueryCommand(io))
                .addSubcommand(ResultsCommand.commandLine(io))
                .addSubcommand(RunsCommand.commandLine(io))
                .addSubcommand(new PutCommand(io))
                .addSubcommand(new ResolveCommand(io));
        root.setOut(new PrintWriter(io.out(), true));
        root.setErr(new PrintWriter(io.err(), true));
        root.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (commandLine.getCommand().getClass().getPackage() != ClientCommands.class.getPackage()) {
                throw e; // the server's own commands fail as they always did
            }
            commandLine.getErr().println("resultstore: " + message(e));
            commandLine.getErr().flush();
            return 1;
        });
        return root;
    }

    private static String message(Exception e) {
        if (e instanceof ResultStoreException api) {
            return api.getMessage() + " (" + api.code() + (api.status() > 0 ? ", HTTP " + api.status() : "") + ")";
        }
        if (e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return e.toString();
    }
}
