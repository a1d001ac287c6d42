package io.freshet.planner;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.RowFunction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** Row-at-a-time implementations of scalar functions, by Postgres name. */
final class ScalarFunctions {
    private ScalarFunctions() {
    }

    static boolean isStrict(String name) {
        return !name.equals("concat") && !name.equals("||");
    }

    /** The body for {@code name} over these arguments, or null when Freshet does not have it. */
    static RowFunction.Body lookup(String name, List<Expression> args, DataType type) {
        switch (name) {
            case "lower": return a -> ((String) a[0]).toLowerCase(Locale.ROOT);
            case "upper": return a -> ((String) a[0]).toUpperCase(Locale.ROOT);
            case "char_length":
            case "character_length":
            case "length": return a -> (long) ((String) a[0]).codePointCount(0, ((String) a[0]).length());
            case "||":
                return a -> a[0] == null || a[1] == null ? null : text(a[0], args.get(0)) + text(a[1], args.get(1));
            case "concat":
                return a -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < a.length; i++) {
                        if (a[i] != null) {
                            sb.append(text(a[i], args.get(i)));
                        }
                    }
                    return sb.toString();
                };
            case "abs":
                return a -> {
                    Object v = a[0];
                    if (v instanceof Long l) {
                        if (l == Long.MIN_VALUE) {
                            throw new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range");
                        }
                        return Math.abs(l);
                    }
                    if (v instanceof Double d) {
                        return Math.abs(d);
                    }
                    return ((BigDecimal) v).abs();
                };
            case "round":
                return a -> {
                    int digits = a.length > 1 ? ((Number) a[1]).intValue() : 0;
                    if (a[0] instanceof Double d) {
                        return BigDecimal.valueOf(d).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
                    }
                    if (a[0] instanceof Long l) {
                        return l;
                    }
                    return ((BigDecimal) a[0]).setScale(digits, RoundingMode.HALF_UP);
                };
            case "floor":
                return a -> a[0] instanceof Double d ? Math.floor(d)
                        : a[0] instanceof Long ? a[0] : ((BigDecimal) a[0]).setScale(0, RoundingMode.FLOOR);
            case "ceil":
            case "ceiling":
                return a -> a[0] instanceof Double d ? Math.ceil(d)
                        : a[0] instanceof Long ? a[0] : ((BigDecimal) a[0]).setScale(0, RoundingMode.CEILING);
            default:
                return null;
        }
    }

    private static String text(Object value, Expression arg) {
        return value instanceof String s ? s : io.freshet.common.TextFormat.format(arg.type(), value);
    }
}
