package io.resultstore.engine;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parquet has no 128-bit integers, bit strings or big numbers: DuckDB writes HUGEINT as DOUBLE (losing digits)
 * and BIT/BIGNUM as VARCHAR. Such columns are written as exact text and cast back to their engine type, taken
 * from the catalog's column list, whenever the file is read, so inline rows, pages and SQL over the result show
 * the same values. Other types round-trip as they are (ENUM reads back as VARCHAR, UNION as STRUCT).
 */
final class ParquetTypes {
    private static final Pattern LOSSY = Pattern.compile("\\b(UHUGEINT|HUGEINT|BIT|BIGNUM)\\b");

    private ParquetTypes() {}

    static boolean lossy(String type) {
        return LOSSY.matcher(type).find();
    }

    /** {@code SELECT …} of the staged table with lossy columns turned into text, or plain {@code *}. */
    static String writeSelect(List<Column> columns, String table) {
        return select(columns, table, c -> LOSSY.matcher(c.type()).replaceAll("VARCHAR"));
    }

    /** {@code SELECT …} over a Parquet source restoring the engine types of lossy columns. */
    static String readSelect(List<Column> columns, String source) {
        return select(columns, source, Column::type);
    }

    private static String select(List<Column> columns, String source, java.util.function.Function<Column, String> castTo) {
        List<Column> lossy = columns.stream().filter(c -> lossy(c.type())).toList();
        if (lossy.isEmpty()) {
            return "SELECT * FROM " + source;
        }
        return "SELECT * REPLACE (" + lossy.stream()
                .map(c -> "CAST(" + DuckDbEngine.identifier(c.name()) + " AS " + castTo.apply(c) + ") AS "
                        + DuckDbEngine.identifier(c.name()))
                .collect(Collectors.joining(", ")) + ") FROM " + source;
    }
}
