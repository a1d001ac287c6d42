package io.freshet.executor.operator;

import io.freshet.common.DataType;
import io.freshet.common.Op;
import io.freshet.common.StreamChunk;
import io.freshet.executor.stream.AbstractOperator;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of operators whose output for a partition is a function of the partition's ordered rows
 * (top-N, OVER windows). Input rows are kept in {@link PartitionedRows}. The first change to a
 * partition in an epoch records the partition's output before the epoch; on the barrier the
 * output is computed again from the updated rows and the difference is emitted, matched by the
 * input's stream key (each output row carries its input row, so the stream key is unchanged).
 * The work per epoch is proportional to the touched partitions' computed outputs, never to the
 * whole input; nothing but the rows is stored, so a restart needs no extra loading.
 */
abstract class PartitionedOperator extends AbstractOperator {
    protected final PartitionedRows rows;
    private final List<DataType> outputTypes;
    private final Map<ByteBuffer, Touched> touched = new LinkedHashMap<>();

    private record Touched(Object[] partition, List<Object[]> before) {
    }

    PartitionedOperator(Emitter output, PartitionedRows rows, List<DataType> outputTypes) {
        super(output, 1);
        this.rows = rows;
        this.outputTypes = List.copyOf(outputTypes);
    }

    /** The partition's output rows, computed from its rows as stored now. */
    protected abstract List<Object[]> compute(Object[] partition);

    @Override
    protected final void process(int input, StreamChunk chunk) {
        for (int i = 0; i < chunk.rowCount(); i++) {
            if (!chunk.isVisible(i)) {
                continue;
            }
            Object[] row = chunk.row(i);
            Object[] partition = rows.partitionOf(row);
            ByteBuffer id = rows.partitionId(partition);
            if (!touched.containsKey(id)) {
                touched.put(id, new Touched(partition, compute(partition)));
            }
            if (chunk.op(i).isInsert()) {
                rows.insert(row);
            } else {
                rows.delete(row);
            }
        }
    }

    @Override
    protected final void onBarrier(Barrier barrier) {
        if (!barrier.isCheckpoint()) {
            return;
        }
        // A row whose partition columns changed leaves one partition and enters another: the
        // deletes of every touched partition go out before any insert or update, so a keyed sink
        // (a view's materialize, in TRUST mode) never sees a row's insert followed by its delete.
        List<Object[]> deletes = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        List<Object[]> out = new ArrayList<>();
        for (Touched partition : touched.values()) {
            diff(partition.before(), compute(partition.partition()), deletes, ops, out);
        }
        touched.clear();
        List<Op> deleteOps = new ArrayList<>();
        List<Object[]> deleteRows = new ArrayList<>();
        for (Object[] row : deletes) {
            deleteOps.add(Op.DELETE);
            deleteRows.add(row);
        }
        emit(deleteOps, deleteRows);
        emit(ops, out);
        rows.table().flush(barrier.batch());
    }

    /** Emits the changes in chunks of at most 1024 rows, never splitting an update pair. */
    private void emit(List<Op> ops, List<Object[]> out) {
        int start = 0;
        while (start < ops.size()) {
            int end = Math.min(ops.size(), start + 1024);
            if (end < ops.size() && ops.get(end - 1) == Op.UPDATE_BEFORE) {
                end++;
            }
            output.chunk(StreamChunk.ofRows(outputTypes, ops.subList(start, end), out.subList(start, end)));
            start = end;
        }
    }

    private void diff(List<Object[]> before, List<Object[]> after, List<Object[]> deletes, List<Op> ops,
                      List<Object[]> out) {
        Map<ByteBuffer, Object[]> old = new LinkedHashMap<>();
        for (Object[] row : before) {
            old.put(rows.rowId(row), row);
        }
        List<Object[]> changed = new ArrayList<>();
        for (Object[] row : after) {
            Object[] previous = old.remove(rows.rowId(row));
            if (previous == null) {
                changed.add(null);
                changed.add(row);
            } else if (!Arrays.deepEquals(previous, row)) {
                changed.add(previous);
                changed.add(row);
            }
        }
        deletes.addAll(old.values());
        for (int i = 0; i < changed.size(); i += 2) {
            if (changed.get(i) == null) {
                ops.add(Op.INSERT);
                out.add(changed.get(i + 1));
            } else {
                ops.add(Op.UPDATE_BEFORE);
                out.add(changed.get(i));
                ops.add(Op.UPDATE_AFTER);
                out.add(changed.get(i + 1));
            }
        }
    }
}
