package io.freshet.executor.operator;

import io.freshet.common.DataType;
import io.freshet.common.TypeKind;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One aggregate of a {@link HashAggOperator}: its kind, the input column it reads (-1 for
 * COUNT(*)), and the input and output types (the planner decides output types with Postgres's
 * rules: SUM(integer) is bigint, SUM(bigint) and AVG of integers are numeric).
 *
 * <p>{@code filter} is the boolean input column of FILTER (WHERE ...) or -1; {@code distinct} makes
 * the aggregate see each distinct non-null argument value once; {@code delimiter} is string_agg's
 * delimiter column (else -1) and {@code order} the ORDER BY keys of string_agg and array_agg.
 */
public record AggCall(Kind kind, int argument, DataType argumentType, DataType outputType, int filter, boolean distinct,
                      int delimiter, List<OrderKey> order) {
    public enum Kind {
        COUNT_STAR, COUNT, SUM, AVG, MIN, MAX, STRING_AGG, ARRAY_AGG, BOOL_AND, BOOL_OR, VAR_SAMP, VAR_POP, STDDEV_SAMP, STDDEV_POP;

        /** The variance family: keeps an exact sum and sum of squares. */
        public boolean isVariance() {
            return this == VAR_SAMP || this == VAR_POP || this == STDDEV_SAMP || this == STDDEV_POP;
        }
    }

    /** One ORDER BY key of an ordered aggregate; NULLs sort as Postgres's default (last ascending, first descending). */
    public record OrderKey(int column, DataType type, boolean descending) {
        @Override
        public String toString() {
            return "$" + column + (descending ? " desc" : "");
        }
    }

    /** An aggregate without FILTER. */
    public AggCall(Kind kind, int argument, DataType argumentType, DataType outputType) {
        this(kind, argument, argumentType, outputType, -1);
    }

    public AggCall(Kind kind, int argument, DataType argumentType, DataType outputType, int filter) {
        this(kind, argument, argumentType, outputType, filter, false, -1, List.of());
    }

    public AggCall {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(outputType, "outputType is null");
        order = List.copyOf(order);
        if (kind != Kind.COUNT_STAR && (argument < 0 || argumentType == null)) {
            throw new IllegalArgumentException(kind + " needs an argument");
        }
        if (kind == Kind.STRING_AGG && delimiter < 0) {
            throw new IllegalArgumentException("string_agg needs a delimiter");
        }
    }

    /** The type in which SUM and AVG accumulate: bigint for integers, double for floats, else numeric. */
    public DataType accumulatorType() {
        if (argumentType == null) {
            return DataType.BIGINT;
        }
        TypeKind k = argumentType.kind();
        if (k.isIntegral()) {
            return DataType.BIGINT;
        }
        if (k == TypeKind.REAL || k == TypeKind.DOUBLE) {
            return DataType.DOUBLE;
        }
        if (k == TypeKind.INTERVAL) {
            return DataType.INTERVAL;
        }
        return DataType.DECIMAL;
    }

    public boolean isExtreme() {
        return kind == Kind.MIN || kind == Kind.MAX;
    }

    /** Whether the aggregate's input values are kept in an ordered multiset state table. */
    public boolean keepsValues() {
        return isExtreme() || isOrderedCollection();
    }

    /** string_agg and array_agg: every input value is kept with its ORDER BY keys. */
    public boolean isOrderedCollection() {
        return kind == Kind.STRING_AGG || kind == Kind.ARRAY_AGG;
    }

    /** Whether NULL arguments take part (array_agg keeps them as NULL elements). */
    public boolean takesNulls() {
        return kind == Kind.ARRAY_AGG;
    }

    /** Whether the aggregate keeps a per-(group, value) multiplicity table to see each value once. */
    public boolean keepsDistinctValues() {
        return distinct && !keepsValues();
    }

    @Override
    public String toString() {
        String name = kind == Kind.COUNT_STAR ? "count" : kind.name().toLowerCase(Locale.ROOT);
        StringBuilder s = new StringBuilder(name).append('(');
        if (distinct) {
            s.append("distinct ");
        }
        s.append(kind == Kind.COUNT_STAR ? "*" : "$" + argument);
        if (delimiter >= 0) {
            s.append(", $").append(delimiter);
        }
        if (!order.isEmpty()) {
            s.append(" order by ");
            for (int i = 0; i < order.size(); i++) {
                s.append(i == 0 ? "" : ", ").append(order.get(i));
            }
        }
        s.append(')');
        return s + (filter >= 0 ? " filter $" + filter : "");
    }
}
