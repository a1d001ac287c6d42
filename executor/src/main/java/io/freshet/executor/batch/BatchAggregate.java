package io.freshet.executor.batch;

import io.freshet.common.Values;
import io.freshet.executor.operator.Accumulators;
import io.freshet.executor.operator.AggCall;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GROUP BY over materialized rows (ad-hoc queries), with the arithmetic of the streaming
 * aggregation (SUM of integers exact, AVG with Postgres's numeric scale, NULL for SUM/AVG/MIN/MAX of
 * no values; a global aggregate has one row even over no input).
 */
public final class BatchAggregate {
    private final int[] groups;
    private final List<AggCall> calls;

    public BatchAggregate(int[] groups, List<AggCall> calls) {
        this.groups = groups.clone();
        this.calls = List.copyOf(calls);
    }

    private static final class Accumulator {
        final long[] counts;
        final Object[] values;
        long rows;

        Accumulator(int calls) {
            counts = new long[calls];
            values = new Object[calls];
        }
    }

    /** Aggregates rows of Freshet values; a global aggregate gives one row even for no input. */
    public List<Object[]> run(List<Object[]> input) {
        Map<List<Object>, Accumulator> accumulators = new LinkedHashMap<>();
        for (Object[] row : input) {
            Object[] key = new Object[groups.length];
            for (int g = 0; g < groups.length; g++) {
                key[g] = groupValue(row[groups[g]]);
            }
            Accumulator acc = accumulators.computeIfAbsent(Arrays.asList(key), k -> new Accumulator(calls.size()));
            acc.rows++;
            for (int c = 0; c < calls.size(); c++) {
                AggCall call = calls.get(c);
                if (call.filter() >= 0 && !Boolean.TRUE.equals(row[call.filter()])) {
                    continue;
                }
                if (call.kind() == AggCall.Kind.COUNT_STAR) {
                    acc.counts[c]++;
                    continue;
                }
                Object value = row[call.argument()];
                if (value == null) {
                    continue;
                }
                acc.counts[c]++;
                acc.values[c] = accumulate(call, acc.values[c], value);
            }
        }
        if (accumulators.isEmpty() && groups.length == 0) {
            accumulators.put(List.of(), new Accumulator(calls.size()));
        }
        List<Object[]> out = new ArrayList<>(accumulators.size());
        for (Map.Entry<List<Object>, Accumulator> entry : accumulators.entrySet()) {
            Object[] row = new Object[groups.length + calls.size()];
            for (int g = 0; g < groups.length; g++) {
                row[g] = entry.getKey().get(g) instanceof ByteArray bytes ? bytes.bytes() : entry.getKey().get(g);
            }
            for (int c = 0; c < calls.size(); c++) {
                row[groups.length + c] = result(calls.get(c), entry.getValue(), c);
            }
            out.add(row);
        }
        return out;
    }

    /** byte[] has identity equality; wrap it so equal values group together. */
    private record ByteArray(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteArray other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private static Object groupValue(Object value) {
        if (value instanceof byte[] bytes) {
            return new ByteArray(bytes);
        }
        if (value instanceof BigDecimal decimal) {
            // 1.0 and 1.00 are one group, as in Postgres.
            return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
        }
        if (value instanceof Double d && d == 0) {
            return 0.0;
        }
        return value;
    }

    private static Object accumulate(AggCall call, Object current, Object value) {
        switch (call.kind()) {
            case COUNT:
                return null;
            case MIN:
                return current == null || Values.compare(call.argumentType(), value, current) < 0 ? value : current;
            case MAX:
                return current == null || Values.compare(call.argumentType(), value, current) > 0 ? value : current;
            case SUM:
            case AVG:
                return Accumulators.accumulate(call, current, value, true);
            case COUNT_STAR:
                break;
        }
        throw new AssertionError(call);
    }

    private static Object result(AggCall call, Accumulator acc, int c) {
        switch (call.kind()) {
            case COUNT_STAR:
                return call.filter() < 0 ? acc.rows : acc.counts[c];
            case COUNT:
                return acc.counts[c];
            case MIN:
            case MAX:
                return acc.values[c];
            case SUM:
                return acc.values[c] == null ? null : Accumulators.sum(call, acc.values[c]);
            case AVG:
                return acc.values[c] == null ? null : Accumulators.average(call, acc.values[c], acc.counts[c]);
        }
        throw new AssertionError(call);
    }
}
