package io.resultstore.catalog;

/** The SQL differences between the two catalog databases; everything else is shared. */
public enum Dialect {
    SQLITE("sqlite", ""),
    POSTGRES("postgres", " FOR UPDATE SKIP LOCKED");

    private final String name;
    private final String skipLocked;

    Dialect(String name, String skipLocked) {
        this.name = name;
        this.skipLocked = skipLocked;
    }

    public String displayName() {
        return name;
    }

    /** Appended to a claiming sub-select: replicas skip rows another replica is claiming right now. */
    public String skipLocked() {
        return skipLocked;
    }

    public String migrationLocation() {
        return "classpath:db/migration/" + name;
    }
}
