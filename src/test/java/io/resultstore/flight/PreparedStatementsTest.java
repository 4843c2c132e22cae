package io.resultstore.flight;

import static org.assertj.core.api.Assertions.assertThat;

import io.resultstore.engine.StatementShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreparedStatementsTest {
    @Test
    void aPreparedStatementRemembersOnlyItsRunsStillGoing() {
        PreparedStatements statements = new PreparedStatements();
        PreparedStatements.Prepared p = statements.get(statements.add("SELECT 1", new StatementShape(List.of(), List.of())));
        for (int i = 0; i < 1_000; i++) {
            p.started("qrun" + i);
            p.ended("qrun" + i);
        }
        p.started("qrun-running");
        assertThat(p.runs()).containsExactly("qrun-running");
        assertThat(statements.close(statements.add("SELECT 2", new StatementShape(List.of(), List.of()))))
                .hasValueSatisfying(q -> assertThat(q.runs()).isEmpty());
    }
}
