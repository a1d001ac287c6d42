package io.freshet.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link RowCodec} round trips: every value comes back exactly, scale, -0 and NaN included. */
class RowCodecTest {
    private final RandomValues values = RandomValues.create();

    @Test
    void randomRowsOfAllTypesRoundTrip() {
        for (int round = 0; round < 2000; round++) {
            int width = values.random().nextInt(20); // more than 8 columns needs a second bitmap byte
            List<DataType> types = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                types.add(values.type());
            }
            RowCodec codec = new RowCodec(types);
            Object[] row = values.row(types);
            Supplier<String> context = () -> values.describeSeed() + ": " + types + " " + KeyCodecPropertyTest.show(types, row);
            assertRowEquals(types, row, codec.decode(codec.encode(row)), context);

            // Inside a larger buffer, after a prefix, as a state store value would be.
            ByteWriter out = new ByteWriter(1);
            out.writeBytes(new byte[] {7, 7, 7});
            codec.encode(out, row);
            int length = out.size() - 3;
            out.writeByte(9);
            assertRowEquals(types, row, codec.decode(out.buffer(), 3, length), context);
        }
    }

    @Test
    void everyTypeAloneAndAllNull() {
        for (DataType type : RandomValues.TYPES) {
            RowCodec codec = new RowCodec(List.of(type));
            assertNull(codec.decode(codec.encode(new Object[] {null}))[0], type.toString());
            for (int i = 0; i < 200; i++) {
                Object[] row = {values.value(type)};
                assertRowEquals(List.of(type), row, codec.decode(codec.encode(row)),
                        () -> values.describeSeed() + ": " + KeyCodecPropertyTest.show(type, row[0]));
            }
        }
        List<DataType> nine = new ArrayList<>(RandomValues.TYPES.subList(0, 9));
        assertArrayEquals(new Object[9], new RowCodec(nine).decode(new RowCodec(nine).encode(new Object[9])));
        assertEquals(0, new RowCodec(List.of()).decode(new RowCodec(List.of()).encode(new Object[0])).length);
    }

    @Test
    void keepsWhatTheKeyEncodingFolds() {
        RowCodec codec = new RowCodec(List.of(DataType.DOUBLE, DataType.DECIMAL, DataType.DECIMAL, DataType.VARCHAR, DataType.BYTEA));
        Object[] row = {-0.0, new BigDecimal("1.50"), new BigDecimal("1E+5"), "", new byte[0]};
        Object[] decoded = codec.decode(codec.encode(row));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) decoded[0]));
        assertEquals(new BigDecimal("1.50"), decoded[1]);
        assertEquals(new BigDecimal("1E+5"), decoded[2]);
        assertEquals("", decoded[3]);
        assertArrayEquals(new byte[0], (byte[]) decoded[4]);
    }

    @Test
    void truncatedInputFails() {
        RowCodec codec = new RowCodec(List.of(DataType.BIGINT, DataType.VARCHAR));
        byte[] bytes = codec.encode(new Object[] {1L, "hello"});
        assertThrows(IllegalStateException.class, () -> codec.decode(Arrays.copyOf(bytes, bytes.length - 1)));
    }

    /** Exact equality: decimals keep their scale, doubles their bits (-0, NaN). */
    private static void assertRowEquals(List<DataType> types, Object[] expected, Object[] actual, Supplier<String> context) {
        assertEquals(types.size(), actual.length, context);
        for (int c = 0; c < types.size(); c++) {
            Object e = expected[c];
            Object a = actual[c];
            if (e instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) a, context);
            } else if (e instanceof Double d) {
                assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) a), context);
            } else {
                assertEquals(e, a, context); // BigDecimal.equals compares the scale too
            }
        }
    }
}
