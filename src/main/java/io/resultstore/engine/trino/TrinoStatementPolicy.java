package io.resultstore.engine.trino;

import io.resultstore.engine.CheckedStatement;
import io.resultstore.error.ApiException;
import io.resultstore.error.ErrorCode;
import io.trino.grammar.sql.SqlBaseLexer;
import io.trino.grammar.sql.SqlBaseParser;
import java.util.Locale;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Read-only statements only, decided by Trino's own grammar (the lexer and parser Trino parses with) before
 * anything reaches the cluster: one query ({@code SELECT}, {@code WITH}, {@code VALUES}, {@code TABLE}) or a
 * {@code SHOW}/{@code DESCRIBE}. Refused: DDL, DML, {@code SET}, {@code CALL}, {@code EXPLAIN} (its
 * {@code ANALYZE} form runs the statement), {@code WITH SESSION} (it changes limits for the query), and table
 * functions other than the built-in ones (connector functions such as {@code system.query} pass text through to
 * another database).
 */
final class TrinoStatementPolicy {
    static final String ONLY_QUERIES = "only read-only statements (SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE) "
            + "are allowed on Trino";
    private static final Set<String> BUILT_IN_TABLE_FUNCTIONS = Set.of("sequence", "exclude_columns");

    private TrinoStatementPolicy() {}

    static CheckedStatement check(String sql) {
        String statement = withoutTrailingSemicolons(sql);
        SqlBaseParser.SingleStatementContext tree = parse(statement);
        ParseTree root = tree.statement();
        if (root instanceof SqlBaseParser.StatementDefaultContext query) {
            if (!query.rootQueryWithSession().sessionProperty().isEmpty()) {
                throw forbidden("WITH SESSION is not allowed: session properties are the server's to set");
            }
            checkTableFunctions(query);
        } else if (!root.getClass().getSimpleName().startsWith("Show")) {
            throw forbidden(ONLY_QUERIES);
        }
        return new CheckedStatement(statement, Set.of(), Set.of());
    }

    private static SqlBaseParser.SingleStatementContext parse(String sql) {
        BaseErrorListener fail = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String msg,
                    RecognitionException e) {
                if (offending instanceof Token t && ";".equals(t.getText())) {
                    throw forbidden("exactly one statement is allowed per query");
                }
                // ANTLR lists every token it would have taken, hundreds of keywords after "expecting": noise.
                int expecting = msg.indexOf(" expecting {");
                String reason = expecting > 0 && msg.length() - expecting > 200 ? msg.substring(0, expecting) : msg;
                throw new ApiException(ErrorCode.SQL_ERROR, "line " + line + ":" + (column + 1) + ": " + reason);
            }
        };
        SqlBaseLexer lexer = new SqlBaseLexer(CharStreams.fromString(sql));
        lexer.removeErrorListeners();
        lexer.addErrorListener(fail);
        SqlBaseParser parser = new SqlBaseParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(fail);
        return parser.singleStatement();
    }

    private static void checkTableFunctions(ParseTree node) {
        if (node instanceof SqlBaseParser.TableFunctionCallContext call) {
            var parts = call.qualifiedName().identifier();
            String name = parts.get(parts.size() - 1).getText().replace("\"", "").toLowerCase(Locale.ROOT);
            if (!BUILT_IN_TABLE_FUNCTIONS.contains(name)) {
                throw forbidden("table function " + call.qualifiedName().getText() + " is not allowed on Trino: "
                        + "only " + String.join(", ", BUILT_IN_TABLE_FUNCTIONS.stream().sorted().toList()));
            }
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            checkTableFunctions(node.getChild(i));
        }
    }

    /** Trino takes one statement without a terminator; a trailing {@code ;} is how people end SQL anyway. */
    private static String withoutTrailingSemicolons(String sql) {
        int end = sql.length();
        while (end > 0 && (Character.isWhitespace(sql.charAt(end - 1)) || sql.charAt(end - 1) == ';')) {
            end--;
        }
        return sql.substring(0, end);
    }

    private static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN_STATEMENT, message);
    }
}
