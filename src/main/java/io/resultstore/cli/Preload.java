package io.resultstore.cli;

import io.resultstore.common.NativeLibraryCopy;
import java.sql.DriverManager;

/**
 * Readies, on a second thread, what a server start would otherwise do in turn on its only one: DuckDB's and SQLite's
 * drivers copy their native libraries out of the jar and link them on every start (~0.2 s for DuckDB's 60 MB one,
 * ~0.2 s for SQLite's, which also runs {@code uname}), and the first {@link DriverManager} call loads every JDBC driver
 * on the class path. Started first thing by {@code serve}, it runs while the main thread reads the config and opens
 * the catalog (SQLite's library is readied even for a PostgreSQL catalog: federated SQLite sources use it). Each
 * library's copy is deleted once linked ({@link NativeLibraryCopy}), whatever the catalog.
 *
 * <p>Nothing here is required: a failure is dropped, and the code that needs the library meets and reports it.
 * A thread that reaches a class this one is still initializing waits for it (the JVM's class initialization lock),
 * so the work is never done twice.
 */
final class Preload {
    private Preload() {}

    static void start() {
        Thread.ofPlatform().name("preload").daemon().start(() -> {
            catalog();
            engine();
        });
    }

    private static void catalog() {
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
            NativeLibraryCopy.SQLITE.delete();
            DriverManager.getDrivers();
        } catch (Throwable e) {
            // left for the catalog's open to report
        }
    }

    private static void engine() {
        try {
            Class.forName("org.duckdb.DuckDBNative", true, Preload.class.getClassLoader());
            NativeLibraryCopy.DUCKDB.delete();
        } catch (Throwable e) {
            // left for the engine's start to report
        }
    }
}
