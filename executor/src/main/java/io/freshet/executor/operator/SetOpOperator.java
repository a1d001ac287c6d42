package io.freshet.executor.operator;

import io.freshet.common.DataType;
import io.freshet.common.LongColumn;
import io.freshet.common.Op;
import io.freshet.common.StreamChunk;
import io.freshet.executor.stream.AbstractOperator;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.KvStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The last step of INTERSECT [ALL] and EXCEPT [ALL]: reads the changes of an aggregation that counts,
 * per distinct row, how often it occurs in each branch ([row columns, count of branch 0, count of
 * branch 1, ...]) and emits the row as many times as the set operation keeps it. The ALL forms add
 * a copy index column (0, 1, ...) so each copy has its own stream key; a count that changes from m
 * to n inserts or deletes only the copies between them. Stateless: the counts come with every change.
 */
public final class SetOpOperator extends AbstractOperator {
    public enum Mode { INTERSECT, EXCEPT }

    private final Factory factory;
    private final List<DataType> outputTypes;

    SetOpOperator(Factory factory, Emitter output) {
        super(output, 1);
        this.factory = factory;
        this.outputTypes = factory.outputTypes();
    }

    @Override
    protected void process(int input, StreamChunk chunk) {
        int width = factory.columnTypes.size();
        LongColumn[] counts = new LongColumn[factory.branches];
        for (int b = 0; b < counts.length; b++) {
            counts[b] = (LongColumn) chunk.column(width + b);
        }
        List<Op> ops = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        long before = -1;
        for (int i = 0; i < chunk.rowCount(); i++) {
            if (!chunk.isVisible(i)) {
                continue;
            }
            long m = multiplicity(counts, i);
            Op op = chunk.op(i);
            switch (op) {
                case UPDATE_BEFORE:
                    before = m;
                    continue;
                case UPDATE_AFTER:
                    // The pair has the same row columns (the aggregation's key): only the copies
                    // between the old and the new multiplicity change.
                    emit(chunk, i, Op.DELETE, m, before, ops, rows);
                    emit(chunk, i, Op.INSERT, before, m, ops, rows);
                    before = -1;
                    break;
                case INSERT:
                    emit(chunk, i, Op.INSERT, 0, m, ops, rows);
                    break;
                case DELETE:
                    emit(chunk, i, Op.DELETE, 0, m, ops, rows);
                    break;
            }
        }
        if (!rows.isEmpty()) {
            output.chunk(StreamChunk.ofRows(outputTypes, ops, rows));
        }
    }

    /** Emits copies {@code from} (inclusive) to {@code to} (exclusive) of row {@code i}. */
    private void emit(StreamChunk chunk, int i, Op op, long from, long to, List<Op> ops, List<Object[]> rows) {
        int width = factory.columnTypes.size();
        for (long copy = from; copy < to; copy++) {
            Object[] row = new Object[outputTypes.size()];
            for (int c = 0; c < width; c++) {
                row[c] = chunk.column(c).get(i);
            }
            if (factory.all) {
                row[width] = copy;
            }
            ops.add(op);
            rows.add(row);
        }
    }

    private long multiplicity(LongColumn[] counts, int i) {
        long first = counts[0].getLong(i);
        if (factory.mode == Mode.INTERSECT) {
            long min = first;
            for (int b = 1; b < counts.length; b++) {
                min = Math.min(min, counts[b].getLong(i));
            }
            return factory.all ? Math.max(min, 0) : min > 0 ? 1 : 0;
        }
        long others = 0;
        for (int b = 1; b < counts.length; b++) {
            others += counts[b].getLong(i);
        }
        return factory.all ? Math.max(first - others, 0) : first > 0 && others == 0 ? 1 : 0;
    }

    /**
     * Plan-time description: the row columns' types, the number of branches whose counts follow
     * them, the operation, and whether it is the ALL form.
     */
    public record Factory(List<DataType> columnTypes, int branches, Mode mode, boolean all) implements OperatorFactory {
        public Factory {
            columnTypes = List.copyOf(columnTypes);
        }

        /** The row columns, then for the ALL forms the copy index. */
        public List<DataType> outputTypes() {
            List<DataType> types = new ArrayList<>(columnTypes);
            if (all) {
                types.add(DataType.BIGINT);
            }
            return types;
        }

        @Override
        public StreamOperator create(KvStore store, Emitter output) {
            return new SetOpOperator(this, output);
        }

        @Override
        public String explain() {
            return "StreamSetOp { " + mode.name().toLowerCase(Locale.ROOT) + (all ? " all" : "") + ", branches: " + branches + " }";
        }
    }

    @Override
    public String toString() {
        return "SetOpOperator" + Arrays.asList(factory.mode, factory.all);
    }
}
