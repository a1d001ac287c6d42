package io.freshet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One-dimensional arrays: Postgres 15's text output and input ({@code array_out}, {@code array_in}),
 * array order, and the key and row encodings (memcomparable keys in array order, round trips).
 */
class SqlArrayTest {
    private static final DataType INT_ARRAY = DataType.array(DataType.INTEGER);
    private static final DataType TEXT_ARRAY = DataType.array(DataType.VARCHAR);
    /** Element types whose values have one canonical form, so decoded arrays equal the originals. */
    private static final List<DataType> ARRAY_TYPES = List.of(
            INT_ARRAY, DataType.array(DataType.BIGINT), TEXT_ARRAY, DataType.array(DataType.BOOLEAN),
            DataType.array(DataType.DOUBLE), DataType.array(DataType.REAL), DataType.array(DataType.decimal(10, 2)),
            DataType.array(DataType.DECIMAL), DataType.array(DataType.DATE), DataType.array(DataType.TIMESTAMP),
            DataType.array(DataType.BYTEA));

    @Test
    void outputQuotesLikePostgres() {
        // psql: SELECT array['a','b c','x,y','',null,'q"t','back\s','NULL',' s']::text[]
        assertEquals("{a,\"b c\",\"x,y\",\"\",NULL,\"q\\\"t\",\"back\\\\s\",\"NULL\",\" s\"}",
                TextFormat.format(TEXT_ARRAY, SqlArray.of("a", "b c", "x,y", "", null, "q\"t", "back\\s", "NULL", " s")));
        assertEquals("{\"{\",\"}\",null_ish,\"null\"}", TextFormat.format(TEXT_ARRAY, SqlArray.of("{", "}", "null_ish", "null")));
        assertEquals("{1,2,NULL}", TextFormat.format(INT_ARRAY, SqlArray.of(1L, 2L, null)));
        assertEquals("{}", TextFormat.format(INT_ARRAY, SqlArray.of()));
        assertEquals("{1.50,2}", TextFormat.format(DataType.array(DataType.DECIMAL), SqlArray.of(new BigDecimal("1.50"), new BigDecimal("2"))));
        assertEquals("{\"1 day\",02:00:00}", TextFormat.format(DataType.array(DataType.INTERVAL),
                SqlArray.of(new Interval(0, 1, 0), new Interval(0, 0, 7_200_000_000L))));
        assertEquals("{\"2024-01-02 03:04:05\"}", TextFormat.format(DataType.array(DataType.TIMESTAMP),
                SqlArray.of(TextFormat.parse(DataType.TIMESTAMP, "2024-01-02 03:04:05"))));
        assertEquals("{\"{\\\"a\\\": 1}\"}", TextFormat.format(DataType.array(DataType.JSONB), SqlArray.of(Jsonb.normalize("{\"a\":1}"))));
        assertEquals("{t,f}", TextFormat.format(DataType.array(DataType.BOOLEAN), SqlArray.of(true, false)));
    }

    @Test
    void inputAcceptsPostgresForms() {
        assertEquals(SqlArray.of(1L, 2L, null), TextFormat.parse(INT_ARRAY, " { 1 , 2 ,NULL } "));
        assertEquals(SqlArray.of(), TextFormat.parse(INT_ARRAY, "{}"));
        assertEquals(SqlArray.of(), TextFormat.parse(INT_ARRAY, "{ }"));
        assertEquals(SqlArray.of("a", "b c", "x,y", "", null, "NULL", "q\"t", "b\\s"),
                TextFormat.parse(TEXT_ARRAY, "{a,\"b c\",\"x,y\",\"\",null,\"NULL\",\"q\\\"t\",\"b\\\\s\"}"));
        // Unquoted elements lose surrounding blanks but keep inner ones; backslash escapes anywhere.
        assertEquals(SqlArray.of("a b", "c,d", " e"), TextFormat.parse(TEXT_ARRAY, "{  a b  ,c\\,d, \" e\"}"));
        // Bounded element types check each element.
        assertThrows(FreshetException.class, () -> TextFormat.parse(DataType.array(DataType.varchar(2)), "{abc}"));
    }

    @Test
    void malformedInputIs22P02() {
        for (String bad : List.of("1,2", "{1,2", "{1,,2}", "{,}", "{1}}", "{{1}", "{\"a}", "{1,x}", "")) {
            FreshetException e = assertThrows(FreshetException.class, () -> TextFormat.parse(INT_ARRAY, bad), bad);
            assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, e.state(), bad);
        }
    }

    @Test
    void randomArraysReadBackFromTheirText() {
        RandomValues values = RandomValues.textSafe();
        for (DataType type : ARRAY_TYPES) {
            for (int i = 0; i < 200; i++) {
                Object array = values.value(type);
                String text = TextFormat.format(type, array, ZoneOffset.UTC);
                Object back = TextFormat.parse(type, text, ZoneOffset.UTC);
                assertSameArray(type, array, back, values.describeSeed() + ": " + type + " " + text);
                assertEquals(text, TextFormat.format(type, back, ZoneOffset.UTC), values.describeSeed());
            }
        }
    }

    @Test
    void orderIsElementWiseThenLength() {
        assertTrue(Values.compare(INT_ARRAY, SqlArray.of(1L, 2L), SqlArray.of(1L, 3L)) < 0);
        assertTrue(Values.compare(INT_ARRAY, SqlArray.of(1L, 2L), SqlArray.of(1L, 2L, 0L)) < 0);
        assertTrue(Values.compare(INT_ARRAY, SqlArray.of(2L), SqlArray.of(1L, 9L)) > 0);
        assertTrue(Values.compare(INT_ARRAY, SqlArray.of(1L, null), SqlArray.of(1L, 5L)) > 0);
        assertTrue(Values.compare(INT_ARRAY, SqlArray.of(), SqlArray.of((Object) null)) < 0);
        assertEquals(0, Values.compare(INT_ARRAY, SqlArray.of(1L, null), SqlArray.of(1L, null)));
    }

    @Test
    void keyByteOrderIsArrayOrderInBothDirections() {
        RandomValues values = RandomValues.create();
        for (DataType type : ARRAY_TYPES) {
            for (boolean descending : new boolean[] {false, true}) {
                KeyCodec codec = new KeyCodec(List.of(type, DataType.INTEGER), new boolean[] {descending, false});
                List<Object> pool = pool(values, type);
                List<byte[]> keys = new ArrayList<>();
                for (Object array : pool) {
                    // A second column after the array: the array's encoding must end where it should.
                    keys.add(codec.encode(new Object[] {array, 7L}));
                }
                for (int i = 0; i < pool.size(); i++) {
                    Object decoded = codec.decode(keys.get(i))[0];
                    assertSameArray(type, pool.get(i), decoded, values.describeSeed() + ": " + type);
                    for (int j = 0; j < pool.size(); j++) {
                        int expected = order(type, pool.get(i), pool.get(j)) * (descending ? -1 : 1);
                        int actual = Arrays.compareUnsigned(keys.get(i), keys.get(j));
                        if (Integer.signum(expected) != Integer.signum(actual)) {
                            fail(values.describeSeed() + ": " + type + (descending ? " DESC" : " ASC") + ": "
                                    + show(type, pool.get(i)) + " vs " + show(type, pool.get(j))
                                    + ": SQL order " + expected + ", key order " + actual);
                        }
                    }
                }
            }
        }
    }

    @Test
    void rowEncodingRoundTrips() {
        RandomValues values = RandomValues.create();
        for (DataType type : ARRAY_TYPES) {
            RowCodec codec = new RowCodec(List.of(DataType.INTEGER, type, DataType.VARCHAR));
            for (Object array : pool(values, type)) {
                Object[] row = codec.decode(codec.encode(new Object[] {5L, array, "after"}));
                assertEquals(5L, row[0]);
                assertSameArray(type, array, row[1], values.describeSeed() + ": " + type);
                assertEquals("after", row[2]);
            }
            // The chunk path (ArrayColumn) writes what the value path writes.
            List<Object[]> rows = new ArrayList<>();
            for (Object array : pool(values, type)) {
                rows.add(new Object[] {1L, array, null});
            }
            Chunk chunk = Chunk.ofRows(codec.types(), rows);
            for (int r = 0; r < rows.size(); r++) {
                ByteWriter out = new ByteWriter();
                codec.encode(out, chunk, r);
                assertTrue(Arrays.equals(codec.encode(rows.get(r)), out.toByteArray()), values.describeSeed() + ": " + type);
            }
        }
    }

    /** Arrays of {@code type} (some NULL), each next to its extensions by a value and by a NULL element. */
    private static List<Object> pool(RandomValues values, DataType type) {
        List<Object> pool = new ArrayList<>();
        while (pool.size() < 40) {
            Object value = values.valueOrNull(type);
            pool.add(value);
            if (value instanceof List<?> array) {
                List<Object> longer = new ArrayList<>(array);
                longer.add(values.value(type.element()));
                pool.add(SqlArray.of(longer));
                List<Object> withNull = new ArrayList<>(array);
                withNull.add(null);
                pool.add(SqlArray.of(withNull));
            }
        }
        return pool;
    }

    /** Array order with NULL arrays last. */
    private static int order(DataType type, Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return Values.compare(type, a, b);
    }

    /** Same length, NULLs at the same places, and equal elements (by SQL comparison; bytes by content). */
    private static void assertSameArray(DataType type, Object expected, Object actual, String context) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, context);
            return;
        }
        List<?> x = (List<?>) expected;
        List<?> y = (List<?>) actual;
        assertEquals(x.size(), y.size(), context);
        for (int i = 0; i < x.size(); i++) {
            if (x.get(i) == null || y.get(i) == null) {
                assertEquals(x.get(i), y.get(i), context);
            } else {
                assertEquals(0, Values.compare(type.element(), x.get(i), y.get(i)),
                        () -> context + ": " + show(type, expected) + " became " + show(type, actual));
            }
        }
    }

    private static String show(DataType type, Object value) {
        return value == null ? "NULL" : TextFormat.format(type, value);
    }
}
