package io.freshet.server.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.server.pgwire.RawPgClient.Body;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Bind parameter decoding: text and binary, declared and inferred types, and conversions. */
class ParameterDecoderTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static Object text(String value, int declaredOid, DataType type) {
        return ParameterDecoder.decode(value.getBytes(StandardCharsets.UTF_8), 0, 1, declaredOid, type, UTC);
    }

    private static Object binary(byte[] value, int declaredOid, DataType type) {
        return ParameterDecoder.decode(value, 1, 1, declaredOid, type, UTC);
    }

    @Test
    void parsesTextAsTheParameterType() {
        assertEquals(42L, text("42", 1043, DataType.INTEGER), "a varchar-declared value for an integer parameter");
        assertEquals(new BigDecimal("1.50"), text("1.5", 0, DataType.decimal(5, 2)));
        assertEquals("x", text("x", 0, null), "no type at all: the text itself");
        assertEquals(7L, text("7", 20, null), "no inferred type: the declared one");
        assertNull(ParameterDecoder.decode(null, 1, 1, 23, DataType.INTEGER, UTC));
        FreshetException error = assertThrows(FreshetException.class, () -> text("abc", 0, DataType.INTEGER));
        assertEquals("22P02", error.state().code());
    }

    @Test
    void acceptsDatesAndTimesWithZonesAsPgjdbcSendsThem() {
        assertEquals(TestEngine.days(2024, 2, 29), text("2024-02-29 +05:30", 0, DataType.DATE));
        assertEquals(TestEngine.days(2024, 2, 29), text("2024-02-29 10:00:00", 0, DataType.DATE));
        assertEquals(TestEngine.micros(LocalTime.of(23, 59, 58)), text("23:59:58+01", 0, DataType.TIME));
        assertEquals(TestEngine.micros(LocalTime.of(1, 2, 3, 400_000_000)), text("01:02:03.4-05:30", 0, DataType.TIME));
        FreshetException error = assertThrows(FreshetException.class, () -> text("yesterday", 0, DataType.DATE));
        assertTrue(error.getMessage().contains("yesterday"), "the original error is reported: " + error.getMessage());
        assertThrows(FreshetException.class, () -> text("25:00:00+01", 0, DataType.TIME));
    }

    @Test
    void decodesBinaryInTheDeclaredTypeAndConverts() {
        byte[] int8 = new Body().int64(5).bytes();
        assertEquals(5L, binary(int8, 20, DataType.INTEGER));
        byte[] tooBig = new Body().int64(1L << 40).bytes();
        assertEquals("22003", assertThrows(FreshetException.class, () -> binary(tooBig, 20, DataType.INTEGER)).state().code());
        byte[] int4 = new Body().int32(-9).bytes();
        assertEquals(new BigDecimal("-9"), binary(int4, 23, DataType.DECIMAL));
        assertEquals(-9L, binary(int4, 0, DataType.INTEGER), "undeclared: the inferred type's format");
        byte[] uuid = new Body().int64(1).int64(2).bytes();
        assertEquals("00000000-0000-0001-0000-000000000002", binary(uuid, 2950, DataType.VARCHAR));
    }

    @Test
    void refusesBinaryForUnknownTypes() {
        PgException error = assertThrows(PgException.class, () -> binary(new byte[4], 26, DataType.BIGINT));
        assertEquals("0A000", error.sqlState());
        assertEquals("send the value in text format", error.hint());
    }

    @Test
    void appliesDeclaredLengthsAndScales() {
        assertEquals("22001", assertThrows(FreshetException.class,
                () -> binary("toolong".getBytes(StandardCharsets.UTF_8), 1043, DataType.varchar(3))).state().code());
        byte[] numeric = new Body().int16(1).int16(0).int16(0).int16(0).int16(3).bytes();
        assertEquals(new BigDecimal("3.00"), binary(numeric, 1700, DataType.decimal(4, 2)));
    }

    @Test
    void recognizesEmptyQueries() {
        assertTrue(SqlText.isEmptyQuery(""));
        assertTrue(SqlText.isEmptyQuery(" ;\n;"));
        assertTrue(SqlText.isEmptyQuery("-- ping"));
        assertTrue(SqlText.isEmptyQuery("/* a /* nested */ comment */ -- and more\n"));
        assertFalse(SqlText.isEmptyQuery("/* unterminated"));
        assertFalse(SqlText.isEmptyQuery("-- comment\nSELECT 1"));
        assertFalse(SqlText.isEmptyQuery("x"));
    }
}
