package io.freshet.executor.operator;

import io.freshet.common.DataType;
import io.freshet.common.TypeKind;
import java.util.Objects;

/**
 * One aggregate of a {@link HashAggOperator}: its kind, the input column it reads (-1 for
 * COUNT(*)), and the input and output types (the planner decides output types with Postgres's
 * rules: SUM(integer) is bigint, SUM(bigint) and AVG of integers are numeric).
 */
public record AggCall(Kind kind, int argument, DataType argumentType, DataType outputType, int filter) {
    public enum Kind { COUNT_STAR, COUNT, SUM, AVG, MIN, MAX }

    /** An aggregate without FILTER. */
    public AggCall(Kind kind, int argument, DataType argumentType, DataType outputType) {
        this(kind, argument, argumentType, outputType, -1);
    }

    public AggCall {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(outputType, "outputType is null");
        if (kind != Kind.COUNT_STAR && (argument < 0 || argumentType == null)) {
            throw new IllegalArgumentException(kind + " needs an argument");
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

    @Override
    public String toString() {
        String name = kind == Kind.COUNT_STAR ? "count" : kind.name().toLowerCase(java.util.Locale.ROOT);
        return name + "(" + (kind == Kind.COUNT_STAR ? "*" : "$" + argument) + ")" + (filter >= 0 ? " filter $" + filter : "");
    }
}
