package io.freshet.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link StreamChunk}'s update-pair invariant, visibility and compaction; {@link ColumnBuilder}. */
class StreamChunkTest {
    private static final List<DataType> TYPES = List.of(DataType.INTEGER, DataType.VARCHAR);

    private final RandomValues values = RandomValues.create();

    @Test
    void updatePairsMustBeAdjacentAndVisibleTogether() {
        accepts(ops(Op.UPDATE_BEFORE, Op.UPDATE_AFTER), null);
        accepts(ops(Op.INSERT, Op.UPDATE_BEFORE, Op.UPDATE_AFTER, Op.DELETE), null);
        accepts(ops(Op.UPDATE_BEFORE, Op.UPDATE_AFTER, Op.UPDATE_BEFORE, Op.UPDATE_AFTER), null);
        accepts(ops(Op.UPDATE_BEFORE, Op.UPDATE_AFTER), new boolean[] {false, false});
        accepts(ops(Op.INSERT, Op.UPDATE_BEFORE), new boolean[] {true, false});

        rejects(ops(Op.UPDATE_BEFORE), null);
        rejects(ops(Op.UPDATE_AFTER), null);
        rejects(ops(Op.UPDATE_BEFORE, Op.INSERT), null);
        rejects(ops(Op.INSERT, Op.UPDATE_AFTER), null);
        rejects(ops(Op.UPDATE_AFTER, Op.UPDATE_BEFORE), null);
        rejects(ops(Op.UPDATE_BEFORE, Op.UPDATE_BEFORE, Op.UPDATE_AFTER), null);
        rejects(ops(Op.UPDATE_BEFORE, Op.UPDATE_AFTER), new boolean[] {true, false});
        rejects(ops(Op.UPDATE_BEFORE, Op.UPDATE_AFTER), new boolean[] {false, true});
        // A hidden row between the halves splits the pair.
        rejects(ops(Op.UPDATE_BEFORE, Op.INSERT, Op.UPDATE_AFTER), new boolean[] {true, false, true});
    }

    @Test
    void withVisibilityTurnsASplitPairIntoDeleteAndInsert() {
        StreamChunk chunk = ChunkText.parse(TYPES, """
                +  1 a
                U- 2 b
                U+ 2 c
                """);
        StreamChunk keepBefore = chunk.withVisibility(new boolean[] {true, true, false});
        assertEquals(List.of("+ 1 a", "- 2 b"), ChunkText.lines(keepBefore));
        StreamChunk keepAfter = chunk.withVisibility(new boolean[] {false, false, true});
        assertEquals(List.of("+ 2 c"), ChunkText.lines(keepAfter));
        StreamChunk keepBoth = chunk.withVisibility(new boolean[] {false, true, true});
        assertEquals(List.of("U- 2 b", "U+ 2 c"), ChunkText.lines(keepBoth));
        assertSame(chunk.ops(), keepBoth.ops(), "an unsplit pair needs no new op column");
        // The source chunk is unchanged.
        assertEquals(List.of("+ 1 a", "U- 2 b", "U+ 2 c"), ChunkText.lines(chunk));
    }

    @Test
    void withVisibilityLeavesAHiddenUnpairedUpdateBeforeAlone() {
        StreamChunk trailing = new StreamChunk(ops(Op.INSERT, Op.UPDATE_BEFORE), rows(2), 2, new boolean[] {true, false});
        assertEquals(List.of("+ 0 v0"), ChunkText.lines(trailing.withVisibility(new boolean[] {true, false})));

        StreamChunk beforeDelete = new StreamChunk(ops(Op.UPDATE_BEFORE, Op.DELETE), rows(2), 2, new boolean[] {false, true});
        assertEquals(List.of("- 1 v1"), ChunkText.lines(beforeDelete.withVisibility(new boolean[] {false, true})));
    }

    @Test
    void compactKeepsOpsAndValues() {
        StreamChunk chunk = ChunkText.parse(TYPES, """
                +  1 a
                -  2 NULL
                U- 3 c
                U+ 3 d
                +  4 'e f'
                """);
        assertSame(chunk, chunk.compact());
        StreamChunk visible = chunk.withVisibility(new boolean[] {false, true, true, true, false});
        StreamChunk compacted = visible.compact();
        assertNull(compacted.visibility());
        assertEquals(3, compacted.rowCount());
        assertEquals(List.of("- 2 NULL", "U- 3 c", "U+ 3 d"), ChunkText.lines(compacted));
        assertEquals(ChunkText.lines(visible), ChunkText.lines(compacted));

        StreamChunk split = chunk.withVisibility(new boolean[] {true, false, false, true, true}).compact();
        assertEquals(List.of("+ 1 a", "+ 3 d", "+ 4 'e f'"), ChunkText.lines(split));
    }

    @Test
    void randomVisibilityKeepsTheInvariantAndCompactMatches() {
        for (int round = 0; round < 300; round++) {
            List<Op> ops = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            while (ops.size() < 12) {
                Op op = Op.values()[values.random().nextInt(3)];
                ops.add(op);
                if (op == Op.UPDATE_BEFORE) {
                    ops.add(Op.UPDATE_AFTER);
                }
            }
            for (int i = 0; i < ops.size(); i++) {
                rows.add(new Object[] {(long) i, values.random().nextBoolean() ? null : "r" + i});
            }
            StreamChunk chunk = StreamChunk.ofRows(TYPES, ops, rows);
            boolean[] mask = new boolean[ops.size()];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = values.random().nextBoolean();
            }
            StreamChunk masked = chunk.withVisibility(mask); // would throw if a pair stayed split
            StreamChunk compacted = masked.compact();
            String context = values.describeSeed() + ": " + ops + " " + Arrays.toString(mask);
            assertEquals(ChunkText.lines(masked), ChunkText.lines(compacted), context);
            int[] positions = masked.visiblePositions();
            assertEquals(positions.length, compacted.rowCount(), context);
            for (int i = 0; i < positions.length; i++) {
                assertArrayEquals(chunk.row(positions[i]), compacted.row(i), context);
                Op before = chunk.op(positions[i]);
                Op after = compacted.op(i);
                assertTrue(after == before || (before == Op.UPDATE_BEFORE && after == Op.DELETE)
                        || (before == Op.UPDATE_AFTER && after == Op.INSERT), context);
            }
        }
    }

    @Test
    void withColumnsKeepsOpsAndVisibility() {
        StreamChunk chunk = ChunkText.parse(TYPES, "+ 1 a\n- 2 b\n").withVisibility(new boolean[] {false, true});
        StreamChunk projected = chunk.withColumns(List.of(chunk.column(1)));
        assertEquals(List.of("- b"), ChunkText.lines(projected));
        assertThrows(IllegalArgumentException.class, () -> chunk.withColumns(List.of(Column.constant(DataType.INTEGER, 1L, 3))));
    }

    @Test
    void columnBuilderGrowsPastItsCapacityForEveryPhysicalKind() {
        for (DataType type : RandomValues.TYPES) {
            ColumnBuilder builder = ColumnBuilder.create(type, 1);
            List<Object> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                Object value = values.valueOrNull(type);
                expected.add(value);
                builder.append(value);
            }
            Column column = builder.build();
            assertEquals(1000, column.size(), type.toString());
            assertEquals(type, column.type());
            for (int i = 0; i < expected.size(); i++) {
                assertValue(type, expected.get(i), column.get(i), values.describeSeed() + ": " + type + " row " + i);
                assertEquals(expected.get(i) == null, column.isNull(i));
            }

            // appendFrom copies values and nulls, growing another small builder.
            ColumnBuilder copy = ColumnBuilder.create(type, 0);
            for (int i = expected.size() - 1; i >= 0; i--) {
                copy.appendFrom(column, i);
            }
            Column reversed = copy.build();
            for (int i = 0; i < expected.size(); i++) {
                assertValue(type, expected.get(expected.size() - 1 - i), reversed.get(i), values.describeSeed() + ": " + type);
            }
        }
    }

    @Test
    void primitiveAppendsMixWithNulls() {
        ColumnBuilder longs = ColumnBuilder.create(DataType.BIGINT, 2);
        ColumnBuilder doubles = ColumnBuilder.create(DataType.REAL, 2);
        ColumnBuilder booleans = ColumnBuilder.create(DataType.BOOLEAN, 2);
        for (int i = 0; i < 100; i++) {
            if (i % 3 == 0) {
                longs.appendNull();
                doubles.appendNull();
                booleans.appendNull();
            } else {
                longs.appendLong(i);
                doubles.appendDouble(i + 0.5);
                booleans.appendBoolean(i % 2 == 0);
            }
        }
        LongColumn l = (LongColumn) longs.build();
        DoubleColumn d = (DoubleColumn) doubles.build();
        BooleanColumn b = (BooleanColumn) booleans.build();
        for (int i = 0; i < 100; i++) {
            assertEquals(i % 3 == 0, l.isNull(i));
            assertEquals(i % 3 == 0 ? null : (Object) (long) i, l.get(i));
            assertEquals(i % 3 == 0 ? null : (Object) (i + 0.5), d.get(i));
            assertEquals(i % 3 == 0 ? null : (Object) (i % 2 == 0), b.get(i));
            assertEquals(i % 3 != 0 && i % 2 == 0, b.isTrue(i));
        }
        assertThrows(IllegalStateException.class, () -> longs.appendDouble(1));
        assertThrows(IllegalStateException.class, () -> doubles.appendLong(1));
        assertThrows(IllegalStateException.class, () -> ColumnBuilder.create(DataType.VARCHAR, 1).appendBoolean(true));
    }

    @Test
    void appendRoundsRealToFloat() {
        ColumnBuilder builder = ColumnBuilder.create(DataType.REAL, 1);
        builder.append(0.1);
        assertEquals((double) 0.1f, builder.build().get(0));
    }

    @Test
    void selectPicksRowsAndNulls() {
        for (DataType type : RandomValues.TYPES) {
            List<Object> expected = new ArrayList<>();
            ColumnBuilder builder = ColumnBuilder.create(type, 10);
            for (int i = 0; i < 10; i++) {
                Object value = i % 4 == 1 ? null : values.value(type);
                expected.add(value);
                builder.append(value);
            }
            Column column = builder.build();
            int[] positions = {9, 1, 1, 0, 5, 7};
            Column selected = column.select(positions, 5); // the count bounds the positions used
            assertEquals(5, selected.size());
            for (int i = 0; i < 5; i++) {
                assertValue(type, expected.get(positions[i]), selected.get(i), values.describeSeed() + ": " + type);
            }
            assertTrue(selected.mayHaveNulls(), type.toString());
            Column withoutNulls = column.select(new int[] {0, 2, 3}, 3);
            assertFalse(withoutNulls.mayHaveNulls(), type + ": a selection without nulls drops the mask");
            Column empty = column.select(new int[0], 0);
            assertEquals(0, empty.size());
        }
    }

    @Test
    void bytesColumnAccessors() {
        ColumnBuilder builder = ColumnBuilder.create(DataType.VARCHAR, 1);
        builder.append("h\u00e9llo");
        builder.appendNull();
        builder.append("");
        builder.append("h\u00e9llo");
        BytesColumn column = (BytesColumn) builder.build();
        assertEquals(6, column.length(0)); // UTF-8 bytes
        assertEquals(0, column.length(1));
        assertEquals("", column.getString(2));
        assertTrue(column.bytesEqual(0, column, 3));
        assertFalse(column.bytesEqual(0, column, 2));
        assertEquals(List.of("h\u00e9llo", "", "h\u00e9llo"),
                Arrays.asList(column.get(0), column.get(2), column.get(3)));
    }

    @Test
    void chunkChecksColumnLengthsAndCompacts() {
        Column three = Column.constant(DataType.INTEGER, 7L, 3);
        assertThrows(IllegalArgumentException.class, () -> new Chunk(List.of(three), 2));
        assertThrows(IllegalArgumentException.class, () -> new Chunk(List.of(three), 3, new boolean[2]));
        Chunk chunk = new Chunk(List.of(three, Column.constant(DataType.DECIMAL, new BigDecimal("1.50"), 3)), 3,
                new boolean[] {true, false, true});
        assertEquals(2, chunk.visibleCount());
        assertArrayEquals(new int[] {0, 2}, chunk.visiblePositions());
        Chunk compacted = chunk.compact();
        assertEquals(2, compacted.rowCount());
        assertArrayEquals(new Object[] {7L, new BigDecimal("1.50")}, compacted.row(1));
        assertEquals(List.of(DataType.INTEGER, DataType.DECIMAL), compacted.types());
    }

    private static void assertValue(DataType type, Object expected, Object actual, String context) {
        if (expected instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) actual, context);
        } else {
            assertEquals(expected, actual, context);
        }
    }

    private static void accepts(byte[] ops, boolean[] visibility) {
        new StreamChunk(ops, rows(ops.length), ops.length, visibility);
    }

    private static void rejects(byte[] ops, boolean[] visibility) {
        assertThrows(IllegalArgumentException.class, () -> new StreamChunk(ops, rows(ops.length), ops.length, visibility),
                Arrays.toString(ops) + " " + Arrays.toString(visibility));
    }

    private static byte[] ops(Op... ops) {
        byte[] codes = new byte[ops.length];
        for (int i = 0; i < ops.length; i++) {
            codes[i] = ops[i].code();
        }
        return codes;
    }

    /** Columns of {@code count} rows: {@code i, "v" + i}. */
    private static List<Column> rows(int count) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {(long) i, "v" + i});
        }
        return Chunk.ofRows(TYPES, rows).columns();
    }
}
