package io.fnhost.core.internal.invoke;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.fnhost.spi.InvocationRecordDTO;

/**
 * The newest invocation records, in a fixed-size ring: old records fall out, memory stays bounded.
 * Writers claim a slot with one atomic increment and take no lock, so invocations on many threads do
 * not queue behind each other; a reader may miss a record being written at that moment.
 */
public final class InvocationRecords {
    private final AtomicReferenceArray<InvocationRecordDTO> ring;
    private final AtomicLong next = new AtomicLong();

    public InvocationRecords(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    public void add(InvocationRecordDTO record) {
        ring.set((int) (next.getAndIncrement() % ring.length()), record);
    }

    /** Newest first, at most {@code limit}; {@code function} null means every function (case-insensitive). */
    public List<InvocationRecordDTO> newest(String function, int limit) {
        List<InvocationRecordDTO> result = new ArrayList<>();
        long end = next.get();
        long oldest = Math.max(0, end - ring.length());
        for (long i = end - 1; i >= oldest && result.size() < limit; i--) {
            InvocationRecordDTO r = ring.get((int) (i % ring.length()));
            if (r != null && (function == null || function.equalsIgnoreCase(r.function))) {
                result.add(r);
            }
        }
        return result;
    }
}
