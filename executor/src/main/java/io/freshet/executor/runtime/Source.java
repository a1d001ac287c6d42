package io.freshet.executor.runtime;

import io.freshet.executor.stream.Barrier;
import io.freshet.storage.kv.WriteBatch;

/**
 * Where data enters the dataflows: a table's DML entry, optionally fed by a connector
 * ({@link TableInput}), or one view's read of a source ({@link SourceFeed}). The runtime calls
 * every method on the dataflow thread.
 */
public interface Source {
    String name();

    /** Passes a barrier to the operator that receives this source's chunks. */
    void barrier(Barrier barrier);

    /**
     * Pushes data that is due into {@link #root()}; returns how many nanoseconds until more is due
     * ({@link Long#MAX_VALUE} when the source only moves on DML).
     */
    long poll(long nowNanos);

    /** Writes the source's position (offsets, row-id counter) into the epoch's batch. */
    void checkpoint(WriteBatch batch);

    /** Releases connector resources. */
    default void close() {
    }
}
