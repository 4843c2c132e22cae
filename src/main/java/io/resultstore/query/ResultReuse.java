package io.resultstore.query;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.CheckedStatement;
import io.resultstore.engine.Column;
import io.resultstore.engine.ExecutedQuery;
import io.resultstore.engine.Page;
import io.resultstore.result.Result;
import io.resultstore.result.ResultRepository;
import io.resultstore.result.ResultService;
import io.resultstore.result.ResultService.ResultPage;
import io.resultstore.common.Hashing;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a repeated deterministic statement from the result an earlier run stored, as Snowflake's
 * {@code USE_CACHED_RESULT} does: same reuse key (engine, normalized syntax tree, parameters), a {@code ready}
 * result created within {@code query.reuse_ttl} and not expired. The catalog holds the key, so a result stored
 * through one replica answers on every other. A result that vanished or was deleted between the lookup and the
 * read is simply not reused: the statement runs.
 */
final class ResultReuse {
    private static final Logger log = LoggerFactory.getLogger(ResultReuse.class);

    private final ResultRepository results;
    private final ResultService reader;
    private final Duration ttl;
    private final Clock clock;

    ResultReuse(ResultRepository results, ResultService reader, Duration ttl, Clock clock) {
        this.results = requireNonNull(results, "results is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.ttl = requireNonNull(ttl, "ttl is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The key a fresh result of this statement, run with these parameters, is stored under; empty when it must
     * never be reused.
     */
    Optional<String> keyFor(CheckedStatement statement, List<Object> parameters) {
        if (ttl.isZero()) {
            return Optional.empty();
        }
        return statement.reuseKey().map(key -> parameters.isEmpty() ? key
                : Hashing.sha256Hex(key + "\n" + parametersText(parameters)));
    }

    /** Each value with its type, so that 1, 1.0 and '1' are three keys; strings length-prefixed. */
    static String parametersText(List<Object> parameters) {
        StringBuilder text = new StringBuilder();
        for (Object p : parameters) {
            switch (p) {
                case null -> text.append("null");
                case String s -> text.append("String:").append(s.length()).append(':').append(s);
                case byte[] bytes -> text.append("bytes:").append(HexFormat.of().formatHex(bytes));
                case BigDecimal d -> text.append("BigDecimal:").append(d.toPlainString());
                default -> text.append(p.getClass().getSimpleName()).append(':').append(p);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** The stored answer to a statement with this key, its first {@code maxRows} rows read from the file. */
    Optional<Reused> find(String key, int maxRows) {
        var now = clock.instant();
        Optional<Result> stored;
        try {
            stored = results.findReusable(key, now.minus(ttl), now);
        } catch (RuntimeException e) {
            // Reuse only saves work: when the catalog cannot answer, the statement runs as if nothing were stored.
            log.debug("reuse lookup failed: {}", e.toString());
            return Optional.empty();
        }
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Result r = stored.get();
        try {
            ResultPage page = reader.page(r.id(), 0, Optional.of(maxRows));
            List<Object[]> rows = page.page().map(Page::rows).orElse(null);
            if (rows == null) {
                return Optional.empty();
            }
            return Optional.of(new Reused(r.id(), page.result().columns(), page.result().rowCount(), rows));
        } catch (RuntimeException e) {
            log.debug("result {} could not be reused: {}", r.id(), e.toString());
            return Optional.empty();
        }
    }

    record Reused(String resultId, List<Column> columns, long rowCount, List<Object[]> rows) {
        ExecutedQuery asExecuted(long elapsedMs) {
            return new ExecutedQuery(columns, rowCount, rows, elapsedMs);
        }
    }
}
