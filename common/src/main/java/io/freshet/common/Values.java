package io.freshet.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Value rules shared by casts, inserts and parameters: fitting a value to a declared type. */
public final class Values {
    private Values() {
    }

    /** Rounds to the declared scale and checks the declared precision (22003 when it does not fit). */
    public static BigDecimal fitDecimal(BigDecimal value, DataType type) {
        if (type.precision() == DataType.UNBOUNDED) {
            return value;
        }
        BigDecimal scaled = value.setScale(type.scale(), RoundingMode.HALF_UP);
        if (scaled.precision() - scaled.scale() > type.precision() - type.scale()) {
            throw new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                    "numeric field overflow: a field with precision " + type.precision() + ", scale " + type.scale()
                            + " must round to an absolute value less than 10^" + (type.precision() - type.scale()));
        }
        return scaled;
    }

    /**
     * Checks a declared VARCHAR length: a longer value is 22001, unless all it has past the length
     * is spaces, which are cut off (as Postgres does when it stores a value).
     */
    public static String fitVarchar(String value, DataType type) {
        if (type.precision() == DataType.UNBOUNDED || value.length() <= type.precision()
                || value.codePointCount(0, value.length()) <= type.precision()) {
            return value;
        }
        int end = value.offsetByCodePoints(0, type.precision());
        for (int i = end; i < value.length(); i++) {
            if (value.charAt(i) != ' ') {
                throw new FreshetException(SqlState.STRING_DATA_RIGHT_TRUNCATION,
                        "value too long for type character varying(" + type.precision() + ")");
            }
        }
        return value.substring(0, end);
    }

    /** Compares two non-null values of the same type in SQL order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(DataType type, Object a, Object b) {
        switch (type.kind().physical()) {
            case BOOLEAN: return Boolean.compare((Boolean) a, (Boolean) b);
            case LONG: return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
            case DOUBLE: {
                double x = ((Number) a).doubleValue();
                double y = ((Number) b).doubleValue();
                // -0 equals 0 in SQL; Double.compare orders NaN last and equal to itself, as SQL does.
                return x == y ? 0 : Double.compare(x, y);
            }
            case DECIMAL: return ((BigDecimal) a).compareTo((BigDecimal) b);
            case BYTES:
                if (type.kind() == TypeKind.JSONB) {
                    return Jsonb.compare((String) a, (String) b);
                }
                if (a instanceof String) {
                    return compareUtf8((String) a, (String) b);
                }
                return java.util.Arrays.compareUnsigned((byte[]) a, (byte[]) b);
            case INTERVAL: return ((Interval) a).compareTo((Interval) b);
            case ARRAY: return SqlArray.compare(type, (java.util.List<?>) a, (java.util.List<?>) b);
        }
        throw new AssertionError(type);
    }

    /** Byte-wise UTF-8 order (Postgres's "C" collation), which equals code point order. */
    public static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
