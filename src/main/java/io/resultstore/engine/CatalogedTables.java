package io.resultstore.engine;

/**
 * Makes the catalogued tables an admitted statement names (beyond results) visible to the engine before it runs;
 * refuses with 404 the ones that do not exist.
 */
@FunctionalInterface
public interface CatalogedTables {
    CatalogedTables NONE = statement -> { };

    void expose(CheckedStatement statement);

    /** Each part in turn: datasets, connected sources, … */
    static CatalogedTables all(CatalogedTables... parts) {
        java.util.List<CatalogedTables> list = java.util.List.of(parts);
        return statement -> list.forEach(p -> p.expose(statement));
    }
}
