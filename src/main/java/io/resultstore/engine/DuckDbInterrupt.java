package io.resultstore.engine;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * Interrupts whatever a DuckDB connection computes, from any thread. A streamed result is computed inside the
 * fetches that follow the statement's execute, and the driver (1.5.6) reaches neither: {@code Statement.cancel()}
 * returns at once when no execute is in progress, and the connection's own {@code interrupt()} insists on a lock
 * the fetching thread holds. The native call under both takes only the connection's handle, so it is called
 * directly. The caller must make sure the connection is not closed meanwhile (its handle would be freed).
 */
final class DuckDbInterrupt {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DuckDbInterrupt.class);
    private static final Field CONN_REF;
    private static final Method INTERRUPT;

    static {
        Field ref = null;
        Method interrupt = null;
        try {
            ref = DuckDBConnection.class.getDeclaredField("connRef");
            ref.setAccessible(true);
            interrupt = Class.forName("org.duckdb.DuckDBNative")
                    .getDeclaredMethod("duckdb_jdbc_interrupt", ByteBuffer.class);
            interrupt.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("the engine driver offers no connection interrupt; streamed statements stop at their next batch: {}",
                    e.toString());
            ref = null;
            interrupt = null;
        }
        CONN_REF = ref;
        INTERRUPT = interrupt;
    }

    private DuckDbInterrupt() {}

    /** Interrupts what {@code connection} runs now; nothing when it is closed or not a DuckDB connection. */
    static void interrupt(Connection connection) {
        if (CONN_REF == null) {
            return;
        }
        try {
            if (!(connection instanceof DuckDBConnection duck) || duck.isClosed()) {
                return;
            }
            Object ref = CONN_REF.get(duck);
            if (ref != null) {
                INTERRUPT.invoke(null, ref);
            }
        } catch (SQLException | ReflectiveOperationException | RuntimeException e) {
            log.debug("engine connection not interrupted: {}", e.toString());
        }
    }
}
