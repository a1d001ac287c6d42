package io.freshet.executor.expr;

import io.freshet.common.FreshetException;
import io.freshet.common.Interval;
import io.freshet.common.SqlState;
import io.freshet.common.TypeKind;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * Postgres's date/time functions on non-null arguments: EXTRACT/date_part, date_trunc, to_char,
 * make_date/make_timestamp/make_interval. Timestamps are microseconds (see {@link TypeKind}); a
 * timestamptz's fields are those of its instant in the session time zone.
 */
public final class DateTimeFunctions {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private DateTimeFunctions() {
    }

    static LocalDateTime local(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000, ZoneOffset.UTC);
    }

    static long micros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * MICROS_PER_SECOND + time.getNano() / 1000;
    }

    private static LocalDateTime localOf(long micros, TypeKind kind, ZoneId zone) {
        if (kind == TypeKind.TIMESTAMPTZ) {
            Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
            return LocalDateTime.ofInstant(instant, zone);
        }
        if (kind == TypeKind.DATE) {
            return LocalDate.ofEpochDay(micros).atStartOfDay();
        }
        return local(micros);
    }

    private static String typeName(TypeKind kind) {
        switch (kind) {
            case DATE: return "date";
            case TIMESTAMPTZ: return "timestamp with time zone";
            case INTERVAL: return "interval";
            default: return "timestamp without time zone";
        }
    }

    private static FreshetException unknownUnit(String unit, TypeKind kind) {
        return new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "unit \"" + unit + "\" not recognized for type " + typeName(kind));
    }

    private static FreshetException unsupportedUnit(String unit, TypeKind kind) {
        return new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "unit \"" + unit + "\" not supported for type " + typeName(kind));
    }

    /** Postgres's unit spellings (plurals, abbreviations) to one name. */
    static String unit(String text) {
        String u = text.trim().toLowerCase(Locale.ROOT);
        switch (u) {
            case "microsecond": case "microseconds": case "us": case "usec": case "usecs": return "microseconds";
            case "millisecond": case "milliseconds": case "ms": case "msec": case "msecs": return "milliseconds";
            case "second": case "seconds": case "s": case "sec": case "secs": return "second";
            case "minute": case "minutes": case "m": case "min": case "mins": return "minute";
            case "hour": case "hours": case "h": case "hr": case "hrs": return "hour";
            case "day": case "days": case "d": return "day";
            case "week": case "weeks": case "w": return "week";
            case "month": case "months": case "mon": case "mons": return "month";
            case "quarter": case "qtr": return "quarter";
            case "year": case "years": case "y": case "yr": case "yrs": return "year";
            case "decade": case "decades": case "dec": case "decs": return "decade";
            case "century": case "centuries": case "c": case "cent": return "century";
            case "millennium": case "millennia": case "mil": case "mils": case "millenniums": return "millennium";
            default: return u;
        }
    }

    /** EXTRACT(field FROM value): numeric, as Postgres 14+ returns it. */
    public static BigDecimal extract(String field, Object value, TypeKind kind, ZoneId zone) {
        String unit = unit(field);
        if (kind == TypeKind.INTERVAL) {
            return extractInterval(unit, field, (Interval) value);
        }
        long v = (Long) value;
        if (unit.equals("epoch")) {
            if (kind == TypeKind.DATE) {
                return BigDecimal.valueOf(v * 86400L);
            }
            return BigDecimal.valueOf(v, 6);
        }
        if (kind == TypeKind.DATE && (unit.equals("microseconds") || unit.equals("milliseconds") || unit.equals("second")
                || unit.equals("minute") || unit.equals("hour"))) {
            throw unsupportedUnit(field, kind);
        }
        LocalDateTime t = localOf(v, kind, zone);
        long microsOfMinute = t.getSecond() * MICROS_PER_SECOND + t.getNano() / 1000;
        int year = t.getYear();
        switch (unit) {
            case "microseconds": return BigDecimal.valueOf(microsOfMinute);
            case "milliseconds": return BigDecimal.valueOf(microsOfMinute, 3);
            case "second": return BigDecimal.valueOf(microsOfMinute, 6);
            case "minute": return BigDecimal.valueOf(t.getMinute());
            case "hour": return BigDecimal.valueOf(t.getHour());
            case "day": return BigDecimal.valueOf(t.getDayOfMonth());
            case "month": return BigDecimal.valueOf(t.getMonthValue());
            case "quarter": return BigDecimal.valueOf((t.getMonthValue() - 1) / 3 + 1);
            case "year": return BigDecimal.valueOf(year);
            case "decade": return BigDecimal.valueOf(Math.floorDiv(year, 10));
            case "century": return BigDecimal.valueOf(year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100));
            case "millennium": return BigDecimal.valueOf(year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000));
            case "dow": return BigDecimal.valueOf(t.getDayOfWeek().getValue() % 7);
            case "isodow": return BigDecimal.valueOf(t.getDayOfWeek().getValue());
            case "doy": return BigDecimal.valueOf(t.getDayOfYear());
            case "week": return BigDecimal.valueOf(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "isoyear": return BigDecimal.valueOf(t.get(IsoFields.WEEK_BASED_YEAR));
            case "julian": {
                if (kind != TypeKind.DATE) {
                    throw unsupportedUnit(field, kind);
                }
                return BigDecimal.valueOf(v + 2440588L);
            }
            default: throw unknownUnit(field, kind);
        }
    }

    private static BigDecimal extractInterval(String unit, String field, Interval i) {
        long micros = i.micros();
        switch (unit) {
            case "microseconds": return BigDecimal.valueOf(micros % (60 * MICROS_PER_SECOND));
            case "milliseconds": return BigDecimal.valueOf(micros % (60 * MICROS_PER_SECOND), 3);
            case "second": return BigDecimal.valueOf(micros % (60 * MICROS_PER_SECOND), 6);
            case "minute": return BigDecimal.valueOf(micros / (60 * MICROS_PER_SECOND) % 60);
            case "hour": return BigDecimal.valueOf(micros / (3600 * MICROS_PER_SECOND));
            case "day": return BigDecimal.valueOf(i.days());
            case "month": return BigDecimal.valueOf(i.months() % 12);
            case "quarter": return BigDecimal.valueOf(i.months() % 12 / 3 + 1);
            case "year": return BigDecimal.valueOf(i.months() / 12);
            case "decade": return BigDecimal.valueOf(i.months() / 120);
            case "century": return BigDecimal.valueOf(i.months() / 1200);
            case "millennium": return BigDecimal.valueOf(i.months() / 12000);
            case "epoch": {
                // Years count 365.25 days, other months 30 days.
                BigDecimal seconds = BigDecimal.valueOf(i.months() / 12).multiply(BigDecimal.valueOf(36525L * 864L))
                        .add(BigDecimal.valueOf((long) (i.months() % 12) * 30 * 86400))
                        .add(BigDecimal.valueOf((long) i.days() * 86400));
                return seconds.setScale(6).add(BigDecimal.valueOf(micros, 6));
            }
            default: throw unknownUnit(field, TypeKind.INTERVAL);
        }
    }

    /** date_trunc(unit, timestamp/timestamptz): timestamptz truncates in the session time zone. */
    public static long truncate(String field, long micros, TypeKind kind, ZoneId zone) {
        String unit = unit(field);
        LocalDateTime t = localOf(micros, kind, zone);
        LocalDateTime r;
        switch (unit) {
            case "microseconds": r = t; break;
            case "milliseconds": r = t.withNano(t.getNano() / 1_000_000 * 1_000_000); break;
            case "second": r = t.withNano(0); break;
            case "minute": r = t.withSecond(0).withNano(0); break;
            case "hour": r = t.withMinute(0).withSecond(0).withNano(0); break;
            case "day": r = t.toLocalDate().atStartOfDay(); break;
            case "week": r = t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(); break;
            case "month": r = t.toLocalDate().withDayOfMonth(1).atStartOfDay(); break;
            case "quarter": r = LocalDate.of(t.getYear(), (t.getMonthValue() - 1) / 3 * 3 + 1, 1).atStartOfDay(); break;
            case "year": r = LocalDate.of(t.getYear(), 1, 1).atStartOfDay(); break;
            case "decade": r = LocalDate.of(Math.floorDiv(t.getYear(), 10) * 10, 1, 1).atStartOfDay(); break;
            case "century": r = LocalDate.of(t.getYear() > 0 ? (t.getYear() - 1) / 100 * 100 + 1 : t.getYear(), 1, 1).atStartOfDay(); break;
            case "millennium": r = LocalDate.of(t.getYear() > 0 ? (t.getYear() - 1) / 1000 * 1000 + 1 : t.getYear(), 1, 1).atStartOfDay(); break;
            default: throw unknownUnit(field, kind);
        }
        if (kind == TypeKind.TIMESTAMPTZ) {
            Instant instant = ZonedDateTime.of(r, zone).toInstant();
            return instant.getEpochSecond() * MICROS_PER_SECOND + instant.getNano() / 1000;
        }
        return micros(r);
    }

    /** date_trunc(unit, interval): drops the fields smaller than unit. */
    public static Interval truncate(String field, Interval i) {
        String unit = unit(field);
        long m = i.micros();
        switch (unit) {
            case "microseconds": return i;
            case "milliseconds": return new Interval(i.months(), i.days(), m / 1000 * 1000);
            case "second": return new Interval(i.months(), i.days(), m / MICROS_PER_SECOND * MICROS_PER_SECOND);
            case "minute": return new Interval(i.months(), i.days(), m / (60 * MICROS_PER_SECOND) * 60 * MICROS_PER_SECOND);
            case "hour": return new Interval(i.months(), i.days(), m / (3600 * MICROS_PER_SECOND) * 3600 * MICROS_PER_SECOND);
            case "day": return new Interval(i.months(), i.days(), 0);
            case "month": return new Interval(i.months(), 0, 0);
            case "quarter": return new Interval(i.months() / 3 * 3, 0, 0);
            case "year": return new Interval(i.months() / 12 * 12, 0, 0);
            case "decade": return new Interval(i.months() / 120 * 120, 0, 0);
            case "century": return new Interval(i.months() / 1200 * 1200, 0, 0);
            case "millennium": return new Interval(i.months() / 12000 * 12000, 0, 0);
            case "week":
                throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "interval units \"week\" not supported because months usually have fractional weeks");
            default: throw unknownUnit(field, TypeKind.INTERVAL);
        }
    }

    public static long makeDate(long year, long month, long day) {
        try {
            return LocalDate.of(Math.toIntExact(year), Math.toIntExact(month), Math.toIntExact(day)).toEpochDay();
        } catch (DateTimeException | ArithmeticException e) {
            throw new FreshetException(SqlState.DATETIME_FIELD_OVERFLOW,
                    "date field value out of range: " + year + "-" + String.format("%02d", month) + "-" + String.format("%02d", day));
        }
    }

    public static long makeTimestamp(long year, long month, long day, long hour, long minute, double second) {
        long date = makeDate(year, month, day);
        if (hour < 0 || hour > 24 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            throw new FreshetException(SqlState.DATETIME_FIELD_OVERFLOW,
                    "time field value out of range: " + hour + ":" + minute + ":" + second);
        }
        long micros = Math.round(second * MICROS_PER_SECOND);
        return date * Interval.MICROS_PER_DAY + (hour * 3600 + minute * 60) * MICROS_PER_SECOND + micros;
    }

    /** A timestamp (microseconds) plus an interval: months, then days, then microseconds. */
    public static long plusInterval(long micros, Interval interval) {
        return Temporal.addInterval(micros, interval);
    }

    public static Interval makeInterval(long years, long months, long weeks, long days, long hours, long mins, double secs) {
        try {
            int m = Math.toIntExact(Math.addExact(Math.multiplyExact(years, 12), months));
            int d = Math.toIntExact(Math.addExact(Math.multiplyExact(weeks, 7), days));
            long micros = Math.addExact(Math.multiplyExact(Math.addExact(Math.multiplyExact(hours, 3600), Math.multiplyExact(mins, 60)),
                    MICROS_PER_SECOND), Math.round(secs * MICROS_PER_SECOND));
            return new Interval(m, d, micros);
        } catch (ArithmeticException e) {
            throw new FreshetException(SqlState.DATETIME_FIELD_OVERFLOW, "interval out of range");
        }
    }

    /** to_char(timestamp, format) for the common template patterns; other text is copied. */
    public static String toChar(long micros, TypeKind kind, String format, ZoneId zone) {
        LocalDateTime t = localOf(micros, kind, zone);
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            boolean fm = false;
            if (format.startsWith("FM", i) || format.startsWith("fm", i)) {
                fm = true;
                i += 2;
            }
            if (i < format.length() && format.charAt(i) == '"') {
                int end = format.indexOf('"', i + 1);
                end = end < 0 ? format.length() : end;
                out.append(format, i + 1, end);
                i = end + 1;
                continue;
            }
            String rest = format.substring(i);
            String matched = null;
            String value = null;
            for (String p : TEMPLATE_PATTERNS) {
                if (rest.startsWith(p)) {
                    matched = p;
                    value = field(p, t, fm);
                    break;
                }
            }
            if (matched == null) {
                if (i < format.length()) {
                    char c = format.charAt(i);
                    if (c == '\\' && i + 1 < format.length()) {
                        out.append(format.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    out.append(c);
                    i++;
                }
                continue;
            }
            out.append(value);
            i += matched.length();
        }
        return out.toString();
    }

    private static final String[] TEMPLATE_PATTERNS = {
        "HH24", "HH12", "HH", "MI", "SS", "MS", "US", "AM", "PM", "am", "pm", "A.M.", "P.M.", "a.m.", "p.m.",
        "YYYY", "YYY", "YY", "Y", "MONTH", "Month", "month", "MON", "Mon", "mon", "MM", "DAY", "Day", "day",
        "DY", "Dy", "dy", "DDD", "DD", "D", "IW", "ID", "Q", "WW",
        "hh24", "hh12", "hh", "mi", "ss", "ms", "us", "yyyy", "yyy", "yy", "y", "mm", "ddd", "dd", "d", "iw", "id", "q", "ww",
    };

    private static String num(long v, int width, boolean fm) {
        String s = Long.toString(Math.abs(v));
        if (!fm) {
            while (s.length() < width) {
                s = "0" + s;
            }
        }
        return v < 0 ? "-" + s : s;
    }

    private static String padded(String s, boolean fm) {
        return fm ? s : String.format("%-9s", s);
    }

    private static String field(String p, LocalDateTime t, boolean fm) {
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        boolean pm = t.getHour() >= 12;
        switch (p.length() > 0 && Character.isLowerCase(p.charAt(0)) && !p.startsWith("mon") && !p.startsWith("day")
                && !p.startsWith("dy") && !p.startsWith("am") && !p.startsWith("pm") && !p.startsWith("a.") && !p.startsWith("p.")
                ? p.toUpperCase(Locale.ROOT) : p) {
            case "HH24": return num(t.getHour(), 2, fm);
            case "HH12":
            case "HH": return num(hour12, 2, fm);
            case "MI": return num(t.getMinute(), 2, fm);
            case "SS": return num(t.getSecond(), 2, fm);
            case "MS": return num(t.getNano() / 1_000_000, 3, fm);
            case "US": return num(t.getNano() / 1000, 6, fm);
            case "AM": case "PM": return pm ? "PM" : "AM";
            case "am": case "pm": return pm ? "pm" : "am";
            case "A.M.": case "P.M.": return pm ? "P.M." : "A.M.";
            case "a.m.": case "p.m.": return pm ? "p.m." : "a.m.";
            case "YYYY": return num(t.getYear(), 4, fm);
            case "YYY": return num(t.getYear() % 1000, 3, fm);
            case "YY": return num(t.getYear() % 100, 2, fm);
            case "Y": return num(t.getYear() % 10, 1, fm);
            case "MONTH": return padded(monthName(t).toUpperCase(Locale.ROOT), fm);
            case "Month": return padded(monthName(t), fm);
            case "month": return padded(monthName(t).toLowerCase(Locale.ROOT), fm);
            case "MON": return t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
            case "Mon": return t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "mon": return t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            case "MM": return num(t.getMonthValue(), 2, fm);
            case "DAY": return padded(dayName(t).toUpperCase(Locale.ROOT), fm);
            case "Day": return padded(dayName(t), fm);
            case "day": return padded(dayName(t).toLowerCase(Locale.ROOT), fm);
            case "DY": return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
            case "Dy": return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "dy": return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
            case "DDD": return num(t.getDayOfYear(), 3, fm);
            case "DD": return num(t.getDayOfMonth(), 2, fm);
            case "D": return Integer.toString(t.getDayOfWeek().getValue() % 7 + 1);
            case "IW": return num(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, fm);
            case "ID": return Integer.toString(t.getDayOfWeek().getValue());
            case "Q": return Integer.toString((t.getMonthValue() - 1) / 3 + 1);
            case "WW": return num((t.getDayOfYear() - 1) / 7 + 1, 2, fm);
            default: return "";
        }
    }

    private static String monthName(LocalDateTime t) {
        return t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String dayName(LocalDateTime t) {
        return t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    /** to_char(number, format) for 9, 0, D, '.', G, ',' and FM; overflow prints '#'. */
    public static String toChar(BigDecimal value, String format) {
        boolean fm = false;
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            if (format.startsWith("FM", i) || format.startsWith("fm", i)) {
                fm = true;
                i++;
            } else {
                pattern.append(format.charAt(i));
            }
        }
        String p = pattern.toString();
        int point = -1;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == 'D' || c == 'd' || c == '.') {
                point = i;
                break;
            }
        }
        String intPattern = point < 0 ? p : p.substring(0, point);
        String fracPattern = point < 0 ? "" : p.substring(point + 1);
        int intSlots = 0;
        for (char c : intPattern.toCharArray()) {
            if (c == '9' || c == '0') {
                intSlots++;
            }
        }
        int fracSlots = 0;
        for (char c : fracPattern.toCharArray()) {
            if (c == '9' || c == '0') {
                fracSlots++;
            }
        }
        BigDecimal rounded = value.setScale(fracSlots, java.math.RoundingMode.HALF_UP);
        boolean negative = rounded.signum() < 0;
        String plain = rounded.abs().toPlainString();
        String intDigits = fracSlots > 0 ? plain.substring(0, plain.indexOf('.')) : plain;
        String fracDigits = fracSlots > 0 ? plain.substring(plain.indexOf('.') + 1) : "";
        if (intDigits.equals("0")) {
            intDigits = "";
        }
        boolean overflow = intDigits.length() > intSlots;
        // Integer part, right to left.
        StringBuilder left = new StringBuilder();
        int digit = intDigits.length() - 1;
        int firstZero = intPattern.indexOf('0');
        int lastPrinted = intPattern.length();
        char[] chars = intPattern.toCharArray();
        String[] cells = new String[chars.length];
        for (int i = chars.length - 1; i >= 0; i--) {
            char c = chars[i];
            if (c == '9' || c == '0') {
                if (overflow) {
                    cells[i] = "#";
                } else if (digit >= 0) {
                    cells[i] = String.valueOf(intDigits.charAt(digit--));
                    lastPrinted = i;
                } else if (c == '0' || (firstZero >= 0 && i >= firstZero)) {
                    cells[i] = "0";
                    lastPrinted = i;
                } else {
                    cells[i] = fm ? "" : " ";
                }
            } else if (c == 'G' || c == 'g' || c == ',') {
                cells[i] = null; // decided below
            } else {
                cells[i] = String.valueOf(c);
            }
        }
        for (int i = 0; i < chars.length; i++) {
            if (cells[i] == null) {
                cells[i] = overflow || i > lastPrinted ? "," : fm ? "" : " ";
            }
        }
        if (intSlots > 0 && fracSlots == 0 && intDigits.isEmpty() && lastPrinted == intPattern.length() && !overflow) {
            // Zero with only 9s: Postgres still prints one 0.
            for (int i = chars.length - 1; i >= 0; i--) {
                if (chars[i] == '9') {
                    cells[i] = "0";
                    lastPrinted = i;
                    break;
                }
            }
        }
        // The sign goes right before the first printed character of the number.
        String sign = negative ? "-" : fm ? "" : " ";
        boolean placed = false;
        if (overflow) {
            left.append(sign);
            placed = true;
        }
        for (int i = 0; i < chars.length; i++) {
            if (!placed && i == lastPrinted) {
                left.append(sign);
                placed = true;
            }
            left.append(cells[i]);
        }
        if (!placed) {
            left.append(sign);
        }
        StringBuilder out = new StringBuilder(left);
        if (point >= 0) {
            out.append(overflow ? "#" : ".");
            int f = 0;
            StringBuilder frac = new StringBuilder();
            for (char c : fracPattern.toCharArray()) {
                if (c == '9' || c == '0') {
                    frac.append(overflow ? '#' : fracDigits.charAt(f++));
                } else {
                    frac.append(c);
                }
            }
            String fs = frac.toString();
            if (fm && !overflow) {
                // FM drops trailing zeros that come from 9s.
                int end = fs.length();
                int idx = fracPattern.length() - 1;
                while (end > 0 && fs.charAt(end - 1) == '0' && fracPattern.charAt(idx) == '9') {
                    end--;
                    idx--;
                }
                fs = fs.substring(0, end);
            }
            out.append(fs);
        }
        return out.toString();
    }
}
