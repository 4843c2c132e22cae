package io.resultstore.client;

import static java.util.Objects.requireNonNull;

/** What {@code POST /query} answered: the finished query (200) or a run still going (202) to poll or cancel. */
public sealed interface Submission {
    String queryRunId();

    record Finished(QueryAnswer answer) implements Submission {
        public Finished {
            requireNonNull(answer, "answer is null");
        }

        @Override
        public String queryRunId() {
            return answer.queryRunId();
        }
    }

    record Running(String queryRunId) implements Submission {
        public Running {
            requireNonNull(queryRunId, "queryRunId is null");
        }
    }
}
