package io.freshet.executor.expr;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.Interval;
import io.freshet.common.SqlState;
import io.freshet.common.TextFormat;
import io.freshet.common.TypeKind;
import io.freshet.common.Values;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;

/** Conversions between SQL types with Postgres's rules (rounding, range checks, text forms). */
public final class Casts {
    private Casts() {
    }

    /** Casts a non-null Java value of {@code from} to {@code to}. */
    public static Object cast(Object value, DataType from, DataType to) {
        if (value == null) {
            return null;
        }
        TypeKind target = to.kind();
        if (from.kind() == TypeKind.VARCHAR && target != TypeKind.VARCHAR) {
            return TextFormat.parse(to, (String) value, ZoneOffset.UTC);
        }
        switch (target) {
            case VARCHAR:
                if (from.kind() == TypeKind.BOOLEAN) {
                    return Values.fitVarchar((Boolean) value ? "true" : "false", to);
                }
                return Values.fitVarchar(from.kind() == TypeKind.VARCHAR ? (String) value : TextFormat.format(from, value), to);
            case BOOLEAN:
                if (from.kind() == TypeKind.BOOLEAN) {
                    return value;
                }
                if (from.kind().isIntegral()) {
                    return ((Long) value) != 0;
                }
                break;
            case SMALLINT:
                return checkRange(toLongRounded(value, from), Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
            case INTEGER:
                if (from.kind() == TypeKind.BOOLEAN) {
                    return (Boolean) value ? 1L : 0L;
                }
                return checkRange(toLongRounded(value, from), Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
            case BIGINT:
                return toLongRounded(value, from);
            case REAL: {
                double d = toDouble(value, from);
                float f = (float) d;
                if (Float.isInfinite(f) && !Double.isInfinite(d)) {
                    throw outOfRange("real");
                }
                return (double) f;
            }
            case DOUBLE:
                return toDouble(value, from);
            case DECIMAL:
                return Values.fitDecimal(toDecimal(value, from), to);
            case BYTEA:
                if (from.kind() == TypeKind.BYTEA) {
                    return value;
                }
                break;
            case DATE:
                if (from.kind() == TypeKind.DATE) {
                    return value;
                }
                if (from.kind() == TypeKind.TIMESTAMP || from.kind() == TypeKind.TIMESTAMPTZ) {
                    return Math.floorDiv((Long) value, Interval.MICROS_PER_DAY);
                }
                break;
            case TIME:
                if (from.kind() == TypeKind.TIME) {
                    return value;
                }
                if (from.kind() == TypeKind.TIMESTAMP || from.kind() == TypeKind.TIMESTAMPTZ) {
                    return Math.floorMod((Long) value, Interval.MICROS_PER_DAY);
                }
                break;
            case TIMESTAMP:
            case TIMESTAMPTZ:
                if (from.kind() == TypeKind.TIMESTAMP || from.kind() == TypeKind.TIMESTAMPTZ) {
                    return value; // the session zone is UTC on the streaming path
                }
                if (from.kind() == TypeKind.DATE) {
                    return (Long) value * Interval.MICROS_PER_DAY;
                }
                break;
            case INTERVAL:
                if (from.kind() == TypeKind.INTERVAL) {
                    return value;
                }
                break;
            case ARRAY:
                if (from.kind() == TypeKind.ARRAY) {
                    java.util.List<Object> out = new java.util.ArrayList<>();
                    for (Object element : (java.util.List<?>) value) {
                        out.add(cast(element, from.element(), to.element()));
                    }
                    return io.freshet.common.SqlArray.of(out);
                }
                break;
        }
        throw new FreshetException(SqlState.DATATYPE_MISMATCH,
                "cannot cast type " + from.sqlName() + " to " + to.sqlName());
    }

    private static FreshetException outOfRange(String type) {
        return new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, type + " out of range");
    }

    private static long checkRange(long v, long min, long max, String type) {
        if (v < min || v > max) {
            throw outOfRange(type);
        }
        return v;
    }

    static long toLongRounded(Object value, DataType from) {
        switch (from.kind().physical()) {
            case LONG:
                return (Long) value;
            case DOUBLE: {
                double d = (Double) value;
                double r = Math.rint(d);
                if (Double.isNaN(d) || r < -9.223372036854776E18 || r >= 9.223372036854776E18) {
                    throw outOfRange("bigint");
                }
                return (long) r;
            }
            case DECIMAL: {
                BigDecimal r = ((BigDecimal) value).setScale(0, RoundingMode.HALF_UP);
                try {
                    return r.longValueExact();
                } catch (ArithmeticException e) {
                    throw outOfRange("bigint");
                }
            }
            case BOOLEAN:
                return (Boolean) value ? 1 : 0;
            default:
                throw new FreshetException(SqlState.DATATYPE_MISMATCH, "cannot cast type " + from.sqlName() + " to bigint");
        }
    }

    static double toDouble(Object value, DataType from) {
        switch (from.kind().physical()) {
            case LONG: return (Long) value;
            case DOUBLE: return (Double) value;
            case DECIMAL: return ((BigDecimal) value).doubleValue();
            default:
                throw new FreshetException(SqlState.DATATYPE_MISMATCH,
                        "cannot cast type " + from.sqlName() + " to double precision");
        }
    }

    static BigDecimal toDecimal(Object value, DataType from) {
        switch (from.kind().physical()) {
            case LONG: return BigDecimal.valueOf((Long) value);
            case DOUBLE: {
                double d = (Double) value;
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "cannot convert " + d + " to numeric");
                }
                return new BigDecimal(TextFormat.formatDouble(d));
            }
            case DECIMAL: return (BigDecimal) value;
            default:
                throw new FreshetException(SqlState.DATATYPE_MISMATCH, "cannot cast type " + from.sqlName() + " to numeric");
        }
    }
}
