package io.freshet.server.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.freshet.common.DataType;
import io.freshet.common.Interval;
import io.freshet.common.TypeKind;
import io.freshet.server.pgwire.RawPgClient.Body;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binary encoding and decoding of every type, against byte layouts worked out by hand. */
class BinaryFormatTest {
    @Test
    void encodesNumericInBase10000GroupsAlignedOnTheDecimalPoint() {
        assertNumeric("12345.678", 3, 1, 0, 3, 1, 2345, 6780);
        assertNumeric("-0.0001", 1, -1, 0x4000, 4, 1);
        assertNumeric("0.00", 0, 0, 0, 2);
        assertNumeric("1E+3", 1, 0, 0, 0, 1000);
        assertNumeric("10000", 1, 1, 0, 0, 1);
        assertNumeric("123456789.5", 4, 2, 0, 1, 1, 2345, 6789, 5000);
        assertNumeric("0.5", 1, -1, 0, 1, 5000);
    }

    private static void assertNumeric(String value, int count, int weight, int sign, int scale, int... digits) {
        Body expected = new Body().int16(count).int16(weight).int16(sign).int16(scale);
        for (int digit : digits) {
            expected.int16(digit);
        }
        ByteBuf out = Unpooled.buffer();
        BinaryFormat.encodeNumeric(new BigDecimal(value), out);
        assertArrayEquals(expected.bytes(), ByteBufUtil.getBytes(out), value);
        BigDecimal decoded = (BigDecimal) BinaryFormat.decode(PgType.NUMERIC, expected.bytes());
        assertEquals(0, new BigDecimal(value).compareTo(decoded), value);
        assertEquals(Math.max(0, new BigDecimal(value).scale()), decoded.scale(), "display scale of " + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "9999", "10000", "0.1", "-123.4500", "3.14159265358979323846264338327950288",
        "-99999999999999999999999999.000000001", "1E-20", "7E+30"})
    void numericRoundTrips(String value) {
        BigDecimal decimal = new BigDecimal(value);
        ByteBuf out = Unpooled.buffer();
        BinaryFormat.encodeNumeric(decimal, out);
        BigDecimal decoded = (BigDecimal) BinaryFormat.decode(PgType.NUMERIC, ByteBufUtil.getBytes(out));
        assertEquals(0, decimal.compareTo(decoded), value);
    }

    @Test
    void truncatesDigitsTheDisplayScaleHides() {
        byte[] bytes = new Body().int16(2).int16(0).int16(0).int16(1).int16(1).int16(2599).bytes();
        assertEquals(new BigDecimal("1.2"), BinaryFormat.decode(PgType.NUMERIC, bytes));
    }

    @Test
    void rejectsInvalidNumerics() {
        assertRejected("22P03", PgType.NUMERIC, new Body().int16(1).int16(0).int16(0).int16(0).bytes());
        assertRejected("22P03", PgType.NUMERIC, new Body().int16(1).int16(0).int16(0).int16(0).int16(10_000).bytes());
        assertRejected("22P03", PgType.NUMERIC, new Body().int16(0).int16(0).int16(0x1234).int16(0).bytes());
        assertRejected("0A000", PgType.NUMERIC, new Body().int16(0).int16(0).int16(0xC000).int16(0).bytes());
    }

    @Test
    void rejectsWrongLengths() {
        assertRejected("22P03", PgType.INT4, new byte[] {1, 2, 3});
        assertRejected("22P03", PgType.INT8, new byte[4]);
        assertRejected("22P03", PgType.BOOL, new byte[0]);
        assertRejected("22P03", PgType.INTERVAL, new byte[12]);
        assertRejected("22P03", PgType.UUID, new byte[15]);
    }

    private static void assertRejected(String sqlState, PgType type, byte[] bytes) {
        PgException error = assertThrows(PgException.class, () -> BinaryFormat.decode(type, bytes));
        assertEquals(sqlState, error.sqlState(), error.getMessage());
    }

    @Test
    void usesPostgresEpochForDatesAndTimestamps() {
        assertEncoding(DataType.DATE, TestEngine.days(2000, 1, 1), new Body().int32(0).bytes());
        assertEncoding(DataType.DATE, TestEngine.days(1970, 1, 1), new Body().int32(-10_957).bytes());
        assertEncoding(DataType.TIMESTAMP, 946_684_800_000_001L, new Body().int64(1).bytes());
        assertEncoding(DataType.TIMESTAMPTZ, 0L, new Body().int64(-946_684_800_000_000L).bytes());
        assertEncoding(DataType.TIME, 3_600_000_000L, new Body().int64(3_600_000_000L).bytes());
        assertEncoding(DataType.INTERVAL, new Interval(14, -3, 5L), new Body().int64(5).int32(-3).int32(14).bytes());
    }

    @Test
    void encodesScalarsBigEndian() {
        assertEncoding(DataType.BOOLEAN, true, new byte[] {1});
        assertEncoding(DataType.SMALLINT, -2L, new byte[] {-1, -2});
        assertEncoding(DataType.INTEGER, 258L, new byte[] {0, 0, 1, 2});
        assertEncoding(DataType.BIGINT, Long.MIN_VALUE, new Body().int64(Long.MIN_VALUE).bytes());
        assertEncoding(DataType.REAL, 1.5, new Body().int32(Float.floatToIntBits(1.5f)).bytes());
        assertEncoding(DataType.DOUBLE, -0.1, new Body().int64(Double.doubleToLongBits(-0.1)).bytes());
        assertEncoding(DataType.varchar(3), "é☃", "é☃".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEncoding(DataType.BYTEA, new byte[] {0, -1}, new byte[] {0, -1});
    }

    /** Encodes {@code value}, compares with {@code expected}, and decodes it back. */
    private static void assertEncoding(DataType type, Object value, byte[] expected) {
        ByteBuf out = Unpooled.buffer();
        BinaryFormat.encode(type, value, out);
        assertArrayEquals(expected, ByteBufUtil.getBytes(out), type + " " + value);
        Object decoded = BinaryFormat.decode(PgType.of(type), expected);
        if (value instanceof byte[]) {
            assertArrayEquals((byte[]) value, (byte[]) decoded);
        } else {
            assertEquals(value, decoded);
        }
    }

    @Test
    void mapsEveryTypeToAnOidAndBack() {
        for (TypeKind kind : TypeKind.values()) {
            if (kind == TypeKind.ARRAY) {
                continue;
            }
            DataType type = DataType.of(kind);
            PgType wire = PgType.of(type);
            assertEquals(type, PgType.hintForOid(wire.oid()), kind.name());
            // and the one-dimensional array of it
            DataType array = DataType.array(type);
            assertEquals(array, PgType.hintForOid(PgType.of(array).oid()), kind.name() + "[]");
        }
        assertEquals(DataType.VARCHAR, PgType.hintForOid(25));
        assertEquals(DataType.VARCHAR, PgType.hintForOid(1042));
        assertEquals(null, PgType.hintForOid(0));
        assertEquals(null, PgType.hintForOid(2950));
        assertEquals(null, PgType.hintForOid(114));
        assertEquals(24, PgType.typeModifier(DataType.varchar(20)));
        assertEquals((10 << 16 | 2) + 4, PgType.typeModifier(DataType.decimal(10, 2)));
        assertEquals(-1, PgType.typeModifier(DataType.DECIMAL));
        assertEquals(-1, PgType.typeModifier(DataType.INTEGER));
    }

    @Test
    void decodesTypesFreshetLacksToText() {
        assertEquals("7d444840-9dc0-11d1-b245-5ffdce74fad2",
                BinaryFormat.decode(PgType.UUID, new Body().int64(0x7d4448409dc011d1L).int64(0xb2455ffdce74fad2L).bytes()));
        assertEquals("[]", BinaryFormat.decode(PgType.JSON, "[]".getBytes()));
        for (PgType type : List.of(PgType.UUID, PgType.JSON)) {
            assertEquals(null, type.dataType());
        }
    }

    @Test
    void jsonbIsVersionOneThenNormalizedText() {
        assertEquals(DataType.JSONB, PgType.JSONB.dataType());
        assertEquals(PgType.JSONB, PgType.of(DataType.JSONB));
        assertEquals("{\"a\": 1, \"bb\": [true, null]}", BinaryFormat.decode(PgType.JSONB,
                new Body().int8(1).raw("{\"bb\":[true,null],\"a\":1}".getBytes()).bytes()));
        ByteBuf out = Unpooled.buffer();
        BinaryFormat.encode(DataType.JSONB, "{\"a\": 1}", out);
        assertArrayEquals(new Body().int8(1).raw("{\"a\": 1}".getBytes()).bytes(), ByteBufUtil.getBytes(out));
    }

    @Test
    void arraysUseArraySendLayout() {
        DataType intArray = DataType.array(DataType.INTEGER);
        assertEquals(PgType.INT4_ARRAY, PgType.of(intArray));
        assertEquals(1007, PgType.of(intArray).oid());
        assertEquals(1015, PgType.of(DataType.array(DataType.VARCHAR)).oid());
        assertEquals(1231, PgType.of(DataType.array(DataType.decimal(10, 2))).oid());
        assertEquals(3807, PgType.of(DataType.array(DataType.JSONB)).oid());
        // ndim 1, has-nulls 1, element OID 23, length 3, lower bound 1, then (length, bytes) or -1 per element.
        byte[] expected = new Body().int32(1).int32(1).int32(23).int32(3).int32(1)
                .int32(4).int32(1).int32(-1).int32(4).int32(-3).bytes();
        ByteBuf out = Unpooled.buffer();
        BinaryFormat.encode(intArray, io.freshet.common.SqlArray.of(1L, null, -3L), out);
        assertArrayEquals(expected, ByteBufUtil.getBytes(out));
        assertEquals(io.freshet.common.SqlArray.of(1L, null, -3L), BinaryFormat.decode(PgType.INT4_ARRAY, expected));
        // An empty array has no dimensions.
        byte[] empty = new Body().int32(0).int32(0).int32(25).bytes();
        ByteBuf emptyOut = Unpooled.buffer();
        BinaryFormat.encode(DataType.array(DataType.VARCHAR), io.freshet.common.SqlArray.of(), emptyOut);
        assertArrayEquals(new Body().int32(0).int32(0).int32(1043).bytes(), ByteBufUtil.getBytes(emptyOut));
        assertEquals(List.of(), BinaryFormat.decode(PgType.TEXT_ARRAY, empty));
        byte[] texts = new Body().int32(1).int32(0).int32(25).int32(2).int32(1).int32(1).raw("a".getBytes())
                .int32(0).bytes();
        assertEquals(List.of("a", ""), BinaryFormat.decode(PgType.VARCHAR_ARRAY, texts));
        // An element type other than the array's is refused.
        assertRejected("0A000", PgType.INT4_ARRAY, new Body().int32(1).int32(0).int32(20).int32(1).int32(1).int32(8).int64(1).bytes());
    }
}
