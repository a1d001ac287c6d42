package io.freshet.executor.stream;

import io.freshet.storage.kv.KvStore;

/**
 * Plan-time description of an operator: immutable, built by the planner, printed by EXPLAIN, and
 * turned into a running {@link StreamOperator} at deploy time (and again after a restart, when the
 * operator restores its state from the store).
 */
public interface OperatorFactory {
    StreamOperator create(KvStore store, Emitter output);

    /** One line for EXPLAIN, e.g. {@code StreamHashAgg { group: [$0], aggs: [count(*)] }}. */
    String explain();
}
