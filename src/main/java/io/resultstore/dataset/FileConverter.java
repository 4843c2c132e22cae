package io.resultstore.dataset;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.Column;
import io.resultstore.engine.ScratchDuckDb;
import io.resultstore.error.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns an uploaded file into Parquet. The query engine never reads users' files: this runs a separate,
 * short-lived in-process DuckDB for each conversion, driven only by the server with SQL the server writes (the
 * user's bytes are data, never statement text). That instance is itself sandboxed to the two directories it
 * needs (where the upload lies and where the Parquet goes) with external access off and its configuration
 * locked, so a file that names other paths (a CSV cannot, but the readers are large) still reaches nothing else.
 * A dedicated connection inside the query engine would have to widen that engine's allowed directories to the
 * upload area for every user statement; a separate instance keeps the engine's sandbox exactly as it was.
 */
public final class FileConverter {
    /** Column types a caller may declare: plain type names, with precision, or a list of them. */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_ ]{0,40}(\\([0-9, ]{1,12}\\))?(\\[\\])?");

    private final String memoryLimit;

    public FileConverter(String memoryLimit) {
        this.memoryLimit = requireNonNull(memoryLimit, "memoryLimit is null");
    }

    public record Converted(List<Column> columns, long rowCount) {}

    /**
     * Writes {@code input} (of {@code format}) as Parquet to {@code output}; a file the reader refuses is a 400 with
     * the reader's message, in which the server's paths are replaced by {@code label}.
     */
    public Converted convert(Path input, FileFormat format, Map<String, String> columns, Path output, String label) {
        Path in = input.toAbsolutePath().normalize();
        Path out = output.toAbsolutePath().normalize();
        try {
            if (Files.size(in) == 0) {
                throw ApiException.badRequest("upload " + label + " is empty");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read upload " + label, e);
        }
        try (Connection c = ScratchDuckDb.open("", memoryLimit, out.getParent().resolve("spill"),
                List.of(in.getParent(), out.getParent())); Statement st = c.createStatement()) {
            String source;
            try {
                source = format == FileFormat.CSV ? csvReader(st, in.toString(), columns)
                        : reader(format, in.toString(), columns);
                st.execute("COPY (SELECT * FROM " + source + ") TO " + literal(out.toString())
                        + " (FORMAT parquet, COMPRESSION zstd)");
            } catch (SQLException e) {
                Files.deleteIfExists(out);
                throw ApiException.badRequest("cannot read upload " + label + " as " + format.wire() + ": "
                        + clean(e.getMessage(), in, label));
            }
            return describe(st, out);
        } catch (SQLException e) {
            throw new IllegalStateException("conversion failed: " + clean(e.getMessage(), in, label), e);
        } catch (IOException e) {
            throw new IllegalStateException("conversion failed", e);
        }
    }

    private static String reader(FileFormat format, String path, Map<String, String> columns) {
        String declared = columns.isEmpty() ? "" : ", columns = {" + columns.entrySet().stream()
                .map(e -> literal(e.getKey()) + ": " + literal(checkType(e.getKey(), e.getValue())))
                .collect(Collectors.joining(", ")) + "}";
        return switch (format) {
            case CSV -> "read_csv(" + literal(path) + ", header = true, skip = 0, strict_mode = true" + declared + ")";
            case JSON -> "read_json(" + literal(path) + ", format = 'auto'" + declared + ")";
            case PARQUET -> {
                if (!columns.isEmpty()) {
                    throw ApiException.badRequest("columns cannot be declared for a parquet file");
                }
                yield "read_parquet(" + literal(path) + ")";
            }
        };
    }

    /**
     * The CSV sniffer falls back to one column when rows disagree on their number of fields. A single column whose
     * header holds a common delimiter is such a broken file: it is read again with that delimiter, so that the
     * reader reports the offending line instead of silently keeping whole lines as values.
     */
    private static String csvReader(Statement st, String path, Map<String, String> columns) throws SQLException {
        String sniffed = reader(FileFormat.CSV, path, columns);
        List<String> names = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + sniffed)) {
            while (rs.next()) {
                names.add(rs.getString("column_name"));
            }
        }
        if (names.size() == 1 && columns.isEmpty()) {
            for (char delimiter : new char[] {',', ';', '\t', '|'}) {
                if (names.get(0).indexOf(delimiter) >= 0) {
                    String d = delimiter == '\t' ? "\\t" : String.valueOf(delimiter);
                    return "read_csv(" + literal(path) + ", header = true, skip = 0, strict_mode = true, delim = "
                            + literal(d) + ")";
                }
            }
        }
        return sniffed;
    }

    private static String checkType(String name, String type) {
        if (!TYPE.matcher(type).matches()) {
            throw ApiException.badRequest("column " + name + ": '" + type + "' is not a type name");
        }
        return type;
    }

    private static Converted describe(Statement st, Path out) throws SQLException {
        ScratchDuckDb.Shape shape = ScratchDuckDb.describeParquet(st, out);
        if (shape.columns().isEmpty()) {
            throw ApiException.badRequest("the file has no columns");
        }
        return new Converted(shape.columns(), shape.rowCount());
    }

    /** The reader's own words without the statement it echoes (which shows server paths). */
    private static String clean(String message, Path input, String label) {
        if (message == null) {
            return "unreadable file";
        }
        String m = message.replace("Invalid Input Error: Attempting to execute an unsuccessful or closed pending"
                + " query result\nError: ", "");
        int echo = m.indexOf("\nLINE ");
        if (echo >= 0) {
            m = m.substring(0, echo);
        }
        return m.replace(input.toString(), label).replace(input.getParent().toString(), "").strip();
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
