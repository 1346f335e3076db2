package io.fnhost.core.internal.invoke;

import java.util.ArrayList;
import java.util.List;

import io.fnhost.spi.InvocationRecordDTO;

/** The newest invocation records, in a fixed-size ring: old records fall out, memory stays bounded. */
public final class InvocationRecords {
    private final InvocationRecordDTO[] ring;
    private long next;

    public InvocationRecords(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ring = new InvocationRecordDTO[capacity];
    }

    public synchronized void add(InvocationRecordDTO record) {
        ring[(int) (next++ % ring.length)] = record;
    }

    /** Newest first, at most {@code limit}; {@code function} null means every function (case-insensitive). */
    public synchronized List<InvocationRecordDTO> newest(String function, int limit) {
        List<InvocationRecordDTO> result = new ArrayList<>();
        long oldest = Math.max(0, next - ring.length);
        for (long i = next - 1; i >= oldest && result.size() < limit; i--) {
            InvocationRecordDTO r = ring[(int) (i % ring.length)];
            if (function == null || function.equalsIgnoreCase(r.function)) {
                result.add(r);
            }
        }
        return result;
    }
}
