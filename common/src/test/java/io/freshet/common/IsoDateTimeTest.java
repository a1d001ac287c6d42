package io.freshet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path for ISO date/time text ({@link IsoDateTime}) against the general parser: for text
 * it reads it gives the general parser's value, it reads the common shapes, and it leaves all other
 * text (including out-of-range fields) to the general parser, whose errors are then unchanged.
 */
class IsoDateTimeTest {
    private static final List<ZoneId> ZONES = List.of(ZoneOffset.UTC, ZoneOffset.ofHoursMinutes(5, 30),
            ZoneOffset.ofHours(-8), ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"));

    /** Asserts the fast path reads {@code text} and agrees with the general parser for every type and zone. */
    private static void assertFastAndSame(String text) {
        long ts = IsoDateTime.timestamp(text);
        assertNotEquals(IsoDateTime.NOT_FAST, ts, text);
        assertEquals(TextFormat.parseTimestampGeneral(text), ts, text);
        assertEquals(TextFormat.parseDateGeneral(text), IsoDateTime.date(text), text);
        for (ZoneId zone : ZONES) {
            assertEquals(TextFormat.parseTimestampTzGeneral(text, zone), IsoDateTime.timestampTz(text, zone), text + " in " + zone);
        }
        // And through the public entry points.
        assertEquals(TextFormat.parseTimestampGeneral(text), TextFormat.parseTimestamp(text), text);
        assertEquals(TextFormat.parseTimestampGeneral(text), TextFormat.parse(DataType.TIMESTAMP, text), text);
    }

    /** Asserts the fast path leaves {@code text} to the general parser. */
    private static void assertNotFast(String text) {
        assertEquals(IsoDateTime.NOT_FAST, IsoDateTime.timestamp(text), text);
        assertEquals(IsoDateTime.NOT_FAST, IsoDateTime.date(text), text);
        assertEquals(IsoDateTime.NOT_FAST, IsoDateTime.timestampTz(text, ZoneOffset.UTC), text);
    }

    @Test
    void commonShapesAgreeWithTheGeneralParser() {
        List<String> texts = new ArrayList<>();
        String[] dates = {"2024-02-29", "2023-02-28", "2000-02-29", "1970-01-01", "1969-12-31", "0001-01-01", "0000-03-01",
                "9999-12-31", "1900-03-01", "2024-12-31", "1582-10-10", "2100-02-28"};
        String[] times = {"00:00:00", "13:14:15", "23:59:59", "12:00:01"};
        String[] fractions = {"", ".1", ".12", ".123", ".1234", ".12345", ".123456", ".000001", ".999999", ".5", ".000000"};
        String[] zones = {"", "Z", "z", "+00", "+01", "-08", "+05:30", "-03:30", "+0545", "-1130", "+17:59", "-00:00", "+14"};
        for (String date : dates) {
            texts.add(date);
            for (String sep : new String[] {" ", "T", "t"}) {
                for (String time : times) {
                    for (String fraction : fractions) {
                        for (String zone : zones) {
                            texts.add(date + sep + time + fraction + zone);
                        }
                    }
                }
            }
        }
        for (String text : texts) {
            assertFastAndSame(text);
        }
    }

    @Test
    void randomDateTimesAgreeWithTheGeneralParser() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            int year = random.nextInt(10_000);
            int month = 1 + random.nextInt(12);
            int day = 1 + random.nextInt(31);
            String text = String.format("%04d-%02d-%02d %02d:%02d:%02d", year, month, day, random.nextInt(24),
                    random.nextInt(60), random.nextInt(60));
            if (random.nextBoolean()) {
                text += "." + String.format("%06d", random.nextInt(1_000_000)).substring(0, 1 + random.nextInt(6));
            }
            if (random.nextBoolean()) {
                text += String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(15), random.nextInt(60));
            }
            boolean valid;
            try {
                TextFormat.parseTimestampGeneral(text);
                valid = true;
            } catch (FreshetException e) {
                valid = false;
            }
            if (valid) {
                assertFastAndSame(text);
            } else {
                // Day 31 of a 30-day month, February 29 of a common year, ...
                assertNotFast(text);
            }
        }
    }

    @Test
    void otherShapesAreLeftToTheGeneralParser() {
        for (String text : new String[] {"2024-1-02", "2024-01-2", "24-01-02", "12024-01-02", "2024-01-02 3:04:05",
                "2024-01-02 03:04", "2024-01-02 03:04:05.1234567", "2024-01-02 03:04:05.", "2024-01-02 03:04:05 +01",
                "2024-01-02 03:04:05+1", "2024-01-02 03:04:05+01:3", "2024-01-02 03:04:05 UTC", "2024-01-02 03:04:05+18",
                "2024-01-02 BC", "2024-01-02 03:04:05 BC", " 2024-01-02", "2024-01-02x", "2024/01/02", "2024-01-02  03:04:05",
                "2024-01-02 03:04:05Zx", "2024-01-02 03:04:05+01:00:00", "２０２４-01-02"}) {
            assertNotFast(text);
        }
        // The ones the general parser reads still read the same through the public entry point.
        assertEquals(TextFormat.parseTimestampGeneral("2024-1-2 3:04:05"), TextFormat.parseTimestamp("2024-1-2 3:04:05"));
        assertEquals(TextFormat.parseTimestampGeneral("2024-01-02 03:04:05.9999999"),
                TextFormat.parseTimestamp("2024-01-02 03:04:05.9999999"));
        assertEquals(TextFormat.parseTimestampTzGeneral("2024-01-02 03:04:05 UTC", ZoneOffset.UTC),
                TextFormat.parseTimestampTz("2024-01-02 03:04:05 UTC", ZoneOffset.UTC));
    }

    @Test
    void invalidFieldsAreStillErrorsWithTheirSqlState() {
        String[][] cases = {
            {"2024-13-01 00:00:00", "22008"}, {"2024-00-10", "22008"}, {"2023-02-29", "22008"}, {"2024-02-30 10:00:00", "22008"},
            {"2024-04-31", "22008"}, {"2024-01-01 24:00:00", "22008"}, {"2024-01-01 23:60:00", "22008"},
            {"2024-01-01 23:59:60", "22008"}, {"2024-01-01 10:00:00+19", "22008"}, {"2024-01-01 10:00:00+05:60", "22008"},
            {"2024-01-01 10:00:00.", "22007"}, {"2024-01-01x10:00:00", "22007"}, {"soon", "22007"},
        };
        for (String[] c : cases) {
            for (DataType type : List.of(DataType.TIMESTAMP, DataType.TIMESTAMPTZ, DataType.DATE)) {
                FreshetException e = assertThrows(FreshetException.class, () -> TextFormat.parse(type, c[0]), c[0]);
                assertEquals(c[1], e.state().code(), c[0] + " as " + type.sqlName() + ": " + e.getMessage());
            }
            assertNotFast(c[0]);
        }
    }
}
