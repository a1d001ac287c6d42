package io.freshet.executor.operator;

import io.freshet.common.DataType;
import io.freshet.common.Interval;
import io.freshet.executor.expr.Casts;
import io.freshet.executor.expr.PgNumeric;
import java.math.BigDecimal;

/**
 * The arithmetic of SUM and AVG, shared by streaming and batch aggregation so both give the same
 * values: integers add in a long while they fit and in exact numeric beyond (SUM(bigint) is
 * numeric), floats in a double, numerics exactly; AVG divides with Postgres's numeric scale.
 */
public final class Accumulators {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Accumulators() {
    }

    /**
     * Adds ({@code insert}) or retracts a non-null argument value to a running SUM/AVG total
     * ({@code null} when nothing was added yet); returns the new total.
     */
    public static Object accumulate(AggCall call, Object current, Object value, boolean insert) {
        DataType accumulator = call.accumulatorType();
        Object v = Casts.cast(value, call.argumentType(), accumulator);
        switch (accumulator.kind()) {
            case BIGINT: {
                long x = (Long) v;
                if (current == null || current instanceof Long) {
                    long a = current == null ? 0 : (Long) current;
                    try {
                        return insert ? Math.addExact(a, x) : Math.subtractExact(a, x);
                    } catch (ArithmeticException overflow) {
                        current = BigDecimal.valueOf(a);
                    }
                }
                BigDecimal sum = insert ? ((BigDecimal) current).add(BigDecimal.valueOf(x))
                        : ((BigDecimal) current).subtract(BigDecimal.valueOf(x));
                return fitsLong(sum) ? (Object) sum.longValueExact() : sum;
            }
            case DOUBLE: {
                double a = current == null ? 0 : (Double) current;
                return insert ? a + (Double) v : a - (Double) v;
            }
            case INTERVAL: {
                Interval a = current == null ? Interval.ZERO : (Interval) current;
                return insert ? a.plus((Interval) v) : a.plus(((Interval) v).negate());
            }
            default: {
                BigDecimal a = current == null ? BigDecimal.ZERO : (BigDecimal) current;
                return insert ? a.add((BigDecimal) v) : a.subtract((BigDecimal) v);
            }
        }
    }

    /** SUM's value of a non-empty total, in the call's output type (throws when it does not fit). */
    public static Object sum(AggCall call, Object total) {
        return Casts.cast(total, total instanceof BigDecimal ? DataType.DECIMAL : call.accumulatorType(), call.outputType());
    }

    /** AVG's value of a total over {@code count} non-null values ({@code count} &gt; 0). */
    public static Object average(AggCall call, Object total, long count) {
        switch (call.accumulatorType().kind()) {
            case DOUBLE:
                return Casts.cast((Double) total / count, DataType.DOUBLE, call.outputType());
            case INTERVAL:
                return total; // AVG(interval) is refused by the planners; kept as the sum
            default: {
                BigDecimal sum = total instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) total;
                return PgNumeric.divide(sum, BigDecimal.valueOf(count));
            }
        }
    }

    static boolean fitsLong(BigDecimal d) {
        return d.compareTo(LONG_MIN) >= 0 && d.compareTo(LONG_MAX) <= 0;
    }
}
