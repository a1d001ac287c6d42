package io.freshet.parser;

import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.freshet.parser.Parsing.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresIntervalTest {
    private static final long SECOND = 1_000_000L;

    @Test
    void readsPostgresText() {
        assertValue("1 hour", 0, 0, 3_600 * SECOND);
        assertValue("2 days 3 hours", 0, 2, 3 * 3_600 * SECOND);
        assertValue("1 year 2 mons", 14, 0, 0);
        assertValue("1.5 hours", 0, 0, 5_400 * SECOND);
        assertValue("1.5 days", 0, 1, 12 * 3_600 * SECOND);
        assertValue("1.5 months", 1, 15, 0);
        assertValue("3 days 04:05:06.789", 0, 3, (4 * 3_600 + 5 * 60 + 6) * SECOND + 789_000);
        assertValue("-01:30", 0, 0, -90 * 60 * SECOND);
        assertValue("1 day ago", 0, -1, 0);
        assertValue("@ 2 weeks", 0, 14, 0);
        assertValue("10", 0, 0, 10 * SECOND);
        assertValue("1 day -2 hours", 0, 1, -2 * 3_600 * SECOND);
        assertValue("5 MINUTES, 30 SEC", 0, 0, 330 * SECOND);
        assertValue("250ms", 0, 0, 250_000);
    }

    @Test
    void rejectsWhatItDoesNotRead() {
        assertEquals(Optional.empty(), PostgresInterval.parse(""));
        assertEquals(Optional.empty(), PostgresInterval.parse("P1D"));
        assertEquals(Optional.empty(), PostgresInterval.parse("1 fortnight"));
        assertEquals(Optional.empty(), PostgresInterval.parse("hour"));
        assertEquals(Optional.empty(), PostgresInterval.parse("1:75"));
    }

    @Test
    void narrowestCalciteLiteral() {
        assertEquals("INTERVAL '1' HOUR", literal("1 hour"));
        assertEquals("INTERVAL '1:30' HOUR TO MINUTE", literal("90 minutes"));
        assertEquals("INTERVAL '2 03' DAY TO HOUR", literal("2 days 3 hours"));
        assertEquals("INTERVAL '3 04:05:06.789' DAY TO SECOND(3)", literal("3 days 04:05:06.789"));
        assertEquals("INTERVAL '5' SECOND", literal("5 seconds"));
        assertEquals("INTERVAL '0.250' SECOND(2, 3)", literal("250 ms"));
        assertEquals("INTERVAL '1-2' YEAR TO MONTH", literal("1 year 2 months"));
        assertEquals("INTERVAL '3' MONTH", literal("3 mons"));
        assertEquals("INTERVAL '2' YEAR", literal("24 months"));
        assertEquals("INTERVAL -'1' DAY", literal("1 day ago"));
        assertEquals("INTERVAL '0' SECOND", literal("0"));
        assertEquals("INTERVAL '120' DAY(3)", literal("120 days"));
    }

    @Test
    void noCalciteLiteralForMixedOrSubMillisecondValues() {
        assertEquals(Optional.empty(), PostgresInterval.parse("1 month 2 days").orElseThrow()
                .toCalciteLiteral(SqlParserPos.ZERO));
        assertEquals(Optional.empty(), PostgresInterval.parse("1 microsecond").orElseThrow()
                .toCalciteLiteral(SqlParserPos.ZERO));
    }

    @Test
    void fromTheParsersCast() {
        Optional<SqlIntervalLiteral> literal =
                PostgresInterval.literalOf(FreshetParser.parseExpression("INTERVAL '2 days 3 hours'"));
        assertEquals("INTERVAL '2 03' DAY TO HOUR", sql(literal.orElseThrow()));
        assertTrue(PostgresInterval.literalOf(FreshetParser.parseExpression("'1 minute'::interval")).isPresent());
        assertEquals(Optional.empty(), PostgresInterval.literalOf(FreshetParser.parseExpression("x::interval")));
        assertEquals(Optional.empty(), PostgresInterval.literalOf(FreshetParser.parseExpression("'1'::int")));
    }

    private static void assertValue(String text, long months, long days, long micros) {
        PostgresInterval value = PostgresInterval.parse(text).orElseThrow(() -> new AssertionError(text));
        assertEquals(months, value.months(), text + ": months");
        assertEquals(days, value.days(), text + ": days");
        assertEquals(micros, value.microseconds(), text + ": microseconds");
    }

    private static String literal(String text) {
        return sql(PostgresInterval.parse(text).orElseThrow().toCalciteLiteral(SqlParserPos.ZERO).orElseThrow());
    }
}
