package io.freshet.executor.operator;

import io.freshet.common.BooleanColumn;
import io.freshet.common.ByteWriter;
import io.freshet.common.Column;
import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.KeyCodec;
import io.freshet.common.LongColumn;
import io.freshet.common.Op;
import io.freshet.common.StreamChunk;
import io.freshet.common.Values;
import io.freshet.executor.expr.RowErrors;
import io.freshet.executor.stream.AbstractOperator;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.KvStore;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Incremental GROUP BY. Each group keeps a hidden row count (so a group that loses its last row is
 * deleted) and one accumulator per aggregate; SUM, COUNT and AVG retract by subtraction. MIN and
 * MAX keep every value of the group with its multiplicity in a second state table ordered by value,
 * so deleting the current extreme finds the next one without rescanning the input.
 *
 * <p>Changes are emitted once per epoch, on the barrier: a group's output before the epoch is
 * compared with its output after it, giving INSERT, DELETE or an UPDATE pair. A global aggregate (no
 * GROUP BY) always has its one row, even over empty input.
 *
 * <p>Output columns: the group columns, then one column per aggregate. Group state is cached in
 * memory and read from the store on a miss.
 */
public final class HashAggOperator extends AbstractOperator {
    private final int[] groupColumns;
    private final List<DataType> groupTypes;
    private final List<AggCall> calls;
    private final List<DataType> outputTypes;
    /** Per aggregate: a SUM/AVG of integers, accumulated in {@link Group#longSums} while it fits. */
    private final boolean[] longSum;
    private final StateTable groups;
    private final StateTable[] extremes;
    private final KeyCodec groupCodec;
    private final ByteWriter keyWriter = new ByteWriter(64);
    private final Map<ByteBuffer, Group> cache = new HashMap<>();
    private final List<Group> dirty = new ArrayList<>();
    private boolean initialized;

    /** One group's state: slot layout [rowCount, then per call: count, value]. */
    private static final class Group {
        final byte[] storeKey;
        final Object[] keyValues;
        final long[] counts;
        /** Per aggregate: its value; for an integer SUM/AVG null while the sum fits {@link #longSums}. */
        final Object[] values;
        final long[] longSums;
        long rowCount;
        boolean dirty;
        Object[] before;
        final boolean[] extremeStale;

        Group(byte[] storeKey, Object[] keyValues, int calls) {
            this.storeKey = storeKey;
            this.keyValues = keyValues;
            this.counts = new long[calls];
            this.values = new Object[calls];
            this.longSums = new long[calls];
            this.extremeStale = new boolean[calls];
        }
    }

    HashAggOperator(Factory factory, KvStore store, Emitter output) {
        super(output, 1);
        this.groupColumns = factory.groupColumns.clone();
        this.groupTypes = factory.groupTypes;
        this.calls = factory.calls;
        this.outputTypes = factory.outputTypes();
        this.longSum = new boolean[calls.size()];
        for (int c = 0; c < calls.size(); c++) {
            AggCall call = calls.get(c);
            longSum[c] = (call.kind() == AggCall.Kind.SUM || call.kind() == AggCall.Kind.AVG)
                    && call.accumulatorType().kind() == io.freshet.common.TypeKind.BIGINT;
        }
        this.groupCodec = KeyCodec.ascending(groupTypes);
        this.groups = new StateTable(store, factory.groupTableId, groupCodec, factory.stateTypes());
        this.extremes = new StateTable[calls.size()];
        for (int c = 0; c < calls.size(); c++) {
            AggCall call = calls.get(c);
            if (call.isExtreme()) {
                List<DataType> keyTypes = new ArrayList<>(groupTypes);
                keyTypes.add(call.argumentType());
                boolean[] descending = new boolean[keyTypes.size()];
                descending[keyTypes.size() - 1] = call.kind() == AggCall.Kind.MAX;
                extremes[c] = new StateTable(store, factory.extremeTableIds[c], new KeyCodec(keyTypes, descending),
                        List.of(DataType.BIGINT));
            }
        }
    }

    @Override
    protected void process(int input, StreamChunk chunk) {
        int n = chunk.rowCount();
        Column[] arguments = new Column[calls.size()];
        BooleanColumn[] filters = new BooleanColumn[calls.size()];
        for (int c = 0; c < calls.size(); c++) {
            int argument = calls.get(c).argument();
            arguments[c] = argument < 0 ? null : chunk.column(argument);
            int filter = calls.get(c).filter();
            filters[c] = filter < 0 ? null : (BooleanColumn) chunk.column(filter);
        }
        for (int i = 0; i < n; i++) {
            if (!chunk.isVisible(i)) {
                continue;
            }
            Group group = groupAt(chunk, i);
            boolean insert = chunk.op(i).isInsert();
            long sign = insert ? 1 : -1;
            group.rowCount += sign;
            for (int c = 0; c < calls.size(); c++) {
                AggCall call = calls.get(c);
                if (filters[c] != null && !filters[c].isTrue(i)) {
                    continue;
                }
                if (call.kind() == AggCall.Kind.COUNT_STAR) {
                    group.counts[c] += sign;
                    continue;
                }
                Column argument = arguments[c];
                if (argument.isNull(i)) {
                    continue;
                }
                group.counts[c] += sign;
                switch (call.kind()) {
                    case COUNT:
                        break;
                    case SUM:
                    case AVG:
                        if (longSum[c] && group.values[c] == null && argument instanceof LongColumn longs) {
                            addLong(group, c, longs.getLong(i), insert);
                        } else {
                            setSum(group, c, Accumulators.accumulate(call, sumValue(group, c), argument.get(i), insert));
                        }
                        break;
                    case MIN:
                    case MAX:
                        updateExtreme(c, group, argument.get(i), insert);
                        break;
                    case COUNT_STAR:
                        throw new AssertionError();
                }
            }
        }
    }

    /** Adds to a long sum without boxing; promotes to numeric on overflow. */
    private void addLong(Group group, int c, long x, boolean insert) {
        long a = group.longSums[c];
        try {
            group.longSums[c] = insert ? Math.addExact(a, x) : Math.subtractExact(a, x);
        } catch (ArithmeticException overflow) {
            BigDecimal sum = insert ? BigDecimal.valueOf(a).add(BigDecimal.valueOf(x)) : BigDecimal.valueOf(a).subtract(BigDecimal.valueOf(x));
            setSum(group, c, sum);
        }
    }

    /** An integer sum's value (Long or BigDecimal) or another aggregate's value. */
    private Object sumValue(Group group, int c) {
        if (longSum[c] && group.values[c] == null) {
            return group.counts[c] == 0 && group.longSums[c] == 0 ? null : (Object) group.longSums[c];
        }
        return group.values[c];
    }

    private void setSum(Group group, int c, Object value) {
        if (longSum[c] && (value == null || value instanceof Long)) {
            group.longSums[c] = value == null ? 0 : (Long) value;
            group.values[c] = null;
        } else {
            group.values[c] = value;
        }
    }

    private Group groupAt(StreamChunk chunk, int row) {
        keyWriter.reset();
        groupCodec.encode(keyWriter, chunk, groupColumns, row);
        ByteBuffer lookup = ByteBuffer.wrap(keyWriter.buffer(), 0, keyWriter.size());
        Group group = cache.get(lookup);
        if (group == null) {
            byte[] encoded = keyWriter.toByteArray();
            Object[] keyValues = new Object[groupColumns.length];
            for (int k = 0; k < groupColumns.length; k++) {
                keyValues[k] = chunk.column(groupColumns[k]).get(row);
            }
            group = load(encoded, keyValues);
            cache.put(ByteBuffer.wrap(encoded), group);
        }
        markDirty(group);
        return group;
    }

    private void markDirty(Group group) {
        if (!group.dirty) {
            group.dirty = true;
            group.before = outputRow(group);
            dirty.add(group);
        }
    }

    private Group load(byte[] encodedKey, Object[] keyValues) {
        byte[] storeKey = groups.storeKey(encodedKey);
        Group group = new Group(storeKey, keyValues, calls.size());
        byte[] raw = groups.getRaw(storeKey);
        if (raw != null) {
            Object[] state = groups.rowCodec().decode(raw);
            group.rowCount = (Long) state[0];
            for (int c = 0; c < calls.size(); c++) {
                group.counts[c] = (Long) state[1 + 2 * c];
                Object value = state[2 + 2 * c];
                if (value instanceof BigDecimal d && longSum[c] && Accumulators.fitsLong(d)) {
                    value = d.longValueExact();
                }
                setSum(group, c, value);
            }
        }
        return group;
    }

    private void updateExtreme(int c, Group group, Object value, boolean insert) {
        AggCall call = calls.get(c);
        StateTable table = extremes[c];
        Object[] key = new Object[groupColumns.length + 1];
        System.arraycopy(group.keyValues, 0, key, 0, groupColumns.length);
        key[groupColumns.length] = value;
        Object[] stored = table.get(key);
        long count = (stored == null ? 0 : (Long) stored[0]) + (insert ? 1 : -1);
        if (count <= 0) {
            table.delete(key);
        } else {
            table.put(key, new Object[] {count});
        }
        Object current = group.values[c];
        int direction = call.kind() == AggCall.Kind.MIN ? 1 : -1;
        if (insert) {
            if (!group.extremeStale[c]
                    && (current == null || direction * Values.compare(call.argumentType(), value, current) < 0)) {
                group.values[c] = value;
            }
        } else if (count <= 0 && current != null && Values.compare(call.argumentType(), value, current) == 0) {
            group.extremeStale[c] = true;
        }
    }

    private void refreshExtremes(Group group) {
        for (int c = 0; c < calls.size(); c++) {
            if (!group.extremeStale[c]) {
                continue;
            }
            group.extremeStale[c] = false;
            group.values[c] = null;
            try (StateTable.Scan scan = extremes[c].scanPrefix(group.keyValues)) {
                if (scan.hasNext()) {
                    Object[] key = scan.peekKeyValues();
                    group.values[c] = key[key.length - 1];
                }
            }
        }
    }

    /** The group's output row, or null when the group has no rows (a global aggregate always has one). */
    private Object[] outputRow(Group group) {
        if (group.rowCount <= 0 && groupColumns.length > 0) {
            return null;
        }
        Object[] row = new Object[groupColumns.length + calls.size()];
        System.arraycopy(group.keyValues, 0, row, 0, groupColumns.length);
        for (int c = 0; c < calls.size(); c++) {
            row[groupColumns.length + c] = result(calls.get(c), group, c);
        }
        return row;
    }

    private Object result(AggCall call, Group group, int c) {
        switch (call.kind()) {
            case COUNT_STAR:
                return call.filter() < 0 ? group.rowCount : group.counts[c];
            case COUNT:
                return group.counts[c];
            case SUM: {
                if (group.counts[c] == 0) {
                    return null;
                }
                try {
                    return Accumulators.sum(call, sumValue(group, c));
                } catch (FreshetException e) {
                    // e.g. SUM(integer) beyond bigint: the view shows NULL rather than failing the write.
                    RowErrors.record("aggregate " + call, e);
                    return null;
                }
            }
            case AVG:
                return group.counts[c] == 0 ? null : Accumulators.average(call, sumValue(group, c), group.counts[c]);
            case MIN:
            case MAX:
                return group.counts[c] == 0 ? null : group.values[c];
        }
        throw new AssertionError(call);
    }

    @Override
    protected void onBarrier(Barrier barrier) {
        if (!initialized) {
            initialized = true;
            if (groupColumns.length == 0) {
                // A global aggregate shows its row from the start, even before any input.
                Group global = groupAt(emptyChunk(), 0);
                assert global.dirty;
                if (groups.getRaw(global.storeKey) == null) {
                    global.before = null;
                }
            }
        }
        if (!barrier.isCheckpoint()) {
            // Nothing may be emitted before the initial barrier reaches downstream operators.
            return;
        }
        emitChanges();
        groups.flush(barrier.batch());
        for (StateTable table : extremes) {
            if (table != null) {
                table.flush(barrier.batch());
            }
        }
    }

    private StreamChunk emptyChunk() {
        return new StreamChunk(new byte[] {Op.INSERT.code()}, List.of(), 1);
    }

    private void emitChanges() {
        List<Op> ops = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (Group group : dirty) {
            refreshExtremes(group);
            Object[] after = outputRow(group);
            Object[] before = group.before;
            group.dirty = false;
            group.before = null;
            if (before == null && after != null) {
                ops.add(Op.INSERT);
                rows.add(after);
            } else if (before != null && after == null) {
                ops.add(Op.DELETE);
                rows.add(before);
            } else if (before != null && !java.util.Arrays.deepEquals(before, after)) {
                ops.add(Op.UPDATE_BEFORE);
                rows.add(before);
                ops.add(Op.UPDATE_AFTER);
                rows.add(after);
            }
            saveState(group);
            if (ops.size() >= 1024) {
                output.chunk(StreamChunk.ofRows(outputTypes, ops, rows));
                ops.clear();
                rows.clear();
            }
        }
        dirty.clear();
        if (!rows.isEmpty()) {
            output.chunk(StreamChunk.ofRows(outputTypes, ops, rows));
        }
    }

    private void saveState(Group group) {
        if (group.rowCount <= 0 && groupColumns.length > 0) {
            groups.deleteRaw(group.storeKey);
            cache.remove(ByteBuffer.wrap(group.storeKey, 4, group.storeKey.length - 4));
            return;
        }
        Object[] state = new Object[1 + 2 * calls.size()];
        state[0] = group.rowCount;
        for (int c = 0; c < calls.size(); c++) {
            state[1 + 2 * c] = group.counts[c];
            Object value = sumValue(group, c);
            state[2 + 2 * c] = value instanceof Long l && longSum[c] ? BigDecimal.valueOf(l) : value;
        }
        groups.putRaw(group.storeKey, groups.rowCodec().encode(state));
    }

    /** Plan-time description of a hash aggregation. */
    public record Factory(int[] groupColumns, List<DataType> groupTypes, List<AggCall> calls, int groupTableId,
                          int[] extremeTableIds) implements OperatorFactory {
        public Factory {
            groupColumns = groupColumns.clone();
            groupTypes = List.copyOf(groupTypes);
            calls = List.copyOf(calls);
            extremeTableIds = extremeTableIds.clone();
        }

        public List<DataType> outputTypes() {
            List<DataType> types = new ArrayList<>(groupTypes);
            for (AggCall call : calls) {
                types.add(call.outputType());
            }
            return types;
        }

        /** Layout of a group's stored state: row count, then (count, value) per aggregate. */
        List<DataType> stateTypes() {
            List<DataType> types = new ArrayList<>();
            types.add(DataType.BIGINT);
            for (AggCall call : calls) {
                types.add(DataType.BIGINT);
                DataType accumulator = call.accumulatorType();
                // Integer sums are kept as exact numeric: they may outgrow bigint.
                types.add(call.isExtreme() ? call.argumentType()
                        : accumulator.kind() == io.freshet.common.TypeKind.BIGINT ? DataType.DECIMAL : accumulator);
            }
            return types;
        }

        @Override
        public HashAggOperator create(KvStore store, Emitter output) {
            return new HashAggOperator(this, store, output);
        }

        @Override
        public String explain() {
            StringBuilder group = new StringBuilder("[");
            for (int i = 0; i < groupColumns.length; i++) {
                group.append(i == 0 ? "$" : ", $").append(groupColumns[i]);
            }
            return "StreamHashAgg { group: " + group + "], aggs: " + calls + " }";
        }
    }
}
