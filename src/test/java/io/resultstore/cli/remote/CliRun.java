package io.resultstore.cli.remote;

import io.resultstore.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the command line with captured streams: exit code, stdout (bytes and text), stderr. */
record CliRun(int code, byte[] stdout, String err) {
    static CliRun run(int columns, String stdin, String... args) {
        return run(false, columns, stdin, args);
    }

    static CliRun run(boolean terminal, int columns, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal, columns);
        int code = Main.commandLine(io).execute(args);
        io.out().flush();
        io.err().flush();
        return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
