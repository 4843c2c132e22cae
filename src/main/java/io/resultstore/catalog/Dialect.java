package io.resultstore.catalog;

import java.sql.SQLException;

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

    /**
     * A primary key or unique constraint refused the statement. A refused batch arrives as a
     * {@code BatchUpdateException} that carries the statement's own error as its next exception (pgjdbc).
     */
    public boolean isUniqueViolation(SQLException e) {
        if (e.getNextException() != null && isUniqueViolation(e.getNextException())) {
            return true;
        }
        if (this == POSTGRES) {
            return "23505".equals(e.getSQLState());
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("SQLITE_CONSTRAINT_PRIMARYKEY") || message.contains("SQLITE_CONSTRAINT_UNIQUE");
    }

    public String migrationLocation() {
        return "classpath:db/migration/" + name;
    }
}
