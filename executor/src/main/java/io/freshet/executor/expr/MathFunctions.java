package io.freshet.executor.expr;

import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Postgres's math functions on non-null arguments. Double precision results follow the C library;
 * numeric results are exact and rounded as Postgres rounds them (half away from zero).
 */
public final class MathFunctions {
    private MathFunctions() {
    }

    /** round(double): to the nearest integer, ties to even (Postgres uses rint). */
    public static double round(double x) {
        return Math.rint(x);
    }

    /** round(numeric, s): half away from zero; a negative s rounds left of the point; the scale is max(s, 0). */
    public static BigDecimal round(BigDecimal x, long digits) {
        return rescale(x, digits, RoundingMode.HALF_UP);
    }

    public static double trunc(double x) {
        return x < 0 ? Math.ceil(x) : Math.floor(x);
    }

    public static BigDecimal trunc(BigDecimal x, long digits) {
        return rescale(x, digits, RoundingMode.DOWN);
    }

    private static BigDecimal rescale(BigDecimal x, long digits, RoundingMode mode) {
        int s = (int) Math.max(-1000, Math.min(1000, digits));
        BigDecimal r = x.setScale(s, mode);
        return s < 0 ? r.setScale(0, RoundingMode.UNNECESSARY) : r;
    }

    public static BigDecimal ceil(BigDecimal x) {
        return x.setScale(0, RoundingMode.CEILING);
    }

    public static BigDecimal floor(BigDecimal x) {
        return x.setScale(0, RoundingMode.FLOOR);
    }

    public static BigDecimal sign(BigDecimal x) {
        return BigDecimal.valueOf(x.signum());
    }

    public static double sqrt(double x) {
        if (x < 0) {
            throw new FreshetException(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION, "cannot take square root of a negative number");
        }
        return Math.sqrt(x);
    }

    /**
     * sqrt(numeric): Postgres keeps at least 16 significant digits: the result scale is 16 minus the
     * result's weight estimated in base-10000 digits, and at least the argument's scale.
     */
    public static BigDecimal sqrt(BigDecimal x) {
        if (x.signum() < 0) {
            throw new FreshetException(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION, "cannot take square root of a negative number");
        }
        int weight = x.signum() == 0 ? 0 : Math.floorDiv(x.precision() - x.scale() - 1, 4);
        int sweight = (weight + 1) * 4 / 2 - 1;
        int rscale = Math.min(1000, Math.max(0, Math.max(16 - sweight, x.scale())));
        if (x.signum() == 0) {
            return BigDecimal.ZERO.setScale(rscale);
        }
        int digitsBeforePoint = Math.max(1, x.precision() - x.scale());
        BigDecimal root = x.sqrt(new MathContext(digitsBeforePoint + rscale + 10, RoundingMode.DOWN));
        return root.setScale(rscale, RoundingMode.HALF_UP);
    }

    public static double cbrt(double x) {
        return Math.cbrt(x);
    }

    public static double ln(double x) {
        checkLog(x);
        return Math.log(x);
    }

    public static double log10(double x) {
        checkLog(x);
        return Math.log10(x);
    }

    private static void checkLog(double x) {
        if (x == 0) {
            throw new FreshetException(SqlState.INVALID_ARGUMENT_FOR_LOGARITHM, "cannot take logarithm of zero");
        }
        if (x < 0) {
            throw new FreshetException(SqlState.INVALID_ARGUMENT_FOR_LOGARITHM, "cannot take logarithm of a negative number");
        }
    }

    public static double exp(double x) {
        double r = Math.exp(x);
        if (Double.isInfinite(r) && !Double.isInfinite(x)) {
            throw new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
        }
        if (r == 0 && !Double.isInfinite(x)) {
            throw new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow");
        }
        return r;
    }

    public static double power(double x, double y) {
        if (x == 0 && y < 0) {
            throw new FreshetException(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION, "zero raised to a negative power is undefined");
        }
        if (x < 0 && y != Math.floor(y) && !Double.isInfinite(y)) {
            throw new FreshetException(SqlState.INVALID_ARGUMENT_FOR_POWER_FUNCTION,
                    "a negative number raised to a non-integer power yields a complex result");
        }
        double r = Math.pow(x, y);
        if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
            throw new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
        }
        return r;
    }

    public static double asin(double x) {
        checkUnit(x);
        return Math.asin(x);
    }

    public static double acos(double x) {
        checkUnit(x);
        return Math.acos(x);
    }

    private static void checkUnit(double x) {
        if (x < -1 || x > 1) {
            throw new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "input is out of range");
        }
    }

    public static double finite(double r) {
        if (Double.isInfinite(r)) {
            throw new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
        }
        return r;
    }
}
