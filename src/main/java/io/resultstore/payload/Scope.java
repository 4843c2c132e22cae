package io.resultstore.payload;

import io.resultstore.error.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How long a payload is meant to live, from narrowest to widest; {@code permanent} never expires. */
public enum Scope {
    STEP,
    EXECUTION,
    WORKFLOW,
    PERMANENT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scope parse(String s) {
        for (Scope scope : values()) {
            if (scope.wire().equals(s)) {
                return scope;
            }
        }
        throw ApiException.badRequest("scope must be one of step, execution, workflow, permanent; got '" + s + "'");
    }

    /** This scope and every narrower one: what a cleanup of this scope removes. */
    public List<Scope> andNarrower() {
        return Arrays.asList(values()).subList(0, ordinal() + 1);
    }
}
