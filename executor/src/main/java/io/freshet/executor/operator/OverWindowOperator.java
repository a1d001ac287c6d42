package io.freshet.executor.operator;

import io.freshet.common.DataType;
import io.freshet.common.Values;
import io.freshet.executor.expr.Casts;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.KvStore;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * General OVER windows of one window specification (partition, order, frame): appends one column
 * per {@link WindowCall} to each input row. A change to a partition recomputes that partition's
 * outputs from its stored rows on the barrier and emits the rows whose values changed, so the work
 * is proportional to the touched partitions. Aggregates slide over the frame: SUM/COUNT/AVG add
 * and retract, MIN/MAX keep a sorted multiset of the frame's values.
 *
 * <p>Semantics follow Postgres: RANGE frames treat peers (equal sort keys) as one position, so the
 * default frame with ORDER BY ends at the current row's last peer; without ORDER BY every row is a
 * peer of every other and the frame is the whole partition.
 */
public final class OverWindowOperator extends PartitionedOperator {
    private final Factory factory;

    OverWindowOperator(Factory factory, KvStore store, Emitter output) {
        super(output, new PartitionedRows(store, factory.tableId, factory.inputTypes, factory.partitionColumns,
                factory.order, factory.streamKey), factory.outputTypes());
        this.factory = factory;
    }

    @Override
    protected List<Object[]> compute(Object[] partition) {
        List<Object[]> input = new ArrayList<>();
        try (StateTable.Scan scan = rows.scan(partition)) {
            while (scan.hasNext()) {
                input.add(scan.next());
            }
        }
        int n = input.size();
        int width = factory.inputTypes.size();
        List<Object[]> result = new ArrayList<>(n);
        for (Object[] row : input) {
            result.add(Arrays.copyOf(row, width + factory.calls.size()));
        }
        if (n == 0) {
            return result;
        }
        int[] peerStart = new int[n];
        int[] peerEnd = new int[n];
        long[] denseRank = new long[n];
        for (int i = 0; i < n; i++) {
            boolean peer = i > 0 && rows.peers(input.get(i - 1), input.get(i));
            peerStart[i] = peer ? peerStart[i - 1] : i;
            denseRank[i] = peer ? denseRank[i - 1] : (i == 0 ? 1 : denseRank[i - 1] + 1);
        }
        for (int i = n - 1; i >= 0; i--) {
            peerEnd[i] = i + 1 < n && peerStart[i + 1] == peerStart[i] ? peerEnd[i + 1] : i;
        }
        for (int c = 0; c < factory.calls.size(); c++) {
            WindowCall call = factory.calls.get(c);
            int column = width + c;
            if (call.ignoresFrame()) {
                for (int i = 0; i < n; i++) {
                    result.get(i)[column] = rankOrShift(call, input, i, peerStart[i], denseRank[i]);
                }
            } else {
                new Frame(call, input).fill(result, column, peerStart, peerEnd);
            }
        }
        return result;
    }

    private static Object rankOrShift(WindowCall call, List<Object[]> input, int i, int peerStart, long denseRank) {
        switch (call.kind()) {
            case ROW_NUMBER:
                return (long) i + 1;
            case RANK:
                return (long) peerStart + 1;
            case DENSE_RANK:
                return denseRank;
            case LAG:
            case LEAD: {
                long target = call.kind() == WindowCall.Kind.LAG ? i - call.offset() : i + call.offset();
                if (target >= 0 && target < input.size()) {
                    return input.get((int) target)[call.argument()];
                }
                return call.defaultColumn() >= 0 ? input.get(i)[call.defaultColumn()] : call.defaultValue();
            }
            default:
                throw new IllegalStateException(call + " depends on the frame");
        }
    }

    /** A frame sliding down the partition for one call: [start, end) grows and shrinks monotonically. */
    private final class Frame {
        private final WindowCall call;
        private final List<Object[]> input;
        private final AggCall aggregate;
        private final TreeMap<Object, long[]> values;
        private int start;
        private int end;
        private long count;
        private Object total;

        Frame(WindowCall call, List<Object[]> input) {
            this.call = call;
            this.input = input;
            boolean isAggregate = call.kind() != WindowCall.Kind.FIRST_VALUE && call.kind() != WindowCall.Kind.LAST_VALUE;
            this.aggregate = isAggregate ? call.aggregate() : null;
            this.values = aggregate != null && aggregate.isExtreme()
                    ? new TreeMap<>((a, b) -> Values.compare(call.argumentType(), a, b)) : null;
        }

        void fill(List<Object[]> result, int column, int[] peerStart, int[] peerEnd) {
            int n = input.size();
            WindowFrame frame = factory.frame;
            for (int i = 0; i < n; i++) {
                long from = bound(frame.lower(), frame.lowerOffset(), i, n, frame.rows() ? i : peerStart[i]);
                long to = bound(frame.upper(), frame.upperOffset(), i, n, frame.rows() ? i : peerEnd[i]) + 1;
                int s = (int) Math.max(0, Math.min(n, from));
                int e = (int) Math.max(s, Math.min(n, to));
                slideTo(s, e);
                result.get(i)[column] = value(s, e);
            }
        }

        private long bound(WindowFrame.Bound bound, long offset, int i, int n, int current) {
            return switch (bound) {
                case UNBOUNDED_PRECEDING -> 0;
                case PRECEDING -> (long) i - offset;
                case CURRENT_ROW -> current;
                case FOLLOWING -> (long) i + offset;
                case UNBOUNDED_FOLLOWING -> n - 1;
            };
        }

        private void slideTo(int s, int e) {
            if (aggregate == null) {
                return;
            }
            if (s < start || e < end || s >= end) {
                start = s;
                end = s;
                count = 0;
                total = null;
                if (values != null) {
                    values.clear();
                }
            }
            while (end < e) {
                add(input.get(end++), true);
            }
            while (start < s) {
                add(input.get(start++), false);
            }
        }

        private void add(Object[] row, boolean insert) {
            if (aggregate.kind() == AggCall.Kind.COUNT_STAR) {
                return;
            }
            Object value = row[call.argument()];
            if (value == null) {
                return;
            }
            count += insert ? 1 : -1;
            switch (aggregate.kind()) {
                case SUM, AVG -> total = Accumulators.accumulate(aggregate, total, value, insert);
                case MIN, MAX -> {
                    if (insert) {
                        values.computeIfAbsent(value, v -> new long[1])[0]++;
                    } else if (--values.get(value)[0] == 0) {
                        values.remove(value);
                    }
                }
                case COUNT, COUNT_STAR -> {
                }
            }
        }

        private Object value(int s, int e) {
            switch (call.kind()) {
                case FIRST_VALUE:
                    return s < e ? input.get(s)[call.argument()] : null;
                case LAST_VALUE:
                    return s < e ? input.get(e - 1)[call.argument()] : null;
                case COUNT_STAR:
                    return (long) (e - s);
                case COUNT:
                    return count;
                case SUM:
                    return count == 0 ? null : Accumulators.sum(aggregate, total);
                case SUM0:
                    return count == 0 ? Casts.cast(0L, DataType.BIGINT, call.outputType()) : Accumulators.sum(aggregate, total);
                case AVG:
                    return count == 0 ? null : Accumulators.average(aggregate, total, count);
                case MIN: {
                    Map.Entry<Object, long[]> first = values.firstEntry();
                    return first == null ? null : first.getKey();
                }
                case MAX: {
                    Map.Entry<Object, long[]> last = values.lastEntry();
                    return last == null ? null : last.getKey();
                }
                default:
                    throw new IllegalStateException(call + " ignores the frame");
            }
        }
    }

    /** Plan-time description of one window specification and its calls. */
    public record Factory(List<DataType> inputTypes, int[] partitionColumns, List<SortField> order, WindowFrame frame,
                          List<WindowCall> calls, int[] streamKey, int tableId) implements OperatorFactory {
        public Factory {
            inputTypes = List.copyOf(inputTypes);
            partitionColumns = partitionColumns.clone();
            order = List.copyOf(order);
            calls = List.copyOf(calls);
            streamKey = streamKey.clone();
        }

        public List<DataType> outputTypes() {
            List<DataType> types = new ArrayList<>(inputTypes);
            for (WindowCall call : calls) {
                types.add(call.outputType());
            }
            return types;
        }

        @Override
        public OverWindowOperator create(KvStore store, Emitter output) {
            return new OverWindowOperator(this, store, output);
        }

        @Override
        public String explain() {
            StringBuilder partition = new StringBuilder("[");
            for (int i = 0; i < partitionColumns.length; i++) {
                partition.append(i == 0 ? "$" : ", $").append(partitionColumns[i]);
            }
            return "StreamOverWindow { partition: " + partition + "], order: " + order + ", frame: " + frame
                    + ", calls: " + calls + ", table: " + tableId + " }";
        }
    }
}
