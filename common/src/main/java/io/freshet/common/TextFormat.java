package io.freshet.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Postgres's text representation of every type: what {@code psql} prints and what a text-format
 * parameter or a string cast accepts. Time zone dependent forms take the session's zone.
 */
public final class TextFormat {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TextFormat() {
    }

    /** Formats a Java value of {@code type} (see {@link TypeKind}) in Postgres's output format. */
    public static String format(DataType type, Object value, ZoneId zone) {
        if (value == null) {
            return null;
        }
        switch (type.kind()) {
            case BOOLEAN: return (Boolean) value ? "t" : "f";
            case SMALLINT:
            case INTEGER:
            case BIGINT: return Long.toString(((Number) value).longValue());
            case REAL: return formatFloat(((Number) value).floatValue());
            case DOUBLE: return formatDouble(((Number) value).doubleValue());
            case DECIMAL: return ((BigDecimal) value).toPlainString();
            case VARCHAR: return (String) value;
            case BYTEA: return formatBytea((byte[]) value);
            case DATE: return formatDate(((Number) value).longValue());
            case TIME: return formatTime(((Number) value).longValue());
            case TIMESTAMP: return formatTimestamp(((Number) value).longValue());
            case TIMESTAMPTZ: return formatTimestampTz(((Number) value).longValue(), zone);
            case INTERVAL: return formatInterval((Interval) value);
            case JSONB: return (String) value;
            case ARRAY: return SqlArray.format(type, (java.util.List<?>) value, zone);
        }
        throw new AssertionError(type);
    }

    public static String format(DataType type, Object value) {
        return format(type, value, ZoneOffset.UTC);
    }

    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        return shortest(shortestDecimal(new BigDecimal(d), Double.toString(d), false), 15);
    }

    public static String formatFloat(float f) {
        if (Float.isNaN(f)) {
            return "NaN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "Infinity" : "-Infinity";
        }
        if (f == 0) {
            return (1 / f < 0) ? "-0" : "0";
        }
        return shortest(shortestDecimal(new BigDecimal(f), Float.toString(f), true), 6);
    }

    /**
     * The fewest digits that read back as the same value, the closest such decimal when several
     * qualify (what Postgres's Ryu output prints). {@code Double.toString} and {@code Float.toString}
     * before JDK 19 sometimes print a digit more, or a farther neighbour; they seed the search.
     */
    private static BigDecimal shortestDecimal(BigDecimal exact, String javaText, boolean isFloat) {
        BigDecimal best = new BigDecimal(javaText);
        for (int digits = best.stripTrailingZeros().precision(); digits >= 1; digits--) {
            BigDecimal candidate = exact.round(new java.math.MathContext(digits, RoundingMode.HALF_EVEN));
            boolean readsBack = isFloat
                    ? candidate.floatValue() == exact.floatValue()
                    : candidate.doubleValue() == exact.doubleValue();
            if (!readsBack) {
                break;
            }
            best = candidate;
        }
        return best;
    }

    /** Shortest round-trip digits in %g style: exponent form when exp &lt; -4 or exp &gt;= digits. */
    private static String shortest(BigDecimal value, int maxFixedExponent) {
        BigDecimal stripped = value.stripTrailingZeros();
        int exponent = stripped.precision() - stripped.scale() - 1;
        if (exponent < -4 || exponent >= maxFixedExponent) {
            String digits = stripped.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (stripped.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            sb.append(abs);
            return sb.toString();
        }
        return stripped.toPlainString();
    }

    public static String formatBytea(byte[] bytes) {
        StringBuilder sb = new StringBuilder(2 + bytes.length * 2).append("\\x");
        for (byte b : bytes) {
            sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return sb.toString();
    }

    public static String formatDate(long epochDay) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        return formatDatePart(date);
    }

    private static String formatDatePart(LocalDate date) {
        int year = date.getYear();
        boolean bc = year <= 0;
        int shown = bc ? 1 - year : year;
        String text = String.format(Locale.ROOT, "%04d-%02d-%02d", shown, date.getMonthValue(), date.getDayOfMonth());
        return bc ? text + " BC" : text;
    }

    public static String formatTime(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long fraction = Math.floorMod(micros, 1_000_000L);
        String text = String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
        return text + fraction(fraction);
    }

    private static String fraction(long micros) {
        if (micros == 0) {
            return "";
        }
        String digits = String.format(Locale.ROOT, "%06d", micros);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return "." + digits.substring(0, end);
    }

    public static String formatTimestamp(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long fraction = Math.floorMod(micros, 1_000_000L);
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        return formatDateTime(time, fraction, null);
    }

    public static String formatTimestampTz(long micros, ZoneId zone) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long fraction = Math.floorMod(micros, 1_000_000L);
        ZonedDateTime time = java.time.Instant.ofEpochSecond(seconds).atZone(zone);
        return formatDateTime(time.toLocalDateTime(), fraction, time.getOffset());
    }

    private static String formatDateTime(LocalDateTime time, long fraction, ZoneOffset offset) {
        LocalDate date = time.toLocalDate();
        boolean bc = date.getYear() <= 0;
        String datePart = formatDatePart(date);
        if (bc) {
            datePart = datePart.substring(0, datePart.length() - 3);
        }
        StringBuilder sb = new StringBuilder(datePart).append(' ')
                .append(String.format(Locale.ROOT, "%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond()))
                .append(fraction(fraction));
        if (offset != null) {
            int total = offset.getTotalSeconds();
            sb.append(total < 0 ? '-' : '+');
            total = Math.abs(total);
            sb.append(String.format(Locale.ROOT, "%02d", total / 3600));
            if (total % 3600 != 0) {
                sb.append(String.format(Locale.ROOT, ":%02d", (total / 60) % 60));
                if (total % 60 != 0) {
                    sb.append(String.format(Locale.ROOT, ":%02d", total % 60));
                }
            }
        }
        if (bc) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    /** Postgres's {@code IntervalStyle = postgres} output, e.g. {@code 1 year 2 mons 3 days 04:05:06.5}. */
    public static String formatInterval(Interval interval) {
        StringBuilder sb = new StringBuilder();
        int years = interval.months() / 12;
        int months = interval.months() % 12;
        // As Postgres: a positive field right after a negative one is written with a '+'.
        boolean afterNegative = appendUnit(sb, years, "year", false);
        afterNegative = appendUnit(sb, months, "mon", afterNegative);
        afterNegative = appendUnit(sb, interval.days(), "day", afterNegative);
        long micros = interval.micros();
        if (micros != 0 || sb.length() == 0) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            boolean negative = micros < 0;
            long abs = Math.abs(micros);
            if (negative) {
                sb.append('-');
            } else if (afterNegative) {
                sb.append('+');
            }
            long seconds = abs / 1_000_000L;
            sb.append(String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60));
            sb.append(fraction(abs % 1_000_000L));
        }
        return sb.toString();
    }

    /** Appends a nonzero field; returns whether the next field follows a negative one. */
    private static boolean appendUnit(StringBuilder sb, int amount, String unit, boolean afterNegative) {
        if (amount == 0) {
            return afterNegative;
        }
        if (sb.length() > 0) {
            sb.append(' ');
        }
        if (afterNegative && amount > 0) {
            sb.append('+');
        }
        sb.append(amount).append(' ').append(unit);
        if (amount != 1) {
            sb.append('s'); // Postgres writes "-1 days"
        }
        return amount < 0;
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Parses Postgres's text input form of {@code type}; throws {@link FreshetException} with
     * 22P02 (22007 for date/time and interval text), 22001, 22003 or 22008 when the text is not a
     * valid value.
     */
    public static Object parse(DataType type, String text, ZoneId zone) {
        String trimmed = text.trim();
        switch (type.kind()) {
            case BOOLEAN: return parseBoolean(trimmed);
            case SMALLINT: return parseIntegral(trimmed, type, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER: return parseIntegral(trimmed, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT: return parseIntegral(trimmed, type, Long.MIN_VALUE, Long.MAX_VALUE);
            case REAL: return (double) (float) parseDouble(trimmed, type);
            case DOUBLE: return parseDouble(trimmed, type);
            case DECIMAL: return Values.fitDecimal(parseDecimal(trimmed, type), type);
            case VARCHAR: return Values.fitVarchar(text, type);
            case BYTEA: return parseBytea(text);
            case DATE: return parseDate(trimmed);
            case TIME: return parseTime(trimmed);
            case TIMESTAMP: return parseTimestamp(trimmed);
            case TIMESTAMPTZ: return parseTimestampTz(trimmed, zone);
            case INTERVAL: return IntervalParser.parse(trimmed);
            case JSONB: return Jsonb.normalize(text);
            case ARRAY: return SqlArray.parse(type, text, zone);
        }
        throw new AssertionError(type);
    }

    public static Object parse(DataType type, String text) {
        return parse(type, text, ZoneOffset.UTC);
    }

    static FreshetException invalid(DataType type, String text) {
        // Postgres reports malformed date/time and interval text as 22007, other types as 22P02.
        boolean datetime = switch (type.kind()) {
            case DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL -> true;
            case BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, VARCHAR, BYTEA, JSONB, ARRAY -> false;
        };
        return new FreshetException(datetime ? SqlState.INVALID_DATETIME_FORMAT : SqlState.INVALID_TEXT_REPRESENTATION,
                "invalid input syntax for type " + type.sqlName() + ": \"" + text + "\"");
    }

    private static Boolean parseBoolean(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            // Postgres also takes any prefix of true/false/yes/no, and "of" for off.
            case "t": case "tr": case "tru": case "true": case "y": case "ye": case "yes": case "on": case "1":
                return Boolean.TRUE;
            case "f": case "fa": case "fal": case "fals": case "false": case "n": case "no": case "of": case "off": case "0":
                return Boolean.FALSE;
            default: throw invalid(DataType.BOOLEAN, text);
        }
    }

    /** The shape of a decimal number's text (digits, an optional point, an optional exponent). */
    private static final java.util.regex.Pattern DECIMAL_SHAPE =
            java.util.regex.Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /** Whether {@code text} is an optional sign followed by one or more ASCII digits. */
    private static boolean isAsciiInteger(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        if (start == text.length()) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Long parseIntegral(String text, DataType type, long min, long max) {
        // The shape check comes first: Long.parseLong also takes non-ASCII digits.
        if (!isAsciiInteger(text)) {
            throw invalid(type, text);
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw outOfRange(text, type);
        }
        if (value < min || value > max) {
            throw outOfRange(text, type);
        }
        return value;
    }

    private static FreshetException outOfRange(String text, DataType type) {
        return new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                "value \"" + text + "\" is out of range for type " + type.sqlName());
    }

    private static double parseDouble(String text, DataType type) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "nan": return Double.NaN;
            case "infinity": case "+infinity": case "inf": case "+inf": return Double.POSITIVE_INFINITY;
            case "-infinity": case "-inf": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        if (!DECIMAL_SHAPE.matcher(text).matches()) {
            throw invalid(type, text);
        }
        // A REAL is read straight to float: through double it could round twice.
        double value = type.kind() == TypeKind.REAL ? Float.parseFloat(text) : Double.parseDouble(text);
        if (Double.isInfinite(value) || (type.kind() == TypeKind.REAL && Float.isInfinite((float) value))) {
            throw outOfRange(text, type);
        }
        return value;
    }

    private static BigDecimal parseDecimal(String text, DataType type) {
        if (!DECIMAL_SHAPE.matcher(text).matches()) {
            throw invalid(DataType.DECIMAL, text); // Postgres names the type "numeric", without the typmod
        }
        return new BigDecimal(text);
    }

    private static byte[] parseBytea(String text) {
        if (text.startsWith("\\x")) {
            String hex = text.substring(2);
            if (hex.length() % 2 != 0) {
                throw invalid(DataType.BYTEA, text);
            }
            byte[] out = new byte[hex.length() / 2];
            for (int i = 0; i < out.length; i++) {
                int hi = Character.digit(hex.charAt(2 * i), 16);
                int lo = Character.digit(hex.charAt(2 * i + 1), 16);
                if (hi < 0 || lo < 0) {
                    throw invalid(DataType.BYTEA, text);
                }
                out[i] = (byte) (hi << 4 | lo);
            }
            return out;
        }
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public static long parseDate(String text) {
        long fast = IsoDateTime.date(text);
        return fast != IsoDateTime.NOT_FAST ? fast : parseDateGeneral(text);
    }

    /** {@link #parseDate} without the fast path for ISO text. */
    static long parseDateGeneral(String text) {
        // The timestamp shape, as Postgres: years past 9999 (which formatDate prints), BC, a time part to drop.
        return ParsedDateTime.parse(text, DataType.DATE).local().toLocalDate().toEpochDay();
    }

    private static FreshetException dateError(DataType type, String text) {
        if (text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}.*")) {
            return new FreshetException(SqlState.DATETIME_FIELD_OVERFLOW,
                    "date/time field value out of range: \"" + text + "\"");
        }
        return invalid(type, text);
    }

    public static long parseTime(String text) {
        // A time with a zone (pgjdbc's setTime sends "10:15:00+01") keeps its local part, as Postgres does.
        String local = text.replaceFirst("\\s*(Z|[+-]\\d{1,2}(:?\\d{2})?)$", "");
        try {
            LocalTime time = LocalTime.parse(local.length() == 5 ? local + ":00" : local);
            return time.toNanoOfDay() / 1000L;
        } catch (java.time.DateTimeException e) {
            throw invalid(DataType.TIME, text);
        }
    }

    public static long parseTimestamp(String text) {
        long fast = IsoDateTime.timestamp(text);
        return fast != IsoDateTime.NOT_FAST ? fast : parseTimestampGeneral(text);
    }

    /** {@link #parseTimestamp} without the fast path for ISO text. */
    static long parseTimestampGeneral(String text) {
        ParsedDateTime parsed = ParsedDateTime.parse(text, DataType.TIMESTAMP);
        return parsed.localMicros();
    }

    public static long parseTimestampTz(String text, ZoneId zone) {
        long fast = IsoDateTime.timestampTz(text, zone);
        return fast != IsoDateTime.NOT_FAST ? fast : parseTimestampTzGeneral(text, zone);
    }

    /** {@link #parseTimestampTz} without the fast path for ISO text. */
    static long parseTimestampTzGeneral(String text, ZoneId zone) {
        ParsedDateTime parsed = ParsedDateTime.parse(text, DataType.TIMESTAMPTZ);
        if (parsed.offset() != null) {
            return parsed.localMicros() - parsed.offset().getTotalSeconds() * 1_000_000L;
        }
        LocalDateTime local = parsed.local();
        long epochSecond = local.atZone(zone).toEpochSecond();
        return epochSecond * 1_000_000L + parsed.local().getNano() / 1000L;
    }

    /** A date-time text split into its local part and an optional explicit offset. */
    private record ParsedDateTime(LocalDateTime local, ZoneOffset offset) {
        private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile(
                "(\\d{4,})-(\\d{1,2})-(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?"
                        + "\\s*(Z|UTC|[+-]\\d{1,2}(?::?\\d{2})?)?(\\s+BC)?",
                java.util.regex.Pattern.CASE_INSENSITIVE);

        static ParsedDateTime parse(String text, DataType type) {
            java.util.regex.Matcher m = SHAPE.matcher(text);
            if (!m.matches()) {
                throw invalid(type, text);
            }
            try {
                int year = Integer.parseInt(m.group(1));
                if (m.group(9) != null) {
                    year = 1 - year;
                }
                int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
                int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
                int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
                long nanos = 0;
                if (m.group(7) != null) {
                    String digits = (m.group(7) + "000000000").substring(0, 9);
                    // Postgres keeps microseconds, rounding half up; .9999995 carries into the next second.
                    nanos = Math.round(Integer.parseInt(digits) / 1000.0) * 1000L;
                }
                LocalDateTime local = LocalDateTime.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        hour, minute, second).plusNanos(nanos);
                ZoneOffset offset = null;
                String zone = m.group(8);
                if (zone != null) {
                    offset = zone.equalsIgnoreCase("Z") || zone.equalsIgnoreCase("UTC")
                            ? ZoneOffset.UTC : parseOffset(zone);
                }
                return new ParsedDateTime(local, offset);
            } catch (java.time.DateTimeException | NumberFormatException e) { // NumberFormatException: a year past int
                throw dateError(type, text);
            }
        }

        private static ZoneOffset parseOffset(String zone) {
            String digits = zone.substring(1).replace(":", "");
            int hours;
            int minutes = 0;
            if (digits.length() <= 2) {
                hours = Integer.parseInt(digits);
            } else {
                hours = Integer.parseInt(digits.substring(0, digits.length() - 2));
                minutes = Integer.parseInt(digits.substring(digits.length() - 2));
            }
            int sign = zone.charAt(0) == '-' ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        }

        long localMicros() {
            return local.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + local.getNano() / 1000L;
        }
    }

    static BigDecimal roundDecimal(BigDecimal value, int scale) {
        return value.setScale(scale, RoundingMode.HALF_UP);
    }
}
