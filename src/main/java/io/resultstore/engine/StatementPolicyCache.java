package io.resultstore.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Statements the policy already accepted, by their exact text. Parsing and walking the syntax tree was a
 * noticeable share of a small query's time, and dashboards send the same statements again and again. Only
 * accepted statements are kept: a refusal is cheap to repeat and must keep its exact message. Long statements
 * are not kept, so the cache holds at most {@link #MAX_ENTRIES} × {@link #MAX_SQL_CHARS} characters.
 */
final class StatementPolicyCache {
    static final int MAX_ENTRIES = 1024;
    static final int MAX_SQL_CHARS = 4096;

    private final Map<String, CheckedStatement> accepted = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CheckedStatement> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized Optional<CheckedStatement> get(String sql) {
        return Optional.ofNullable(accepted.get(sql));
    }

    void put(String sql, CheckedStatement statement) {
        if (sql.length() < MAX_SQL_CHARS) {
            synchronized (this) {
                accepted.put(sql, statement);
            }
        }
    }

    synchronized int size() {
        return accepted.size();
    }
}
