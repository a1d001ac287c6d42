package io.freshet.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ChunkText}: parsing, formatting, and their round trip over every type. */
class ChunkTextTest {
    private static final List<DataType> PEOPLE = List.of(DataType.INTEGER, DataType.VARCHAR, DataType.decimal(10, 2));

    private final RandomValues values = RandomValues.textSafe();

    @Test
    void parsesOpsValuesAndNulls() {
        StreamChunk chunk = ChunkText.parse(PEOPLE, """
                + 1 alice 10.50
                - 2 bob   NULL

                U- 3 carol 1
                U+ 3 carol 2
                """);
        assertEquals(4, chunk.rowCount());
        assertEquals(List.of(Op.INSERT, Op.DELETE, Op.UPDATE_BEFORE, Op.UPDATE_AFTER),
                List.of(chunk.op(0), chunk.op(1), chunk.op(2), chunk.op(3)));
        assertArrayEquals(new Object[] {1L, "alice", new BigDecimal("10.50")}, chunk.row(0));
        assertArrayEquals(new Object[] {2L, "bob", null}, chunk.row(1));
        assertEquals(new BigDecimal("2.00"), chunk.row(3)[2], "values are fitted to the declared type");
    }

    @Test
    void quotedTokens() {
        List<DataType> types = List.of(DataType.VARCHAR, DataType.VARCHAR, DataType.VARCHAR, DataType.TIMESTAMP, DataType.INTERVAL);
        Chunk chunk = ChunkText.parseRows(types, """
                'hello world' 'NULL' '' '2026-01-01 10:00:00' '1 day -01:00:00'
                'it''s'       NULL   '''' 2026-01-01T10:00:00 P1D
                it's          'a''b' '  ' NULL                NULL
                """);
        assertArrayEquals(new Object[] {"hello world", "NULL", "", TextFormat.parseTimestamp("2026-01-01 10:00:00"),
                new Interval(0, 1, -3_600_000_000L)}, chunk.row(0));
        assertArrayEquals(new Object[] {"it's", null, "'", TextFormat.parseTimestamp("2026-01-01 10:00:00"),
                new Interval(0, 1, 0)}, chunk.row(1));
        assertArrayEquals(new Object[] {"it's", "a'b", "  ", null, null}, chunk.row(2));
    }

    @Test
    void formatsVisibleRowsAligned() {
        StreamChunk chunk = ChunkText.parse(PEOPLE, """
                +  1  alice 10.5
                -  22 bob   NULL
                U- 3  'c d' 1
                U+ 3  'c d' 2
                +  4  hidden 0
                """).withVisibility(new boolean[] {true, true, true, true, false});
        assertEquals("""
                +  1  alice 10.50
                -  22 bob   NULL
                U- 3  'c d' 1.00
                U+ 3  'c d' 2.00
                """, ChunkText.format(chunk));
        assertEquals(List.of("+ 1 alice 10.50", "- 22 bob NULL", "U- 3 'c d' 1.00", "U+ 3 'c d' 2.00"), ChunkText.lines(chunk));
        assertEquals("", ChunkText.format(chunk.withVisibility(new boolean[5])));
    }

    @Test
    void formatQuotesWhatWouldNotReadBack() {
        List<DataType> types = List.of(DataType.VARCHAR, DataType.VARCHAR, DataType.VARCHAR, DataType.VARCHAR, DataType.DATE);
        Chunk chunk = Chunk.ofRows(types, List.<Object[]>of(
                new Object[] {"", "NULL", "'x'", "a b", TextFormat.parseDate("0044-03-15 BC")},
                new Object[] {"null", "it's", "\t", null, null}));
        String text = ChunkText.formatRows(chunk);
        assertEquals("""
                ''   'NULL' '''x''' 'a b' '0044-03-15 BC'
                null it's   '\t'     NULL  NULL
                """, text);
        Chunk back = ChunkText.parseRows(types, text);
        assertArrayEquals(chunk.row(0), back.row(0));
        assertArrayEquals(chunk.row(1), back.row(1));
    }

    @Test
    void comparesAsSequencesOrMultisets() {
        List<DataType> types = List.of(DataType.INTEGER);
        StreamChunk a = ChunkText.parse(types, "+ 1\n- 2\n+ 1\n");
        StreamChunk b = ChunkText.parse(types, "- 2\n+ 1\n+ 1\n");
        StreamChunk c = ChunkText.parse(types, "- 2\n+ 1\n- 1\n");
        assertNotEquals(ChunkText.lines(a), ChunkText.lines(b));
        assertEquals(ChunkText.sortedLines(a), ChunkText.sortedLines(b));
        assertNotEquals(ChunkText.sortedLines(a), ChunkText.sortedLines(c));
    }

    @Test
    void malformedTextNamesTheLine() {
        assertError("line 2", "+ 1 a 1\n+ 2 b\n");
        assertError("unknown op", "* 1 a 1\n");
        assertError("unterminated", "+ 1 'a 1\n");
        assertError("whitespace expected", "+ 1 'a'b 1\n");
        assertError("invalid input syntax for type integer: \"x\"", "+ x a 1\n");
        assertError("numeric field overflow", "+ 1 a 123456789012\n");
        assertError("quoted", "'+' 1 a 1\n");
        // The stream chunk invariant holds for parsed chunks too.
        assertThrows(IllegalArgumentException.class, () -> ChunkText.parse(PEOPLE, "U+ 1 a 1\n"));
    }

    @Test
    void emptyTextIsAnEmptyChunk() {
        assertEquals(0, ChunkText.parse(PEOPLE, "\n  \n").rowCount());
        assertEquals(3, ChunkText.parseRows(PEOPLE, "").columnCount());
    }

    @Test
    void randomChunksRoundTrip() {
        for (int round = 0; round < 200; round++) {
            List<DataType> types = new ArrayList<>();
            int width = values.random().nextInt(5);
            for (int c = 0; c < width; c++) {
                types.add(values.type());
            }
            List<Op> ops = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            while (ops.size() < 8) {
                Op op = Op.values()[values.random().nextInt(3)];
                ops.add(op);
                rows.add(values.row(types));
                if (op == Op.UPDATE_BEFORE) {
                    ops.add(Op.UPDATE_AFTER);
                    rows.add(values.row(types));
                }
            }
            StreamChunk chunk = StreamChunk.ofRows(types, ops, rows);
            String text = ChunkText.format(chunk);
            StreamChunk back = ChunkText.parse(types, text);
            String context = values.describeSeed() + ": " + types + "\n" + text;
            assertEquals(ChunkText.lines(chunk), ChunkText.lines(back), context);
            assertEquals(text, ChunkText.format(back), context);
            for (int r = 0; r < rows.size(); r++) {
                assertEquals(chunk.op(r), back.op(r), context);
                for (int c = 0; c < width; c++) {
                    assertSameValue(rows.get(r)[c], back.row(r)[c], context + " row " + r + " column " + c);
                }
            }
        }
    }

    private static void assertSameValue(Object expected, Object actual, String context) {
        if (expected == null) {
            assertNull(actual, context);
        } else if (expected instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) actual, context);
        } else if (expected instanceof Double d) {
            // Bits tell -0 from 0; NaN payloads are not kept by the text form.
            assertEquals(Double.doubleToLongBits(d), Double.doubleToLongBits((Double) actual), context);
        } else {
            assertEquals(expected, actual, context);
        }
    }

    private static void assertError(String expectedPart, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkText.parse(PEOPLE, text));
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }
}
