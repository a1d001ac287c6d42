package io.freshet.executor.expr;

import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Postgres's numeric division: the result keeps at least 16 significant digits. */
public final class PgNumeric {
    private static final int MIN_SIGNIFICANT_DIGITS = 16;

    private PgNumeric() {
    }

    public static BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw new FreshetException(SqlState.DIVISION_BY_ZERO, "division by zero");
        }
        int quotientWeight = weight(a) - weight(b);
        // When the leading digits are equal Postgres cannot tell, and assumes a < b.
        if (firstDigit(a) <= firstDigit(b)) {
            quotientWeight--;
        }
        int scale = MIN_SIGNIFICANT_DIGITS - quotientWeight * 4;
        scale = Math.max(scale, Math.max(Math.max(a.scale(), 0), Math.max(b.scale(), 0)));
        scale = Math.min(Math.max(scale, 0), 1000);
        return a.divide(b, scale, RoundingMode.HALF_UP);
    }

    /** Index of the leading base-10000 digit: 0 for 1..9999, 1 for 10000.., -1 for 0.0001..0.9999. */
    private static int weight(BigDecimal x) {
        if (x.signum() == 0) {
            return 0;
        }
        BigDecimal abs = x.abs().stripTrailingZeros();
        int exponent = abs.precision() - abs.scale() - 1; // decimal exponent of the leading digit
        return Math.floorDiv(exponent, 4);
    }

    /** The leading base-10000 digit's value. */
    private static int firstDigit(BigDecimal x) {
        if (x.signum() == 0) {
            return 0;
        }
        BigDecimal scaled = x.abs().movePointLeft(weight(x) * 4);
        return scaled.intValue();
    }
}
