package io.resultstore.cli.remote;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the client commands read and write, and what they know of the terminal: tests hand in buffers, the real
 * command line the process's streams. {@code columns} is the width tables are fitted to.
 */
public record Io(InputStream in, PrintStream out, PrintStream err, boolean errIsTerminal, int columns) {
    static final int DEFAULT_COLUMNS = 100;

    public Io {
        requireNonNull(in, "in is null");
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
        if (columns < 20) {
            throw new IllegalArgumentException("columns must be at least 20: " + columns);
        }
    }

    public static Io system() {
        return new Io(System.in, System.out, System.err, stderrIsTerminal(), columns(System.getenv()));
    }

    /** {@code COLUMNS} when the shell exported it, otherwise a width that suits most terminals. */
    static int columns(Map<String, String> env) {
        try {
            int columns = Integer.parseInt(Optional.ofNullable(env.get("COLUMNS")).orElse("").strip());
            return Math.max(20, columns);
        } catch (NumberFormatException absent) {
            return DEFAULT_COLUMNS;
        }
    }

    /**
     * Java tells whether the console is a terminal, not stderr alone; on Linux the descriptor's target answers that
     * exactly (a pseudo-terminal or a tty device). Elsewhere progress is simply not drawn.
     */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException notLinux) {
            return false;
        }
    }
}
