package io.freshet.executor.runtime;

import io.freshet.storage.kv.KvSnapshot;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A committed epoch's contents, shared by concurrent readers: reference-counted, closed when the
 * runtime has published a newer one and the last reader released it.
 */
public final class ReadSnapshot implements AutoCloseable {
    private final KvSnapshot snapshot;
    private final long epoch;
    // One reference held by the runtime while this is the current snapshot.
    private final AtomicInteger references = new AtomicInteger(1);

    ReadSnapshot(KvSnapshot snapshot, long epoch) {
        this.snapshot = snapshot;
        this.epoch = epoch;
    }

    public KvSnapshot snapshot() {
        return snapshot;
    }

    public long epoch() {
        return epoch;
    }

    boolean retain() {
        while (true) {
            int n = references.get();
            if (n == 0) {
                return false;
            }
            if (references.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Releases the reader's reference. */
    @Override
    public void close() {
        if (references.decrementAndGet() == 0) {
            snapshot.close();
        }
    }
}
