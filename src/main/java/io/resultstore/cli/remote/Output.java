package io.resultstore.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.client.ResultStoreClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/** How the client commands print: rows as a fitted table or CSV, answers as JSON, to stdout or {@code --out}. */
final class Output {
    enum Format { table, csv, json }

    private Output() {
    }

    /** A cell as text: strings bare, SQL NULL as {@code NULL} (tables) or empty (CSV), anything else as JSON. */
    static String text(JsonNode cell, String nullText) {
        return cell.isNull() ? nullText : cell.isTextual() ? cell.asText() : cell.toString();
    }

    static void table(PrintStream out, List<String> columns, List<List<JsonNode>> rows, int width) {
        List<List<String>> cells = rows.stream().map(r -> r.stream().map(c -> text(c, "NULL")).toList()).toList();
        List<Boolean> numeric = IntStream.range(0, columns.size())
                .mapToObj(c -> rows.stream().map(r -> r.get(c)).filter(v -> !v.isNull()).findFirst()
                        .map(JsonNode::isNumber).orElse(false))
                .toList();
        for (String line : Table.render(columns, cells, numeric, width)) {
            out.println(line);
        }
    }

    /** A time to the second, as tables show it. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
    static void csv(PrintStream out, List<String> columns, List<List<JsonNode>> rows) {
        out.print(csvLine(columns));
        for (List<JsonNode> row : rows) {
            out.print(csvLine(row.stream().map(c -> text(c, "")).toList()));
        }
    }

    private static String csvLine(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            line.append(i == 0 ? "" : ",");
            boolean quote = f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r");
            line.append(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return line.append('\n').toString();
    }

    static void json(PrintStream out, Object value) {
        try {
            out.println(ResultStoreClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file named by {@code --out}, or stdout (left open). */
    static PrintStream open(Optional<Path> file, PrintStream stdout) {
        if (file.isEmpty()) {
            return stdout;
        }
        try {
            OutputStream out = Files.newOutputStream(file.get());
            return new PrintStream(out, false, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file.get() + ": " + e.getMessage(), e);
        }
    }

    static void close(PrintStream out, PrintStream stdout) {
        out.flush();
        if (out != stdout) {
            out.close();
        }
    }
}
