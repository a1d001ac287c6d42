package io.freshet.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link TextFormat} against the exact text Postgres 15 prints and accepts. */
class TextFormatTest {
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    private final RandomValues values = RandomValues.textSafe();

    // ---------------------------------------------------------------- output

    @Test
    void booleansAndIntegers() {
        assertEquals("t", TextFormat.format(DataType.BOOLEAN, true));
        assertEquals("f", TextFormat.format(DataType.BOOLEAN, false));
        assertEquals("-9223372036854775808", TextFormat.format(DataType.BIGINT, Long.MIN_VALUE));
        assertEquals(null, TextFormat.format(DataType.INTEGER, null));
    }

    @Test
    void doublesPrintShortestDigitsInPostgresStyle() {
        assertDouble("1", 1);
        assertDouble("-1.5", -1.5);
        assertDouble("100", 100);
        assertDouble("0.1", 0.1);
        assertDouble("0.3333333333333333", 1.0 / 3);
        assertDouble("0.0001", 0.0001);
        assertDouble("1e-05", 0.00001);
        assertDouble("1.5e-05", 1.5e-5);
        assertDouble("100000000000000", 1e14);
        assertDouble("123456789012345", 123456789012345.0);
        assertDouble("1e+15", 1e15);
        assertDouble("1e+100", 1e100);
        assertDouble("1e-100", 1e-100);
        assertDouble("0", 0.0);
        assertDouble("-0", -0.0);
        assertDouble("NaN", Double.NaN);
        assertDouble("Infinity", Double.POSITIVE_INFINITY);
        assertDouble("-Infinity", Double.NEGATIVE_INFINITY);
        assertDouble("1.7976931348623157e+308", Double.MAX_VALUE);
        // JDK 17's Double.toString prints these with a digit too many.
        assertDouble("5e-324", Double.MIN_VALUE);
        assertDouble("2.82879384806159e+17", 2.82879384806159E17);
    }

    @Test
    void realsPrintShortestFloatDigits() {
        assertReal("1", 1f);
        assertReal("0.1", 0.1f);
        assertReal("123456", 123456f);
        assertReal("1e+06", 1e6f);
        assertReal("1.234567e+06", 1234567f);
        assertReal("0.0001", 0.0001f);
        assertReal("1e-05", 0.00001f);
        assertReal("-0", -0f);
        assertReal("NaN", Float.NaN);
        assertReal("3.4028235e+38", Float.MAX_VALUE);
        // JDK 17's Float.toString prints these with a digit too many.
        assertReal("1e-45", Float.MIN_VALUE);
        assertReal("1.1754944e-38", Float.MIN_NORMAL);
        assertReal("4.7481155e+08", 474811552f);
    }

    @Test
    void floatOutputIsTheShortestClosestDecimal() {
        for (int i = 0; i < 3_000; i++) {
            boolean anyBits = values.random().nextBoolean();
            double d = anyBits ? Double.longBitsToDouble(values.random().nextLong()) : values.random().nextGaussian() * 1e4;
            float f = anyBits ? Float.intBitsToFloat(values.random().nextInt()) : (float) d;
            if (Double.isFinite(d) && d != 0) {
                String text = TextFormat.formatDouble(d);
                assertEquals(0, new BigDecimal(text).compareTo(shortestDouble(d)), values.describeSeed() + ": " + d + " printed " + text);
            }
            if (Float.isFinite(f) && f != 0) {
                String text = TextFormat.formatFloat(f);
                assertEquals(0, new BigDecimal(text).compareTo(shortestFloat(f)), values.describeSeed() + ": " + f + " printed " + text);
            }
        }
    }

    @Test
    void numericKeepsItsScaleAndByteaIsHex() {
        assertEquals("12.50", TextFormat.format(DataType.DECIMAL, new BigDecimal("12.50")));
        assertEquals("-0.001", TextFormat.format(DataType.DECIMAL, new BigDecimal("-0.001")));
        assertEquals("0.00", TextFormat.format(DataType.decimal(5, 2), new BigDecimal("0.00")));
        assertEquals("\\x0aff", TextFormat.format(DataType.BYTEA, new byte[] {0x0a, (byte) 0xff}));
        assertEquals("\\x", TextFormat.format(DataType.BYTEA, new byte[0]));
        assertEquals("it's", TextFormat.format(DataType.VARCHAR, "it's"));
    }

    @Test
    void datesAndTimes() {
        assertEquals("2026-01-01", TextFormat.format(DataType.DATE, LocalDate.of(2026, 1, 1).toEpochDay()));
        assertEquals("1969-12-31", TextFormat.format(DataType.DATE, -1L));
        assertEquals("0044-03-15 BC", TextFormat.format(DataType.DATE, LocalDate.of(-43, 3, 15).toEpochDay()));
        assertEquals("0001-12-31 BC", TextFormat.format(DataType.DATE, LocalDate.of(0, 12, 31).toEpochDay()));
        assertEquals("10000-01-01", TextFormat.format(DataType.DATE, LocalDate.of(10000, 1, 1).toEpochDay()));

        assertEquals("00:00:00", TextFormat.format(DataType.TIME, 0L));
        assertEquals("10:00:00.5", TextFormat.format(DataType.TIME, micros(10, 0, 0) + 500_000));
        assertEquals("12:34:56.0001", TextFormat.format(DataType.TIME, micros(12, 34, 56) + 100));
        assertEquals("23:59:59.999999", TextFormat.format(DataType.TIME, Interval.MICROS_PER_DAY - 1));
    }

    @Test
    void timestamps() {
        assertEquals("2026-01-01 10:00:00", TextFormat.format(DataType.TIMESTAMP, timestamp(2026, 1, 1, 10, 0, 0)));
        assertEquals("2026-01-01 10:00:00.5", TextFormat.format(DataType.TIMESTAMP, timestamp(2026, 1, 1, 10, 0, 0) + 500_000));
        assertEquals("2026-01-01 10:00:00.123456", TextFormat.format(DataType.TIMESTAMP, timestamp(2026, 1, 1, 10, 0, 0) + 123_456));
        assertEquals("1969-12-31 23:59:59.999999", TextFormat.format(DataType.TIMESTAMP, -1L));
        assertEquals("0044-03-15 12:00:00 BC", TextFormat.format(DataType.TIMESTAMP, timestamp(-43, 3, 15, 12, 0, 0)));

        long tenUtc = timestamp(2026, 1, 1, 10, 0, 0);
        assertEquals("2026-01-01 10:00:00+00", TextFormat.format(DataType.TIMESTAMPTZ, tenUtc));
        assertEquals("2026-01-01 10:00:00.5+00", TextFormat.format(DataType.TIMESTAMPTZ, tenUtc + 500_000));
        assertEquals("2026-01-01 15:30:00+05:30", TextFormat.format(DataType.TIMESTAMPTZ, tenUtc, KOLKATA));
        assertEquals("2026-01-01 15:45:00+05:45", TextFormat.format(DataType.TIMESTAMPTZ, tenUtc, ZoneId.of("Asia/Kathmandu")));
        assertEquals("2026-01-01 05:00:00-05", TextFormat.format(DataType.TIMESTAMPTZ, tenUtc, ZoneId.of("America/New_York")));
        assertEquals("0044-03-15 12:00:00+00 BC", TextFormat.format(DataType.TIMESTAMPTZ, timestamp(-43, 3, 15, 12, 0, 0)));
    }

    @Test
    void intervalsInPostgresStyle() {
        assertInterval("1 year 2 mons 3 days 04:05:06", 14, 3, micros(4, 5, 6));
        assertInterval("00:00:00", 0, 0, 0);
        assertInterval("1 mon", 1, 0, 0);
        assertInterval("2 mons", 2, 0, 0);
        assertInterval("1 year", 12, 0, 0);
        assertInterval("2 years", 24, 0, 0);
        assertInterval("1 day", 0, 1, 0);
        assertInterval("-1 days", 0, -1, 0);
        assertInterval("-1 mons", -1, 0, 0);
        assertInterval("-1 years -1 mons", -13, 0, 0);
        assertInterval("1 day -01:00:00", 0, 1, -micros(1, 0, 0));
        assertInterval("-01:00:00", 0, 0, -micros(1, 0, 0));
        assertInterval("-00:00:00.000001", 0, 0, -1);
        assertInterval("00:00:01.5", 0, 0, 1_500_000);
        assertInterval("100:00:00", 0, 0, micros(100, 0, 0));
        assertInterval("1 mon -1 days", 1, -1, 0);
        // After a negative field Postgres writes a positive one with '+'.
        assertInterval("-1 days +01:00:00", 0, -1, micros(1, 0, 0));
        assertInterval("-1 years +3 days", -12, 3, 0);
        assertInterval("-1 mons +2 days 03:00:00", -1, 2, micros(3, 0, 0));
        assertInterval("-1 mons -1 days -01:00:00", -1, -1, -micros(1, 0, 0));
    }

    // ---------------------------------------------------------------- input

    @Test
    void booleansOfEverySpelling() {
        for (String text : new String[] {"t", "tr", "tru", "true", "TRUE", "True", "y", "ye", "yes", "YES", "on", "ON", "1", " true ", "\ttrue\n"}) {
            assertEquals(Boolean.TRUE, TextFormat.parse(DataType.BOOLEAN, text), text);
        }
        for (String text : new String[] {"f", "fa", "fal", "fals", "false", "FALSE", "n", "no", "NO", "of", "off", "OFF", "0", " f "}) {
            assertEquals(Boolean.FALSE, TextFormat.parse(DataType.BOOLEAN, text), text);
        }
        for (String text : new String[] {"o", "2", "", "truex", "yess", "onn", "tru e", "-1"}) {
            assertError(SqlState.INVALID_TEXT_REPRESENTATION, null, () -> TextFormat.parse(DataType.BOOLEAN, text));
        }
        assertError(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type boolean: \"maybe\"",
                () -> TextFormat.parse(DataType.BOOLEAN, "maybe"));
    }

    @Test
    void integersWithRangeAndSyntaxErrors() {
        assertEquals(123L, TextFormat.parse(DataType.INTEGER, "123"));
        assertEquals(-5L, TextFormat.parse(DataType.INTEGER, " -5 "));
        assertEquals(7L, TextFormat.parse(DataType.INTEGER, "+7"));
        assertEquals(2147483647L, TextFormat.parse(DataType.INTEGER, "2147483647"));
        assertEquals(-32768L, TextFormat.parse(DataType.SMALLINT, "-32768"));
        assertEquals(Long.MIN_VALUE, TextFormat.parse(DataType.BIGINT, "-9223372036854775808"));

        assertError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value \"2147483648\" is out of range for type integer",
                () -> TextFormat.parse(DataType.INTEGER, "2147483648"));
        assertError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value \"32768\" is out of range for type smallint",
                () -> TextFormat.parse(DataType.SMALLINT, "32768"));
        assertError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, "value \"9223372036854775808\" is out of range for type bigint",
                () -> TextFormat.parse(DataType.BIGINT, "9223372036854775808"));
        assertError(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type integer: \"abc\"",
                () -> TextFormat.parse(DataType.INTEGER, "abc"));
        for (String junk : new String[] {"", "1.5", "+-5", "--5", "1e3", "\u0661\u0662", "12abc"}) {
            assertError(SqlState.INVALID_TEXT_REPRESENTATION, null, () -> TextFormat.parse(DataType.BIGINT, junk));
        }
    }

    @Test
    void floats() {
        assertEquals(1.5, TextFormat.parse(DataType.DOUBLE, " 1.5 "));
        assertEquals(0.5, TextFormat.parse(DataType.DOUBLE, ".5"));
        assertEquals(5.0, TextFormat.parse(DataType.DOUBLE, "5."));
        assertEquals(1e-5, TextFormat.parse(DataType.DOUBLE, "1e-5"));
        assertEquals(Double.NEGATIVE_INFINITY, TextFormat.parse(DataType.DOUBLE, "-Infinity"));
        assertEquals(Double.NaN, TextFormat.parse(DataType.DOUBLE, "NaN"));
        assertEquals((double) 0.1f, TextFormat.parse(DataType.REAL, "0.1"));
        assertError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, null, () -> TextFormat.parse(DataType.DOUBLE, "1e400"));
        assertError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, null, () -> TextFormat.parse(DataType.REAL, "3.5e38"));
        assertError(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type double precision: \"abc\"",
                () -> TextFormat.parse(DataType.DOUBLE, "abc"));
    }

    @Test
    void decimalsWithDeclaredPrecision() {
        assertEquals(new BigDecimal("12.50"), TextFormat.parse(DataType.DECIMAL, "12.50"));
        DataType money = DataType.decimal(5, 2);
        assertEquals(new BigDecimal("123.46"), TextFormat.parse(money, "123.456"));
        assertEquals(new BigDecimal("-123.46"), TextFormat.parse(money, "-123.455"));
        assertEquals(new BigDecimal("100.00"), TextFormat.parse(money, "1e2"));
        assertEquals(new BigDecimal("999.99"), TextFormat.parse(money, "999.994"));
        assertError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, null, () -> TextFormat.parse(money, "1234.5"));
        assertError(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, null, () -> TextFormat.parse(money, "999.995"));
        assertError(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type numeric: \"abc\"",
                () -> TextFormat.parse(money, "abc"));
    }

    @Test
    void varcharLengthAndBytea() {
        DataType three = DataType.varchar(3);
        assertEquals("abc", TextFormat.parse(three, "abc"));
        assertEquals("\ud83d\ude00\ud83d\ude00\ud83d\ude00", TextFormat.parse(three, "\ud83d\ude00\ud83d\ude00\ud83d\ude00"),
                "the length counts characters, not UTF-16 units");
        assertEquals(" a ", TextFormat.parse(DataType.VARCHAR, " a "));
        assertError(SqlState.STRING_DATA_RIGHT_TRUNCATION, "value too long for type character varying(3)",
                () -> TextFormat.parse(three, "abcd"));
        assertArrayEquals(new byte[] {0x0a, (byte) 0xff}, (byte[]) TextFormat.parse(DataType.BYTEA, "\\x0AfF"));
        assertError(SqlState.INVALID_TEXT_REPRESENTATION, null, () -> TextFormat.parse(DataType.BYTEA, "\\x0"));
        assertError(SqlState.INVALID_TEXT_REPRESENTATION, null, () -> TextFormat.parse(DataType.BYTEA, "\\xzz"));
    }

    @Test
    void dates() {
        assertEquals(LocalDate.of(2026, 3, 15).toEpochDay(), TextFormat.parse(DataType.DATE, "2026-03-15"));
        assertEquals(LocalDate.of(2026, 3, 5).toEpochDay(), TextFormat.parse(DataType.DATE, "2026-3-5"));
        assertEquals(LocalDate.of(-43, 3, 15).toEpochDay(), TextFormat.parse(DataType.DATE, "0044-03-15 BC"));
        assertEquals(LocalDate.of(10000, 1, 1).toEpochDay(), TextFormat.parse(DataType.DATE, "10000-01-01"));
        assertError(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"2026-02-30\"",
                () -> TextFormat.parse(DataType.DATE, "2026-02-30"));
        assertError(SqlState.INVALID_DATETIME_FORMAT, "invalid input syntax for type date: \"not a date\"",
                () -> TextFormat.parse(DataType.DATE, "not a date"));
        assertEquals(micros(10, 0, 0), TextFormat.parse(DataType.TIME, "10:00"));
        assertEquals(micros(10, 0, 0) + 500_000, TextFormat.parse(DataType.TIME, "10:00:00.5"));
        assertError(SqlState.INVALID_DATETIME_FORMAT, null, () -> TextFormat.parse(DataType.TIME, "noon-ish"));
    }

    @Test
    void timestampsWithSeparatorsFractionsAndOffsets() {
        long ten = timestamp(2026, 1, 1, 10, 0, 0);
        assertEquals(ten, TextFormat.parse(DataType.TIMESTAMP, "2026-01-01 10:00:00"));
        assertEquals(ten, TextFormat.parse(DataType.TIMESTAMP, "2026-01-01T10:00:00"));
        assertEquals(ten, TextFormat.parse(DataType.TIMESTAMP, "2026-01-01 10:00"));
        assertEquals(ten, TextFormat.parse(DataType.TIMESTAMP, "2026-01-01 10:00:00+05"), "timestamp ignores an offset");
        assertEquals(timestamp(2026, 1, 1, 0, 0, 0), TextFormat.parse(DataType.TIMESTAMP, "2026-01-01"));
        assertEquals(ten + 500_000, TextFormat.parse(DataType.TIMESTAMP, "2026-01-01 10:00:00.5"));
        assertEquals(ten + 123_457, TextFormat.parse(DataType.TIMESTAMP, "2026-01-01 10:00:00.1234567"));
        assertEquals(ten + 1_000_000, TextFormat.parse(DataType.TIMESTAMP, "2026-01-01 10:00:00.9999996"),
                "rounding carries into the seconds");
        assertEquals(timestamp(-43, 3, 15, 12, 0, 0), TextFormat.parse(DataType.TIMESTAMP, "0044-03-15 12:00:00 BC"));
        assertError(SqlState.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"2026-01-01 25:00:00\"",
                () -> TextFormat.parse(DataType.TIMESTAMP, "2026-01-01 25:00:00"));
        assertError(SqlState.INVALID_DATETIME_FORMAT, "invalid input syntax for type timestamp without time zone: \"soon\"",
                () -> TextFormat.parse(DataType.TIMESTAMP, "soon"));

        long halfPastFourUtc = timestamp(2026, 1, 1, 4, 30, 0);
        assertEquals(halfPastFourUtc, TextFormat.parse(DataType.TIMESTAMPTZ, "2026-01-01 10:00:00+05:30"));
        assertEquals(halfPastFourUtc, TextFormat.parse(DataType.TIMESTAMPTZ, "2026-01-01 10:00:00+0530"));
        assertEquals(halfPastFourUtc, TextFormat.parse(DataType.TIMESTAMPTZ, "2026-01-01 10:00:00", KOLKATA), "session zone");
        assertEquals(halfPastFourUtc, TextFormat.parse(DataType.TIMESTAMPTZ, "2026-01-01 04:30:00"), "UTC by default");
        assertEquals(timestamp(2026, 1, 1, 18, 0, 0), TextFormat.parse(DataType.TIMESTAMPTZ, "2026-01-01 10:00:00-08"));
        assertEquals(ten + 250_000, TextFormat.parse(DataType.TIMESTAMPTZ, "2026-01-01T10:00:00.25Z"));
        assertEquals(ten, TextFormat.parse(DataType.TIMESTAMPTZ, "2026-01-01 10:00:00 UTC", KOLKATA));
        assertEquals(timestamp(-43, 3, 15, 12, 0, 0), TextFormat.parse(DataType.TIMESTAMPTZ, "0044-03-15 12:00:00+00 BC"));
    }

    @Test
    void intervals() {
        assertParsedInterval(0, 0, micros(1, 0, 0), "1 hour");
        assertParsedInterval(0, 2, micros(3, 4, 5), "2 days 03:04:05");
        assertParsedInterval(14, 0, 0, "1 year 2 months");
        assertParsedInterval(0, -1, 0, "-1 day");
        assertParsedInterval(0, 0, micros(1, 30, 0), "1.5 hours");
        assertParsedInterval(0, 0, -micros(0, 10, 0), "10 min ago");
        assertParsedInterval(0, 0, -micros(1, 0, 0), "@ 1 hour ago");
        assertParsedInterval(0, 1, micros(2, 0, 0), "P1DT2H");
        assertParsedInterval(14, 3, micros(4, 5, 6) + 500_000, "P1Y2M3DT4H5M6.5S");
        assertParsedInterval(0, 1, -micros(1, 0, 0), "1 day -01:00:00");
        assertParsedInterval(-12, 3, micros(1, 0, 0), "-1 years +3 days +01:00:00");
        assertParsedInterval(0, 0, micros(0, 1, 30), "90 seconds");
        assertParsedInterval(0, 14, 0, "2 weeks");
        assertError(SqlState.INVALID_DATETIME_FORMAT, "invalid input syntax for type interval: \"abc\"",
                () -> TextFormat.parse(DataType.INTERVAL, "abc"));
        assertError(SqlState.INVALID_DATETIME_FORMAT, null, () -> TextFormat.parse(DataType.INTERVAL, "1 fortnight"));
        assertError(SqlState.INVALID_DATETIME_FORMAT, null, () -> TextFormat.parse(DataType.INTERVAL, ""));
    }

    @Test
    void everyTypeReadsBackWhatItPrints() {
        for (int i = 0; i < 5_000; i++) {
            DataType type = values.type();
            Object value = values.value(type);
            String text = TextFormat.format(type, value);
            Object back = TextFormat.parse(type, text);
            String context = values.describeSeed() + ": " + type + " " + text;
            if (value instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) back, context);
            } else if (value instanceof Double d) {
                // Bits tell -0 from 0; NaN payloads are not kept by the text form.
                assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits((Double) back), context);
            } else {
                assertEquals(value, back, context);
            }
            assertEquals(text, TextFormat.format(type, back), context);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertDouble(String expected, double value) {
        assertEquals(expected, TextFormat.format(DataType.DOUBLE, value), Double.toString(value));
    }

    private static void assertReal(String expected, float value) {
        assertEquals(expected, TextFormat.format(DataType.REAL, (double) value), Float.toString(value));
    }

    private static void assertInterval(String expected, int months, int days, long micros) {
        assertEquals(expected, TextFormat.format(DataType.INTERVAL, new Interval(months, days, micros)));
        assertEquals(new Interval(months, days, micros), TextFormat.parse(DataType.INTERVAL, expected), "reads back: " + expected);
    }

    private static void assertParsedInterval(int months, int days, long micros, String text) {
        assertEquals(new Interval(months, days, micros), TextFormat.parse(DataType.INTERVAL, text), text);
    }

    private static void assertError(SqlState state, String message, Executable parse) {
        FreshetException e = assertThrows(FreshetException.class, parse);
        assertEquals(state, e.state(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
    }

    private static long micros(int hours, int minutes, int seconds) {
        return ((hours * 60L + minutes) * 60 + seconds) * 1_000_000L;
    }

    private static long timestamp(int year, int month, int day, int hour, int minute, int second) {
        return LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    }

    /** Oracle: the fewest significant digits that read back, rounded from the exact binary value. */
    private static BigDecimal shortestDouble(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int digits = 1; ; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                return candidate;
            }
        }
    }

    private static BigDecimal shortestFloat(float f) {
        BigDecimal exact = new BigDecimal(f);
        for (int digits = 1; ; digits++) {
            BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (candidate.floatValue() == f) {
                return candidate;
            }
        }
    }
}
