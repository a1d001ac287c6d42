package io.freshet.executor.batch;

import io.freshet.common.DataType;
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
    private final List<Object[]> fixedGroups;

    public BatchAggregate(int[] groups, List<AggCall> calls) {
        this(groups, calls, List.of());
    }

    /** {@code fixedGroups}: group keys that have a row even without input rows (grouping sets' empty set). */
    public BatchAggregate(int[] groups, List<AggCall> calls, List<Object[]> fixedGroups) {
        this.groups = groups.clone();
        this.calls = List.copyOf(calls);
        this.fixedGroups = List.copyOf(fixedGroups);
    }

    private static final class Accumulator {
        final long[] counts;
        final Object[] values;
        final BigDecimal[] squares;
        final long[] nonFinite;
        final java.util.Set<Object>[] seen;
        final List<Object[]>[] entries;
        long rows;

        @SuppressWarnings("unchecked")
        Accumulator(int calls) {
            counts = new long[calls];
            values = new Object[calls];
            squares = new BigDecimal[calls];
            nonFinite = new long[calls];
            seen = new java.util.Set[calls];
            entries = new List[calls];
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
                if (value == null && !call.takesNulls()) {
                    continue;
                }
                if (call.distinct() && !call.isOrderedCollection()) {
                    if (acc.seen[c] == null) {
                        acc.seen[c] = new java.util.HashSet<>();
                    }
                    if (!acc.seen[c].add(groupValue(value))) {
                        continue;
                    }
                }
                acc.counts[c]++;
                if (call.kind() == AggCall.Kind.ARRAY_AGG) {
                    if (acc.entries[c] == null) {
                        acc.entries[c] = new ArrayList<>();
                    }
                    Object[] entry = new Object[call.order().size() + 1];
                    for (int k = 0; k < call.order().size(); k++) {
                        entry[k] = row[call.order().get(k).column()];
                    }
                    entry[entry.length - 1] = value;
                    acc.entries[c].add(entry);
                } else if (call.kind() == AggCall.Kind.STRING_AGG) {
                    if (acc.entries[c] == null) {
                        acc.entries[c] = new ArrayList<>();
                    }
                    Object[] entry = new Object[call.order().size() + 2];
                    for (int k = 0; k < call.order().size(); k++) {
                        entry[k] = row[call.order().get(k).column()];
                    }
                    entry[entry.length - 2] = value.toString();
                    Object delimiter = row[call.delimiter()];
                    entry[entry.length - 1] = delimiter == null ? null : delimiter.toString();
                    acc.entries[c].add(entry);
                } else if (call.kind().isVariance()) {
                    BigDecimal x = Accumulators.exact(call, value);
                    if (x == null) {
                        acc.nonFinite[c]++;
                        continue;
                    }
                    acc.values[c] = acc.values[c] == null ? x : ((BigDecimal) acc.values[c]).add(x);
                    acc.squares[c] = acc.squares[c] == null ? x.multiply(x) : acc.squares[c].add(x.multiply(x));
                } else {
                    acc.values[c] = accumulate(call, acc.values[c], value);
                }
            }
        }
        if (accumulators.isEmpty() && groups.length == 0) {
            accumulators.put(List.of(), new Accumulator(calls.size()));
        }
        for (Object[] fixed : fixedGroups) {
            Object[] key = new Object[fixed.length];
            for (int g = 0; g < key.length; g++) {
                key[g] = groupValue(fixed[g]);
            }
            accumulators.computeIfAbsent(Arrays.asList(key), k -> new Accumulator(calls.size()));
        }
        List<Object[]> out = new ArrayList<>(accumulators.size());
        for (Map.Entry<List<Object>, Accumulator> entry : accumulators.entrySet()) {
            Object[] row = new Object[groups.length + calls.size()];
            for (int g = 0; g < groups.length; g++) {
                Object key = entry.getKey().get(g);
                row[g] = key instanceof ByteArray bytes ? bytes.bytes() : key instanceof ArrayKey array ? array.array() : key;
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
        if (value instanceof List<?> array) {
            // Arrays group by their elements' values ({1.0} and {1.00} are one group).
            List<Object> elements = new ArrayList<>(array.size());
            for (Object element : array) {
                elements.add(groupValue(element));
            }
            return new ArrayKey(value, elements);
        }
        return value;
    }

    /** An array group key: equal by its normalized elements, output as the first array seen. */
    private record ArrayKey(Object array, List<Object> normalized) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ArrayKey other && normalized.equals(other.normalized);
        }

        @Override
        public int hashCode() {
            return normalized.hashCode();
        }
    }

    /**
     * array_agg over (order keys, value) entries, in the order of the keys, then of the value (NULL
     * last), as the incremental operator keeps them; DISTINCT keeps each value once.
     */
    private static List<Object> collect(AggCall call, List<Object[]> entries) {
        List<Object[]> sorted = new ArrayList<>(entries);
        int n = call.order().size();
        java.util.Comparator<Object[]> order = (a, b) -> {
            for (int k = 0; k <= n; k++) {
                DataType type = k < n ? call.order().get(k).type() : call.argumentType();
                boolean descending = k < n && call.order().get(k).descending();
                int c;
                if (a[k] == null || b[k] == null) {
                    c = a[k] == null ? (b[k] == null ? 0 : 1) : -1; // NULLs last ascending, first descending
                } else {
                    c = Values.compare(type, a[k], b[k]);
                }
                if (c != 0) {
                    return descending ? -c : c;
                }
            }
            return 0;
        };
        sorted.sort(order);
        List<Object> out = new ArrayList<>();
        Object[] previous = null;
        for (Object[] entry : sorted) {
            if (call.distinct() && previous != null && order.compare(previous, entry) == 0) {
                continue;
            }
            out.add(entry[n]);
            previous = entry;
        }
        return io.freshet.common.SqlArray.of(out);
    }

    /** string_agg over (order keys, value, delimiter) entries, in the order of the keys (then value). */
    private static String concatenate(AggCall call, List<Object[]> entries) {
        List<Object[]> sorted = new ArrayList<>(entries);
        int n = call.order().size();
        sorted.sort((a, b) -> {
            for (int k = 0; k < n; k++) {
                AggCall.OrderKey key = call.order().get(k);
                int c;
                if (a[k] == null || b[k] == null) {
                    c = a[k] == null ? (b[k] == null ? 0 : 1) : -1; // NULLs last ascending, first descending
                } else {
                    c = Values.compare(key.type(), a[k], b[k]);
                }
                if (c != 0) {
                    return key.descending() ? -c : c;
                }
            }
            int c = Values.compareUtf8((String) a[n], (String) b[n]);
            if (c != 0) {
                return c;
            }
            return a[n + 1] == null ? (b[n + 1] == null ? 0 : 1) : b[n + 1] == null ? -1 : Values.compareUtf8((String) a[n + 1], (String) b[n + 1]);
        });
        StringBuilder out = new StringBuilder();
        Object[] previous = null;
        for (Object[] entry : sorted) {
            if (call.distinct() && previous != null && Arrays.equals(previous, entry)) {
                continue;
            }
            if (previous != null && entry[n + 1] != null) {
                out.append((String) entry[n + 1]);
            }
            out.append((String) entry[n]);
            previous = entry;
        }
        return out.toString();
    }

    private static Object accumulate(AggCall call, Object current, Object value) {
        switch (call.kind()) {
            case COUNT:
                return null;
            case BOOL_AND:
            case BOOL_OR:
                return (current == null ? 0L : (Long) current) + (Boolean.TRUE.equals(value) ? 1 : 0);
            case MIN:
                return current == null || Values.compare(call.argumentType(), value, current) < 0 ? value : current;
            case MAX:
                return current == null || Values.compare(call.argumentType(), value, current) > 0 ? value : current;
            case SUM:
            case AVG:
                return Accumulators.accumulate(call, current, value, true);
            default:
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
            case BOOL_AND:
            case BOOL_OR:
                return Accumulators.bool(call, acc.counts[c], acc.values[c] == null ? 0 : (Long) acc.values[c]);
            case VAR_SAMP:
            case VAR_POP:
            case STDDEV_SAMP:
            case STDDEV_POP:
                return Accumulators.variance(call, acc.counts[c], acc.values[c] == null ? BigDecimal.ZERO : (BigDecimal) acc.values[c],
                        acc.squares[c] == null ? BigDecimal.ZERO : acc.squares[c], acc.nonFinite[c]);
            case STRING_AGG:
                return acc.entries[c] == null ? null : concatenate(call, acc.entries[c]);
            case ARRAY_AGG:
                return acc.entries[c] == null ? null : collect(call, acc.entries[c]);
        }
        throw new AssertionError(call);
    }
}
