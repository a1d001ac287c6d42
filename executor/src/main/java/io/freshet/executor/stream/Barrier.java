package io.freshet.executor.stream;

import io.freshet.storage.kv.WriteBatch;
import java.util.Objects;

/**
 * The boundary between epochs. A CHECKPOINT barrier for epoch N means: every change before it
 * belongs to epoch N, and each operator must move its state changes into {@link #batch()} before
 * forwarding the barrier; the runtime commits the batch once every sink has seen the barrier. An
 * INITIAL barrier starts a newly deployed dataflow (nothing to flush).
 */
public record Barrier(long epoch, Kind kind, WriteBatch batch) {
    public enum Kind { INITIAL, CHECKPOINT }

    public Barrier {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(batch, "batch is null");
    }

    public boolean isCheckpoint() {
        return kind == Kind.CHECKPOINT;
    }
}
