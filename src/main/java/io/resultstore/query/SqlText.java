package io.resultstore.query;

import io.resultstore.error.ApiException;

/**
 * Checks on the raw SQL text made before it reaches the engine. DuckDB's parser recurses once per nesting level
 * on a native stack: a few thousand nested parentheses crash the whole process, not just the statement.
 */
final class SqlText {
    /** DuckDB's own {@code max_expression_depth} default; no real query comes near it. */
    static final int MAX_NESTING = 1000;

    private SqlText() {}

    static void check(String sql) {
        checkUnicode(sql);
        int depth = 0;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            switch (sql.charAt(i)) {
                case '\'', '"' -> i = skipQuoted(sql, i, sql.charAt(i));
                case '-' -> i = i + 1 < n && sql.charAt(i + 1) == '-' ? skipLine(sql, i) : i;
                case '/' -> i = i + 1 < n && sql.charAt(i + 1) == '*' ? skipBlockComment(sql, i) : i;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                default -> { }
            }
            if (depth > MAX_NESTING) {
                throw ApiException.badRequest("SQL nests parentheses or brackets deeper than " + MAX_NESTING + " levels");
            }
        }
    }

    /** Strings are UTF-16 in Java; an unpaired surrogate (e.g. a JSON {@code "\\ud800"}) is no character at all. */
    private static void checkUnicode(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < sql.length() && Character.isLowSurrogate(sql.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.badRequest("SQL is not valid Unicode: unpaired surrogate at position " + (i + 1));
            }
        }
    }

    /** Index of the closing quote ({@code ''} and {@code ""} escape it), or the end. */
    private static int skipQuoted(String sql, int start, char quote) {
        for (int i = start + 1; i < sql.length(); i++) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return sql.length();
    }

    private static int skipLine(String sql, int start) {
        int eol = sql.indexOf('\n', start);
        return eol < 0 ? sql.length() : eol;
    }

    private static int skipBlockComment(String sql, int start) {
        int end = sql.indexOf("*/", start + 2);
        return end < 0 ? sql.length() : end + 1;
    }
}
