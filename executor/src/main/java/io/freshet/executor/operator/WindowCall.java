package io.freshet.executor.operator;

import io.freshet.common.DataType;
import java.util.Locale;
import java.util.Objects;

/**
 * One function of an OVER window: its kind, the input column it reads (-1 for none), the
 * result type, and for LAG/LEAD the offset and the default (a constant, or the input column
 * {@code defaultColumn} when that is not -1). Aggregates use {@link #aggregate()} for their
 * arithmetic, shared with GROUP BY.
 */
public record WindowCall(Kind kind, int argument, DataType argumentType, DataType outputType, long offset,
                         Object defaultValue, int defaultColumn) {
    public enum Kind { ROW_NUMBER, RANK, DENSE_RANK, LAG, LEAD, FIRST_VALUE, LAST_VALUE, COUNT_STAR, COUNT, SUM, SUM0, AVG, MIN, MAX }

    public WindowCall {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(outputType, "outputType is null");
    }

    public static WindowCall of(Kind kind, int argument, DataType argumentType, DataType outputType) {
        return new WindowCall(kind, argument, argumentType, outputType, 0, null, -1);
    }

    /** The frame-independent functions: ranks and LAG/LEAD. */
    public boolean ignoresFrame() {
        return switch (kind) {
            case ROW_NUMBER, RANK, DENSE_RANK, LAG, LEAD -> true;
            default -> false;
        };
    }

    /** The accumulator of an aggregate kind (SUM0 accumulates as SUM). */
    AggCall aggregate() {
        return switch (kind) {
            case COUNT_STAR -> new AggCall(AggCall.Kind.COUNT_STAR, -1, null, outputType);
            case COUNT -> new AggCall(AggCall.Kind.COUNT, argument, argumentType, outputType);
            case SUM, SUM0 -> new AggCall(AggCall.Kind.SUM, argument, argumentType, outputType);
            case AVG -> new AggCall(AggCall.Kind.AVG, argument, argumentType, outputType);
            case MIN -> new AggCall(AggCall.Kind.MIN, argument, argumentType, outputType);
            case MAX -> new AggCall(AggCall.Kind.MAX, argument, argumentType, outputType);
            default -> throw new IllegalStateException(kind + " is not an aggregate");
        };
    }

    @Override
    public String toString() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        String args = kind == Kind.COUNT_STAR ? "*" : argument < 0 ? "" : "$" + argument;
        if (kind == Kind.LAG || kind == Kind.LEAD) {
            args += ", " + offset + ", " + (defaultColumn >= 0 ? "$" + defaultColumn : String.valueOf(defaultValue));
        }
        return (kind == Kind.COUNT_STAR ? "count" : name) + "(" + args + ")";
    }
}
