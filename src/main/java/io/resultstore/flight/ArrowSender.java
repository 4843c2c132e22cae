package io.resultstore.flight;

import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.vector.ipc.ArrowReader;

/** Sends a query's rows to a {@code DoGet} batch by batch, each only when the client can take it. */
final class ArrowSender {
    /** How often a stream that waits for its client looks whether the client can take more. */
    private static final long READY_POLL_MS = 1;

    private ArrowSender() {}

    /**
     * Streams every batch of {@code reader}, without ending the call: true when all were sent; false when the
     * client went away ({@code gone}) or stopped reading for {@code maxWait} (then it was told so). A reader that
     * fails throws.
     */
    static boolean send(ArrowReader reader, ServerStreamListener listener, BooleanSupplier gone, Duration maxWait)
            throws IOException {
        BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
        backpressure.register(listener);
        // Each batch is freshly imported from the engine and never written to again: no copy needed.
        listener.setUseZeroCopy(true);
        // Flight sends dictionaries (ENUM columns) once, with the schema: the first batch loads them.
        boolean more = reader.loadNextBatch();
        listener.start(reader.getVectorSchemaRoot(), reader);
        for (; more; more = reader.loadNextBatch()) {
            if (!awaitReady(listener, backpressure, gone, maxWait)) {
                return false;
            }
            listener.putNext();
        }
        return true;
    }

    /**
     * Waits until the client can take the next batch. The ready callback runs on the call's own executor, which
     * this handler occupies while it streams, so it may never wake the wait: readiness is also polled, briefly.
     * False when the client went away or stopped reading for {@code maxWait} (then it was told so).
     */
    private static boolean awaitReady(ServerStreamListener listener, BackpressureStrategy backpressure,
            BooleanSupplier gone, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            BackpressureStrategy.WaitResult ready = backpressure.waitForListener(READY_POLL_MS);
            if (ready == BackpressureStrategy.WaitResult.READY) {
                return true;
            }
            if (ready == BackpressureStrategy.WaitResult.CANCELLED || gone.getAsBoolean()) {
                return false;
            }
            if (System.nanoTime() - deadline > 0) {
                listener.error(CallStatus.TIMED_OUT.withDescription("client stopped reading").toRuntimeException());
                return false;
            }
        }
    }
}
