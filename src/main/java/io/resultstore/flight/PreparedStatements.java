package io.resultstore.flight;

import static java.util.Objects.requireNonNull;

import io.resultstore.engine.StatementShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.CallStatus;

/**
 * Statements clients prepared, by handle, with the parameters last bound to each. A client that never closes
 * its statements cannot grow this beyond {@link #MAX_OPEN}.
 */
final class PreparedStatements {
    static final int MAX_OPEN = 10_000;
    private final Map<String, Prepared> open = new ConcurrentHashMap<>();

    static final class Prepared implements RunWatch {
        private final String sql;
        private final StatementShape shape;
        private volatile List<Object> parameters = List.of();
        /** The runs of its executions still running, for a close that cancels them. */
        private final Set<String> runs = ConcurrentHashMap.newKeySet();

        Prepared(String sql, StatementShape shape) {
            this.sql = requireNonNull(sql, "sql is null");
            this.shape = requireNonNull(shape, "shape is null");
        }

        String sql() {
            return sql;
        }

        StatementShape shape() {
            return shape;
        }

        List<Object> parameters() {
            return parameters;
        }

        @Override
        public void started(String runId) {
            runs.add(runId);
        }

        /** An ended run is forgotten: a statement executed many times holds only the runs still going. */
        @Override
        public void ended(String runId) {
            runs.remove(runId);
        }

        Set<String> runs() {
            return Set.copyOf(runs);
        }

        void bind(List<Object> values) {
            // Not List.copyOf: a parameter may be null.
            parameters = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    String add(String sql, StatementShape shape) {
        if (open.size() >= MAX_OPEN) {
            throw CallStatus.RESOURCE_EXHAUSTED.withDescription("too many open prepared statements (" + MAX_OPEN
                    + "); close some").toRuntimeException();
        }
        String handle = UUID.randomUUID().toString();
        open.put(handle, new Prepared(sql, shape));
        return handle;
    }

    Prepared get(String handle) {
        Prepared p = open.get(handle);
        if (p == null) {
            throw CallStatus.NOT_FOUND.withDescription("prepared statement " + handle + " not found")
                    .toRuntimeException();
        }
        return p;
    }

    /** Forgets the statement; answers it, if it was open, for its runs. */
    Optional<Prepared> close(String handle) {
        return Optional.ofNullable(open.remove(handle));
    }
}
