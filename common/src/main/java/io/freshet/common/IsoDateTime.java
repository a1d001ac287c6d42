package io.freshet.common;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A fast path for the common ISO shapes of date/time text, read digit by digit:
 * {@code yyyy-MM-dd} optionally followed by {@code ' '} or {@code 'T'}, {@code HH:mm:ss}, a fraction
 * of 1–6 digits and a zone {@code Z}, {@code ±hh}, {@code ±hh:mm} or {@code ±hhmm}. Each method
 * returns {@link #NOT_FAST} for any other text, and for fields out of range, so the caller falls
 * back to the general parser, which then gives the result or the error; for text it accepts, the
 * result is the general parser's.
 */
final class IsoDateTime {
    /** Returned for text this fast path does not read. */
    static final long NOT_FAST = Long.MIN_VALUE;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private IsoDateTime() {
    }

    /** The local date-time in microseconds since 1970-01-01 00:00 (a zone is checked but ignored). */
    static long timestamp(String text) {
        long[] out = new long[2];
        return parse(text, out) ? out[0] : NOT_FAST;
    }

    /** Days since 1970-01-01 (a time part is checked but dropped). */
    static long date(String text) {
        long[] out = new long[2];
        return parse(text, out) ? Math.floorDiv(out[0], MICROS_PER_DAY) : NOT_FAST;
    }

    /** Microseconds since the epoch; text without a zone is local time in {@code zone}. */
    static long timestampTz(String text, ZoneId zone) {
        long[] out = new long[2];
        if (!parse(text, out)) {
            return NOT_FAST;
        }
        if (out[1] != NOT_FAST) {
            return out[0] - out[1] * 1_000_000L;
        }
        if (zone instanceof ZoneOffset offset) {
            return out[0] - offset.getTotalSeconds() * 1_000_000L;
        }
        long micros = Math.floorMod(out[0], 1_000_000L);
        LocalDateTime local = LocalDateTime.ofEpochSecond(Math.floorDiv(out[0], 1_000_000L), 0, ZoneOffset.UTC);
        return local.atZone(zone).toEpochSecond() * 1_000_000L + micros;
    }

    /** Reads {@code text} into {@code out}: local microseconds, and the zone's offset in seconds (or NOT_FAST). */
    private static boolean parse(String s, long[] out) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return false;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) {
            return false;
        }
        long micros = 0;
        long offset = NOT_FAST;
        int i = 10;
        if (i < n) {
            char sep = s.charAt(i);
            if ((sep != ' ' && sep != 'T' && sep != 't') || n < i + 9 || s.charAt(i + 3) != ':' || s.charAt(i + 6) != ':') {
                return false;
            }
            int hour = digits(s, i + 1, 2);
            int minute = digits(s, i + 4, 2);
            int second = digits(s, i + 7, 2);
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
                return false;
            }
            i += 9;
            int fraction = 0;
            if (i < n && s.charAt(i) == '.') {
                int start = ++i;
                while (i < n && i - start < 7 && isDigit(s.charAt(i))) {
                    fraction = fraction * 10 + (s.charAt(i) - '0');
                    i++;
                }
                int count = i - start;
                if (count == 0 || count > 6) {
                    return false;
                }
                for (int k = count; k < 6; k++) {
                    fraction *= 10;
                }
            }
            micros = ((hour * 60L + minute) * 60L + second) * 1_000_000L + fraction;
            if (i < n) {
                char z = s.charAt(i);
                if ((z == 'Z' || z == 'z') && i + 1 == n) {
                    offset = 0;
                } else if (z == '+' || z == '-') {
                    int rest = n - i - 1;
                    int hours = digits(s, i + 1, 2);
                    int minutes;
                    if (rest == 2) {
                        minutes = 0;
                    } else if (rest == 5 && s.charAt(i + 3) == ':') {
                        minutes = digits(s, i + 4, 2);
                    } else if (rest == 4) {
                        minutes = digits(s, i + 3, 2);
                    } else {
                        return false;
                    }
                    if (hours < 0 || hours > 17 || minutes < 0 || minutes > 59) {
                        return false;
                    }
                    offset = (z == '-' ? -1 : 1) * (hours * 3600L + minutes * 60L);
                } else {
                    return false;
                }
            }
        }
        out[0] = epochDay(year, month, day) * MICROS_PER_DAY + micros;
        out[1] = offset;
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The number in {@code count} ASCII digits at {@code at}, or -1. */
    private static int digits(String s, int at, int count) {
        if (at + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int monthLength(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days from 1970-01-01 to a proleptic Gregorian date (year 0 is 1 BC). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        int shifted = month > 2 ? month - 3 : month + 9;
        long dayOfYear = (153L * shifted + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }
}
