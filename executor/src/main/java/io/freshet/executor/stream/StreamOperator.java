package io.freshet.executor.stream;

import io.freshet.common.StreamChunk;

/**
 * A running streaming operator. Messages arrive by calls on one thread (the dataflow's thread);
 * results go to the operator's {@link Emitter}.
 *
 * <p>The invariants every operator keeps, checked by {@link AbstractOperator} and by tests:
 * <ol>
 *   <li>The first message an operator receives on each input is a barrier.</li>
 *   <li>On a checkpoint barrier an operator emits what the epoch produced, moves its state changes
 *       into the barrier's write batch, and only then forwards the barrier.</li>
 *   <li>An operator with several inputs aligns barriers: it forwards epoch N only after every input
 *       delivered barrier N; chunks that arrive on an input after its barrier N and before the
 *       alignment completes belong to epoch N+1 and are held back until then.</li>
 * </ol>
 */
public interface StreamOperator {
    void chunk(int input, StreamChunk chunk);

    void barrier(int input, Barrier barrier);

    /** Releases resources; state already committed stays. */
    default void close() {
    }
}
