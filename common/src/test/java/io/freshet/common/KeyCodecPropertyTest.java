package io.freshet.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link KeyCodec}: byte order of keys is SQL order (NULLs last ascending, first
 * descending), keys decode to the values they encode, and the chunk path writes the same bytes as
 * the value path.
 *
 * <p>One documented refinement: intervals with the same span but other fields ({@code 1 mon} and
 * {@code 30 days}) are equal in SQL but get distinct keys, ordered by (months, days, micros) after
 * the span. The expected order below is SQL order refined that way.
 */
class KeyCodecPropertyTest {
    private static final int POOL_SIZE = 40;
    private static final int POOLS_PER_TYPE = 3;

    private final RandomValues values = RandomValues.create();

    @Test
    void singleColumnByteOrderIsSqlOrder() {
        for (DataType type : RandomValues.TYPES) {
            for (boolean descending : new boolean[] {false, true}) {
                KeyCodec codec = new KeyCodec(List.of(type), new boolean[] {descending});
                for (int pool = 0; pool < POOLS_PER_TYPE; pool++) {
                    List<Object> candidates = pool(type);
                    List<byte[]> keys = new ArrayList<>();
                    for (Object value : candidates) {
                        keys.add(codec.encode(new Object[] {value}));
                    }
                    for (int i = 0; i < candidates.size(); i++) {
                        for (int j = 0; j < candidates.size(); j++) {
                            int expected = keyOrder(type, descending, candidates.get(i), candidates.get(j));
                            int actual = Arrays.compareUnsigned(keys.get(i), keys.get(j));
                            if (Integer.signum(expected) != Integer.signum(actual)) {
                                fail(values.describeSeed() + ": " + type + (descending ? " DESC" : " ASC") + ": "
                                        + show(type, candidates.get(i)) + " vs " + show(type, candidates.get(j))
                                        + ": SQL order " + expected + ", key order " + actual);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void singleColumnRoundTrip() {
        for (DataType type : RandomValues.TYPES) {
            for (boolean descending : new boolean[] {false, true}) {
                KeyCodec codec = new KeyCodec(List.of(type), new boolean[] {descending});
                for (Object value : pool(type)) {
                    Object decoded = codec.decode(codec.encode(new Object[] {value}))[0];
                    assertDecoded(type, value, decoded, () -> type + (descending ? " DESC" : " ASC"));
                }
            }
        }
    }

    @Test
    void multiColumnKeysMixingDirections() {
        for (int round = 0; round < 300; round++) {
            int width = 1 + values.random().nextInt(4);
            List<DataType> types = new ArrayList<>();
            boolean[] descending = new boolean[width];
            List<List<Object>> columnPools = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                DataType type = values.type();
                types.add(type);
                descending[c] = values.random().nextBoolean();
                // Few distinct values per column, so that earlier columns tie often.
                columnPools.add(pool(type).subList(0, 4));
            }
            KeyCodec codec = new KeyCodec(types, descending);
            List<Object[]> rows = new ArrayList<>();
            for (int r = 0; r < 20; r++) {
                Object[] row = new Object[width];
                for (int c = 0; c < width; c++) {
                    row[c] = columnPools.get(c).get(values.random().nextInt(4));
                }
                rows.add(row);
            }
            String context = "key " + types + " descending " + Arrays.toString(descending);
            for (Object[] a : rows) {
                byte[] keyA = codec.encode(a);
                assertRowDecoded(types, a, codec.decode(keyA), () -> context);
                for (Object[] b : rows) {
                    int expected = 0;
                    for (int c = 0; c < width && expected == 0; c++) {
                        expected = keyOrder(types.get(c), descending[c], a[c], b[c]);
                    }
                    int actual = Arrays.compareUnsigned(keyA, codec.encode(b));
                    if (Integer.signum(expected) != Integer.signum(actual)) {
                        fail(values.describeSeed() + ": " + context + ": " + show(types, a) + " vs " + show(types, b)
                                + ": SQL order " + expected + ", key order " + actual);
                    }
                }
            }
        }
    }

    @Test
    void chunkPathWritesTheSameBytesAsTheValuePath() {
        for (int round = 0; round < 200; round++) {
            int width = 1 + values.random().nextInt(4);
            List<DataType> keyTypes = new ArrayList<>();
            boolean[] descending = new boolean[width];
            for (int c = 0; c < width; c++) {
                keyTypes.add(values.type());
                descending[c] = values.random().nextBoolean();
            }
            // The chunk holds the key columns in reverse order after one unrelated column.
            List<DataType> chunkTypes = new ArrayList<>();
            chunkTypes.add(DataType.VARCHAR);
            for (int c = width - 1; c >= 0; c--) {
                chunkTypes.add(keyTypes.get(c));
            }
            int[] keyColumns = new int[width];
            for (int c = 0; c < width; c++) {
                keyColumns[c] = width - c;
            }
            List<Object[]> keyRows = new ArrayList<>();
            List<Object[]> chunkRows = new ArrayList<>();
            for (int r = 0; r < 30; r++) {
                Object[] chunkRow = values.row(chunkTypes);
                Object[] keyRow = new Object[width];
                for (int c = 0; c < width; c++) {
                    keyRow[c] = chunkRow[keyColumns[c]];
                }
                chunkRows.add(chunkRow);
                keyRows.add(keyRow);
            }
            Chunk chunk = Chunk.ofRows(chunkTypes, chunkRows);
            KeyCodec codec = new KeyCodec(keyTypes, descending);
            ByteWriter out = new ByteWriter();
            for (int r = 0; r < keyRows.size(); r++) {
                out.reset();
                out.writeByte(0x55); // a prefix, as a table id would be
                codec.encode(out, chunk, keyColumns, r);
                byte[] fromChunk = Arrays.copyOfRange(out.toByteArray(), 1, out.size());
                byte[] fromValues = codec.encode(keyRows.get(r));
                Object[] keyRow = keyRows.get(r);
                Supplier<String> context = () -> "key " + keyTypes + " " + Arrays.toString(descending)
                        + " row " + show(keyTypes, keyRow);
                assertArrayEquals(fromValues, fromChunk, () -> values.describeSeed() + ": " + context.get());
                assertRowDecoded(keyTypes, keyRow, codec.decode(out.toByteArray(), 1, out.size() - 1), context);
            }
        }
    }

    @Test
    void nullsSortLastAscendingAndFirstDescending() {
        for (DataType type : RandomValues.TYPES) {
            Object value = values.value(type);
            KeyCodec ascending = KeyCodec.ascending(List.of(type));
            KeyCodec descending = new KeyCodec(List.of(type), new boolean[] {true});
            assertTrue(Arrays.compareUnsigned(ascending.encode(new Object[] {value}), ascending.encode(new Object[] {null})) < 0, type.toString());
            assertTrue(Arrays.compareUnsigned(descending.encode(new Object[] {value}), descending.encode(new Object[] {null})) > 0, type.toString());
        }
    }

    @Test
    void equalValuesInOtherFormsShareOneKey() {
        KeyCodec doubles = KeyCodec.ascending(List.of(DataType.DOUBLE));
        assertArrayEquals(doubles.encode(new Object[] {0.0}), doubles.encode(new Object[] {-0.0}));
        assertArrayEquals(doubles.encode(new Object[] {Double.NaN}), doubles.encode(new Object[] {Double.longBitsToDouble(0x7ff0000000000001L)}));
        KeyCodec decimals = KeyCodec.ascending(List.of(DataType.DECIMAL));
        assertArrayEquals(decimals.encode(new Object[] {new BigDecimal("1.5")}), decimals.encode(new Object[] {new BigDecimal("1.50")}));
        assertArrayEquals(decimals.encode(new Object[] {new BigDecimal("100")}), decimals.encode(new Object[] {new BigDecimal("1E+2")}));
        assertArrayEquals(decimals.encode(new Object[] {BigDecimal.ZERO}), decimals.encode(new Object[] {new BigDecimal("-0.000")}));
    }

    /** POOL_SIZE values of {@code type} (a few NULLs among them), with near neighbours of strings and bytes. */
    private List<Object> pool(DataType type) {
        List<Object> pool = new ArrayList<>();
        while (pool.size() < POOL_SIZE) {
            Object value = values.valueOrNull(type);
            pool.add(value);
            // A value next to its extensions: "a" < "a\0" < "a\0\0" < "a\1".
            if (value instanceof String text && text.codePointCount(0, text.length()) < 5) {
                pool.add(text + "\u0000");
            } else if (value instanceof byte[] bytes) {
                byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
                pool.add(longer);
            }
        }
        return pool;
    }

    /** SQL order with NULLs last, reversed for DESC, intervals of equal span refined by their fields. */
    private static int keyOrder(DataType type, boolean descending, Object a, Object b) {
        int ascending;
        if (a == null || b == null) {
            ascending = a == null ? (b == null ? 0 : 1) : -1;
        } else {
            ascending = Values.compare(type, a, b);
            if (ascending == 0 && type.kind() == TypeKind.INTERVAL) {
                Interval x = (Interval) a;
                Interval y = (Interval) b;
                ascending = x.months() != y.months() ? Integer.compare(x.months(), y.months())
                        : x.days() != y.days() ? Integer.compare(x.days(), y.days())
                        : Long.compare(x.micros(), y.micros());
            }
        }
        return descending ? -ascending : ascending;
    }

    private void assertRowDecoded(List<DataType> types, Object[] expected, Object[] actual, Supplier<String> context) {
        assertEquals(types.size(), actual.length, context);
        for (int c = 0; c < types.size(); c++) {
            int column = c;
            assertDecoded(types.get(c), expected[c], actual[c], () -> context.get() + " column " + column);
        }
    }

    /** Decimals compare by value and carry the declared scale; doubles fold -0 to 0. */
    private void assertDecoded(DataType type, Object expected, Object actual, Supplier<String> context) {
        Supplier<String> message = () -> values.describeSeed() + ": " + context.get() + ": " + show(type, expected)
                + " decoded as " + show(type, actual);
        if (expected == null || actual == null) {
            assertEquals(expected, actual, message);
            return;
        }
        switch (type.kind().physical()) {
            case DECIMAL: {
                BigDecimal decoded = (BigDecimal) actual;
                assertEquals(0, ((BigDecimal) expected).compareTo(decoded), message);
                if (type.scale() != DataType.UNBOUNDED) {
                    assertEquals(type.scale(), decoded.scale(), message);
                }
                return;
            }
            case DOUBLE: {
                double value = (Double) expected;
                double folded = value == 0 ? 0.0 : value; // -0 decodes as 0
                assertEquals(Double.doubleToLongBits(folded), Double.doubleToLongBits((Double) actual), message);
                return;
            }
            case BYTES:
                if (expected instanceof byte[] bytes) {
                    assertArrayEquals(bytes, (byte[]) actual, message);
                    return;
                }
                assertEquals(expected, actual, message);
                return;
            case BOOLEAN:
            case LONG:
            case INTERVAL:
                assertEquals(expected, actual, message);
                return;
        }
        throw new AssertionError(type);
    }

    static String show(List<DataType> types, Object[] row) {
        List<String> shown = new ArrayList<>();
        for (int c = 0; c < row.length; c++) {
            shown.add(show(types.get(c), row[c]));
        }
        return shown.toString();
    }

    /** A value's Postgres text with control and non-ASCII characters escaped, so failures are readable. */
    static String show(DataType type, Object value) {
        if (value == null) {
            return "NULL";
        }
        StringBuilder out = new StringBuilder();
        TextFormat.format(type, value).codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
            } else {
                out.append(String.format("\\u{%x}", c));
            }
        });
        return "'" + out + "'";
    }
}
