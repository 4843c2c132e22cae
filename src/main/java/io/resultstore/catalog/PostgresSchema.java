package io.resultstore.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The catalog lives in its own PostgreSQL schema ({@code catalog.schema}). Servers before that kept their tables
 * and Flyway's history in {@code public}; started with another schema they would create an empty catalog beside
 * the old one and lose sight of every result. That layout is recognised at start and refused with the two ways
 * out: keep it ({@code catalog.schema = public}) or move the tables.
 */
final class PostgresSchema {
    private PostgresSchema() {}

    static void refuseTablesLeftInPublic(DataSource ds, String schema) {
        if (schema.equals("public")) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            if (hasCatalog(c, "public") && !hasCatalog(c, schema)) {
                throw new IllegalStateException(message(schema));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot inspect the catalog database: " + e.getMessage(), e);
        }
    }

    /** A ResultStore catalog: Flyway's history beside the {@code results} table. */
    private static boolean hasCatalog(Connection c, String schema) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                SELECT count(*) FROM information_schema.tables
                WHERE table_schema = ? AND table_name IN ('flyway_schema_history', 'results')""")) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 2;
            }
        }
    }

    static String message(String schema) {
        return "the catalog of an earlier ResultStore is in schema public, but catalog.schema is '" + schema
                + "': set catalog.schema = public to keep using it there, or move its tables into schema " + schema
                + " as the README describes (Running in production, Catalog schema)";
    }
}
