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
 * deleted) and one accumulator per aggregate; SUM, COUNT and AVG retract by subtraction, bool_and
 * and bool_or count the true values, the variance family keeps an exact sum and sum of squares. MIN
 * and MAX keep every value of the group with its multiplicity in a second state table ordered by
 * value, so deleting the current extreme finds the next one without rescanning the input; string_agg
 * keeps (ORDER BY keys, value, delimiter) entries the same way and rebuilds the string of each dirty
 * group on the barrier. A DISTINCT aggregate keeps a (group, value) multiplicity table and sees a
 * value only when its multiplicity goes from 0 to 1 or from 1 to 0.
 *
 * <p>Changes are emitted once per epoch, on the barrier: a group's output before the epoch is
 * compared with its output after it, giving INSERT, DELETE or an UPDATE pair. A global aggregate (no
 * GROUP BY) always has its one row, even over empty input, and so do the factory's fixed groups
 * (grouping sets without columns).
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
    /** Per DISTINCT aggregate: (group, value) → multiplicity; a value counts while it is positive. */
    private final StateTable[] distincts;
    /**
     * Per variance aggregate: the state slot of its sum of squares (after every call's two slots);
     * the next slot counts its NaN and infinite values.
     */
    private final int[] squareSlots;
    /** Fixed groups that exist even without rows (grouping sets' empty set), by encoded key. */
    private final List<Object[]> fixedGroups;
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
        /** Per integer SUM/AVG: the sum while it fits; per variance aggregate: its count of NaN and infinities. */
        final long[] longSums;
        long rowCount;
        boolean dirty;
        Object[] before;
        /** Per variance aggregate: the exact sum of squares. */
        final BigDecimal[] squares;
        /** Per MIN/MAX or string_agg: the value must be recomputed from the multiset on the barrier. */
        final boolean[] extremeStale;
        /** A group that exists even with no rows (a grouping set without columns). */
        boolean fixed;

        Group(byte[] storeKey, Object[] keyValues, int calls) {
            this.storeKey = storeKey;
            this.keyValues = keyValues;
            this.counts = new long[calls];
            this.values = new Object[calls];
            this.longSums = new long[calls];
            this.extremeStale = new boolean[calls];
            this.squares = new BigDecimal[calls];
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
        this.fixedGroups = factory.fixedGroups;
        this.squareSlots = new int[calls.size()];
        int extra = 1 + 2 * calls.size();
        for (int c = 0; c < calls.size(); c++) {
            squareSlots[c] = calls.get(c).kind().isVariance() ? extra : -1;
            extra += calls.get(c).kind().isVariance() ? 2 : 0;
        }
        this.extremes = new StateTable[calls.size()];
        this.distincts = new StateTable[calls.size()];
        for (int c = 0; c < calls.size(); c++) {
            AggCall call = calls.get(c);
            if (call.keepsDistinctValues()) {
                List<DataType> keyTypes = new ArrayList<>(groupTypes);
                keyTypes.add(call.argumentType());
                distincts[c] = new StateTable(store, factory.distinctTableIds[c], KeyCodec.ascending(keyTypes),
                        List.of(DataType.BIGINT));
            }
            if (call.isOrderedCollection()) {
                List<DataType> keyTypes = new ArrayList<>(groupTypes);
                List<Boolean> descending = new ArrayList<>();
                groupTypes.forEach(t -> descending.add(false));
                for (AggCall.OrderKey key : call.order()) {
                    keyTypes.add(key.type());
                    descending.add(key.descending());
                }
                if (call.kind() == AggCall.Kind.ARRAY_AGG) {
                    keyTypes.add(call.argumentType()); // the value (NULL included)
                    descending.add(false);
                } else {
                    keyTypes.add(DataType.VARCHAR); // the value and its delimiter
                    keyTypes.add(DataType.VARCHAR);
                    descending.add(false);
                    descending.add(false);
                }
                boolean[] flags = new boolean[descending.size()];
                for (int i = 0; i < flags.length; i++) {
                    flags[i] = descending.get(i);
                }
                extremes[c] = new StateTable(store, factory.extremeTableIds[c], new KeyCodec(keyTypes, flags),
                        List.of(DataType.BIGINT));
            }
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
                if (argument.isNull(i) && !call.takesNulls()) {
                    continue;
                }
                if (distincts[c] != null && !distinctChange(c, group, argument.get(i), insert)) {
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
                    case STRING_AGG:
                    case ARRAY_AGG:
                        updateOrdered(c, group, chunk, i, insert);
                        break;
                    case BOOL_AND:
                    case BOOL_OR:
                        if (Boolean.TRUE.equals(argument.get(i))) {
                            group.values[c] = (group.values[c] == null ? 0L : (Long) group.values[c]) + sign;
                        }
                        break;
                    case VAR_SAMP:
                    case VAR_POP:
                    case STDDEV_SAMP:
                    case STDDEV_POP: {
                        BigDecimal x = Accumulators.exact(call, argument.get(i));
                        if (x == null) {
                            group.longSums[c] += sign; // NaN or infinite: counted apart
                            break;
                        }
                        BigDecimal sum = group.values[c] == null ? BigDecimal.ZERO : (BigDecimal) group.values[c];
                        BigDecimal squares = group.squares[c] == null ? BigDecimal.ZERO : group.squares[c];
                        group.values[c] = insert ? sum.add(x) : sum.subtract(x);
                        group.squares[c] = insert ? squares.add(x.multiply(x)) : squares.subtract(x.multiply(x));
                        break;
                    }
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

    /**
     * Updates a DISTINCT aggregate's multiplicity of {@code value} in the group; true when the value
     * appears (0 → 1) or disappears (1 → 0), i.e. when the aggregate itself changes.
     */
    private boolean distinctChange(int c, Group group, Object value, boolean insert) {
        Object[] key = new Object[groupColumns.length + 1];
        System.arraycopy(group.keyValues, 0, key, 0, groupColumns.length);
        key[groupColumns.length] = value;
        Object[] stored = distincts[c].get(key);
        long before = stored == null ? 0 : (Long) stored[0];
        long after = before + (insert ? 1 : -1);
        if (after <= 0) {
            distincts[c].delete(key);
        } else {
            distincts[c].put(key, new Object[] {after});
        }
        return insert ? before == 0 : after == 0;
    }

    /** Adds or removes one (order keys, value, delimiter) entry of a string_agg's ordered multiset. */
    private void updateOrdered(int c, Group group, StreamChunk chunk, int row, boolean insert) {
        AggCall call = calls.get(c);
        boolean array = call.kind() == AggCall.Kind.ARRAY_AGG;
        Object[] key = new Object[groupColumns.length + call.order().size() + (array ? 1 : 2)];
        System.arraycopy(group.keyValues, 0, key, 0, groupColumns.length);
        int k = groupColumns.length;
        for (AggCall.OrderKey order : call.order()) {
            key[k++] = chunk.column(order.column()).get(row);
        }
        if (array) {
            key[k] = chunk.column(call.argument()).get(row);
        } else {
            key[k++] = chunk.column(call.argument()).get(row).toString();
            Object delimiter = chunk.column(call.delimiter()).get(row);
            key[k] = delimiter == null ? null : delimiter.toString();
        }
        Object[] stored = extremes[c].get(key);
        long count = (stored == null ? 0 : (Long) stored[0]) + (insert ? 1 : -1);
        if (count <= 0) {
            extremes[c].delete(key);
        } else {
            extremes[c].put(key, new Object[] {count});
        }
        group.extremeStale[c] = true;
    }

    /** Rebuilds a string_agg's value from its ordered multiset. */
    /** array_agg's value: the group's kept values in key order, each as often as it occurs. */
    private List<Object> collect(int c, Group group) {
        AggCall call = calls.get(c);
        List<Object> out = new ArrayList<>();
        try (StateTable.Scan scan = extremes[c].scanPrefix(group.keyValues)) {
            while (scan.hasNext()) {
                Object[] key = scan.peekKeyValues();
                long count = (Long) scan.next()[0];
                for (long n = 0; n < (call.distinct() ? 1 : count); n++) {
                    out.add(key[key.length - 1]);
                }
            }
        }
        return out.isEmpty() ? null : io.freshet.common.SqlArray.of(out);
    }

    private String concatenate(int c, Group group) {
        AggCall call = calls.get(c);
        StringBuilder out = null;
        try (StateTable.Scan scan = extremes[c].scanPrefix(group.keyValues)) {
            while (scan.hasNext()) {
                Object[] key = scan.peekKeyValues();
                long count = call.distinct() ? 1 : (Long) scan.next()[0];
                if (call.distinct()) {
                    scan.next();
                }
                String value = (String) key[key.length - 2];
                String delimiter = (String) key[key.length - 1];
                for (long n = 0; n < count; n++) {
                    if (out == null) {
                        out = new StringBuilder();
                    } else if (delimiter != null) {
                        out.append(delimiter);
                    }
                    out.append(value);
                }
            }
        }
        return out == null ? null : out.toString();
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
        return groupAt(chunk, row, groupColumns);
    }

    private static int[] identity(int n) {
        int[] columns = new int[n];
        for (int i = 0; i < n; i++) {
            columns[i] = i;
        }
        return columns;
    }

    private Group groupAt(StreamChunk chunk, int row, int[] groupColumns) {
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
                if (squareSlots[c] >= 0) {
                    group.squares[c] = (BigDecimal) state[squareSlots[c]];
                    group.longSums[c] = (Long) state[squareSlots[c] + 1];
                }
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
            if (calls.get(c).kind() == AggCall.Kind.STRING_AGG) {
                group.values[c] = concatenate(c, group);
                continue;
            }
            if (calls.get(c).kind() == AggCall.Kind.ARRAY_AGG) {
                group.values[c] = collect(c, group);
                continue;
            }
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
        if (group.rowCount <= 0 && groupColumns.length > 0 && !group.fixed) {
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
            case STRING_AGG:
            case ARRAY_AGG:
                return group.counts[c] == 0 ? null : group.values[c];
            case BOOL_AND:
            case BOOL_OR:
                return Accumulators.bool(call, group.counts[c], group.values[c] == null ? 0 : (Long) group.values[c]);
            case VAR_SAMP:
            case VAR_POP:
            case STDDEV_SAMP:
            case STDDEV_POP:
                return Accumulators.variance(call, group.counts[c],
                        group.values[c] == null ? BigDecimal.ZERO : (BigDecimal) group.values[c],
                        group.squares[c] == null ? BigDecimal.ZERO : group.squares[c], group.longSums[c]);
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
            for (Object[] key : fixedGroups) {
                // Grouping sets without columns show their row from the start too.
                StreamChunk one = StreamChunk.ofRows(groupTypes, List.of(Op.INSERT), List.<Object[]>of(key));
                Group group = groupAt(one, 0, identity(groupColumns.length));
                group.fixed = true;
                if (groups.getRaw(group.storeKey) == null) {
                    group.before = null;
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
        for (StateTable table : distincts) {
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
        if (group.rowCount <= 0 && groupColumns.length > 0 && !group.fixed) {
            groups.deleteRaw(group.storeKey);
            cache.remove(ByteBuffer.wrap(group.storeKey, 4, group.storeKey.length - 4));
            return;
        }
        Object[] state = new Object[groups.rowCodec().types().size()];
        state[0] = group.rowCount;
        for (int c = 0; c < calls.size(); c++) {
            state[1 + 2 * c] = group.counts[c];
            Object value = sumValue(group, c);
            state[2 + 2 * c] = value instanceof Long l && longSum[c] ? BigDecimal.valueOf(l) : value;
            if (squareSlots[c] >= 0) {
                state[squareSlots[c]] = group.squares[c];
                state[squareSlots[c] + 1] = group.longSums[c];
            }
        }
        groups.putRaw(group.storeKey, groups.rowCodec().encode(state));
    }

    /** Plan-time description of a hash aggregation. */
    public record Factory(int[] groupColumns, List<DataType> groupTypes, List<AggCall> calls, int groupTableId,
                          int[] extremeTableIds, int[] distinctTableIds, List<Object[]> fixedGroups) implements OperatorFactory {
        public Factory {
            groupColumns = groupColumns.clone();
            groupTypes = List.copyOf(groupTypes);
            calls = List.copyOf(calls);
            extremeTableIds = extremeTableIds.clone();
            distinctTableIds = distinctTableIds.clone();
            fixedGroups = List.copyOf(fixedGroups);
        }

        /**
         * {@code extremeTableIds}: per call, the multiset table of MIN/MAX/string_agg (else -1);
         * {@code distinctTableIds}: per DISTINCT call, its multiplicity table (else -1);
         * {@code fixedGroups}: group keys whose rows exist even without input rows.
         */
        public Factory(int[] groupColumns, List<DataType> groupTypes, List<AggCall> calls, int groupTableId,
                       int[] extremeTableIds) {
            this(groupColumns, groupTypes, calls, groupTableId, extremeTableIds, filled(calls.size()), List.of());
        }

        private static int[] filled(int n) {
            int[] ids = new int[n];
            java.util.Arrays.fill(ids, -1);
            return ids;
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
                switch (call.kind()) {
                    case MIN, MAX -> types.add(call.argumentType());
                    case STRING_AGG -> types.add(DataType.VARCHAR);
                    case ARRAY_AGG -> types.add(call.outputType());
                    case BOOL_AND, BOOL_OR -> types.add(DataType.BIGINT);
                    case VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP -> types.add(DataType.DECIMAL);
                    // Integer sums are kept as exact numeric: they may outgrow bigint.
                    default -> types.add(accumulator.kind() == io.freshet.common.TypeKind.BIGINT ? DataType.DECIMAL : accumulator);
                }
            }
            for (AggCall call : calls) {
                if (call.kind().isVariance()) {
                    types.add(DataType.DECIMAL); // sum of squares
                    types.add(DataType.BIGINT); // NaN and infinite values
                }
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
            return "StreamHashAgg { group: " + group + "], aggs: " + calls
                    + (fixedGroups.isEmpty() ? "" : ", always: " + fixedGroups.stream().map(java.util.Arrays::toString).toList()) + " }";
        }
    }
}
