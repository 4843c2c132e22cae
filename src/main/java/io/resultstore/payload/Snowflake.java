package io.resultstore.payload;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;

/**
 * 64-bit time-ordered ids: 41 bits of milliseconds since 2024-01-01T00:00:00Z, 10 bits of node id, 12 bits of
 * sequence. Ids of one generator strictly increase: when the wall clock steps back, or 4096 ids are taken within
 * one millisecond, the generator keeps counting on its own last timestamp instead of waiting for the clock, so it
 * never blocks and never repeats (it runs a little ahead of the clock until the clock catches up).
 */
public final class Snowflake {
    public static final long EPOCH_MILLIS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final int NODE_BITS = 10;
    static final int SEQUENCE_BITS = 12;
    static final long MAX_NODE = (1L << NODE_BITS) - 1;
    static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;
    static final long MAX_MILLIS = (1L << 41) - 1;

    private final long node;
    private final Clock clock;
    private long lastMillis = -1;
    private long sequence;

    public Snowflake(int nodeId, Clock clock) {
        if (nodeId < 0 || nodeId > MAX_NODE) {
            throw new IllegalArgumentException("node id must be 0.." + MAX_NODE + ", got " + nodeId);
        }
        this.node = nodeId;
        this.clock = requireNonNull(clock, "clock is null");
    }

    public synchronized long next() {
        long now = clock.millis() - EPOCH_MILLIS;
        if (now < 0) {
            throw new IllegalStateException("clock is before the snowflake epoch 2024-01-01");
        }
        if (now > lastMillis) {
            lastMillis = now;
            sequence = 0;
        } else if (sequence < MAX_SEQUENCE) {
            sequence++;
        } else {
            lastMillis++;
            sequence = 0;
        }
        if (lastMillis > MAX_MILLIS) {
            throw new IllegalStateException("snowflake time bits exhausted");
        }
        return (lastMillis << (NODE_BITS + SEQUENCE_BITS)) | (node << SEQUENCE_BITS) | sequence;
    }

    /** When {@code id} was generated, to the millisecond. */
    public static Instant timeOf(long id) {
        return Instant.ofEpochMilli((id >>> (NODE_BITS + SEQUENCE_BITS)) + EPOCH_MILLIS);
    }

    public int nodeId() {
        return (int) node;
    }

    public static int nodeOf(long id) {
        return (int) ((id >>> SEQUENCE_BITS) & MAX_NODE);
    }

    public static int sequenceOf(long id) {
        return (int) (id & MAX_SEQUENCE);
    }
}
