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

    /** A non-null variance/stddev argument as an exact number (floats convert exactly); null for NaN and infinities. */
    public static BigDecimal exact(AggCall call, Object value) {
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof Integer i) {
            return BigDecimal.valueOf(i);
        }
        if (value instanceof Short s) {
            return BigDecimal.valueOf(s);
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        double d = ((Number) value).doubleValue();
        return Double.isFinite(d) ? new BigDecimal(d) : null;
    }

    /**
     * VAR_SAMP / VAR_POP / STDDEV_SAMP / STDDEV_POP of {@code n} values with exact sum {@code sumX}
     * and sum of squares {@code sumX2}: NULL for no values (or one, for the sample forms); numeric
     * with Postgres's scale for exact input, double precision for float input, NaN (as Postgres) when
     * {@code nonFinite} of the values are NaN or infinite and the sums hold only the others.
     */
    public static Object variance(AggCall call, long n, BigDecimal sumX, BigDecimal sumX2, long nonFinite) {
        AggCall.Kind kind = call.kind();
        boolean sample = kind == AggCall.Kind.VAR_SAMP || kind == AggCall.Kind.STDDEV_SAMP;
        boolean root = kind == AggCall.Kind.STDDEV_SAMP || kind == AggCall.Kind.STDDEV_POP;
        if (n == 0 || (sample && n == 1)) {
            return null;
        }
        BigDecimal count = BigDecimal.valueOf(n);
        BigDecimal numerator = count.multiply(sumX2).subtract(sumX.multiply(sumX));
        BigDecimal denominator = sample ? count.multiply(BigDecimal.valueOf(n - 1)) : count.multiply(count);
        boolean floating = call.accumulatorType().kind() == io.freshet.common.TypeKind.DOUBLE;
        if (floating && nonFinite > 0) {
            return Casts.cast(Double.NaN, DataType.DOUBLE, call.outputType());
        }
        if (floating) {
            if (numerator.signum() <= 0) {
                return Casts.cast(0.0, DataType.DOUBLE, call.outputType());
            }
            double v = numerator.divide(denominator, java.math.MathContext.DECIMAL128).doubleValue();
            return Casts.cast(root ? Math.sqrt(v) : v, DataType.DOUBLE, call.outputType());
        }
        if (numerator.signum() <= 0) {
            return BigDecimal.ZERO; // as Postgres, which also guards against a negative numerator
        }
        // Postgres computes the numerator at twice the inputs' display scale, then divides with its
        // usual division scale and takes the square root at that same scale.
        int inputScale = Math.max(sumX.scale(), 0);
        numerator = numerator.setScale(Math.max(numerator.scale(), 2 * inputScale));
        BigDecimal variance = PgNumeric.divide(numerator, denominator);
        if (!root) {
            return variance;
        }
        int scale = variance.scale();
        return variance.sqrt(new java.math.MathContext(variance.precision() + scale + 10))
                .setScale(scale, java.math.RoundingMode.HALF_UP);
    }

    /** BOOL_AND / BOOL_OR of {@code n} non-null values of which {@code trues} are true. */
    public static Boolean bool(AggCall call, long n, long trues) {
        if (n == 0) {
            return null;
        }
        return call.kind() == AggCall.Kind.BOOL_AND ? trues == n : trues > 0;
    }

    static boolean fitsLong(BigDecimal d) {
        return d.compareTo(LONG_MIN) >= 0 && d.compareTo(LONG_MAX) <= 0;
    }
}
