package io.resultstore.result;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.duckdb.DuckDBResultSet;

/**
 * An Arrow IPC stream straight from the engine: DuckDB exports its streaming result through the Arrow C
 * data interface batch by batch, and each batch is written out before the next is fetched. The engine does
 * the type mapping, so every column type DuckDB can export arrives as its native Arrow type. Off-heap
 * memory is bounded by one batch, and the allocator's limit turns a runaway batch into an error.
 */
final class ArrowRows {
    private static final int BATCH_ROWS = 16_384;
    private static final long ALLOCATOR_LIMIT = 512L * 1024 * 1024;

    private ArrowRows() {}

    static void write(ResultSet rs, OutputStream out) throws SQLException, IOException {
        DuckDBResultSet duck = rs.unwrap(DuckDBResultSet.class);
        try (BufferAllocator allocator = new RootAllocator(ALLOCATOR_LIMIT);
                ArrowReader reader = (ArrowReader) duck.arrowExportStream(allocator, BATCH_ROWS)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            // A stream that takes NIO buffers gets Arrow's buffers as they are, without a copy into a heap array.
            WritableByteChannel channel = out instanceof WritableByteChannel direct ? direct
                    : Channels.newChannel(shielded(out));
            try (ArrowStreamWriter writer = new ArrowStreamWriter(root, reader, channel)) {
                writer.start();
                while (reader.loadNextBatch()) {
                    writer.writeBatch();
                }
                writer.end();
            }
        }
    }

    /** The writer closes its channel when closed; the HTTP stream is the caller's to close. */
    private static OutputStream shielded(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
