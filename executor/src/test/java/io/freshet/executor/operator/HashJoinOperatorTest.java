package io.freshet.executor.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.freshet.common.ChunkText;
import io.freshet.common.DataType;
import io.freshet.executor.expr.Comparison;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.InputRef;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.storage.kv.InMemoryStore;
import io.freshet.storage.kv.WriteBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The join operator on hand-written changes. Left rows are (id, k, a), right rows (id, k, b); each
 * side's stream key is its id. Output rows are the left row followed by the right row (the left row
 * alone for SEMI and ANTI).
 */
class HashJoinOperatorTest {
    private static final List<DataType> SIDE = List.of(DataType.BIGINT, DataType.BIGINT, DataType.VARCHAR);
    private final InMemoryStore store = new InMemoryStore("test");
    private final CollectingOperator sink = new CollectingOperator();
    private long epoch = 1;

    private static HashJoinOperator.Factory factory(HashJoinOperator.JoinType type, boolean nullSafe, Expression residual) {
        int[] output = type == HashJoinOperator.JoinType.SEMI || type == HashJoinOperator.JoinType.ANTI
                ? new int[] {0, 1, 2} : new int[] {0, 1, 2, 3, 4, 5};
        return new HashJoinOperator.Factory(type, SIDE, SIDE, new int[] {1}, new int[] {1}, new boolean[] {nullSafe},
                new int[] {0}, new int[] {0}, residual, output, 1, 2);
    }

    private HashJoinOperator start(HashJoinOperator.Factory factory) {
        Emitter output = new Emitter();
        output.addTarget(sink, 0);
        HashJoinOperator join = factory.create(store, output);
        Barrier initial = new Barrier(epoch, Barrier.Kind.INITIAL, new WriteBatch());
        join.barrier(0, initial);
        join.barrier(1, initial);
        return join;
    }

    private void checkpoint(HashJoinOperator join) {
        WriteBatch batch = new WriteBatch();
        Barrier barrier = new Barrier(++epoch, Barrier.Kind.CHECKPOINT, batch);
        join.barrier(0, barrier);
        join.barrier(1, barrier);
        store.write(batch, true);
    }

    private List<String> left(HashJoinOperator join, String rows) {
        join.chunk(0, ChunkText.parse(SIDE, rows));
        return sink.take();
    }

    private List<String> right(HashJoinOperator join, String rows) {
        join.chunk(1, ChunkText.parse(SIDE, rows));
        return sink.take();
    }

    @Test
    void innerJoinMatchesByKeyWithMultiplicity() {
        HashJoinOperator join = start(factory(HashJoinOperator.JoinType.INNER, false, null));
        assertEquals(List.of(), left(join, "+ 1 10 a\n+ 2 10 b\n+ 3 20 c"));
        assertEquals(List.of("+ 1 10 a 7 10 x", "+ 2 10 b 7 10 x"), right(join, "+ 7 10 x"));
        assertEquals(List.of("+ 1 10 a 8 10 y", "+ 2 10 b 8 10 y"), right(join, "+ 8 10 y"));
        assertEquals(List.of("- 2 10 b 7 10 x", "- 2 10 b 8 10 y"), left(join, "- 2 10 b"));
        // An update of the join key is a delete of the old row and an insert of the new one.
        assertEquals(List.of("- 1 10 a 7 10 x", "+ 3 20 c 7 20 x"), right(join, "U- 7 10 x\nU+ 7 20 x"));
    }

    @Test
    void nullKeysNeverMatchWithEqualsButDoWithIsNotDistinctFrom() {
        HashJoinOperator equals = start(factory(HashJoinOperator.JoinType.INNER, false, null));
        left(equals, "+ 1 NULL a");
        assertEquals(List.of(), right(equals, "+ 7 NULL x"));

        HashJoinOperator nullSafe = start(new HashJoinOperator.Factory(HashJoinOperator.JoinType.INNER, SIDE, SIDE,
                new int[] {1}, new int[] {1}, new boolean[] {true}, new int[] {0}, new int[] {0}, null,
                new int[] {0, 3}, 3, 4));
        left(nullSafe, "+ 1 NULL a");
        assertEquals(List.of("+ 1 7"), right(nullSafe, "+ 7 NULL x"));
    }

    @Test
    void leftJoinPadsUnmatchedRowsAndRetractsThemAsDegreesChange() {
        HashJoinOperator join = start(factory(HashJoinOperator.JoinType.LEFT, false, null));
        assertEquals(List.of("+ 1 10 a NULL NULL NULL", "+ 2 NULL b NULL NULL NULL"), left(join, "+ 1 10 a\n+ 2 NULL b"));
        assertEquals(List.of("- 1 10 a NULL NULL NULL", "+ 1 10 a 7 10 x"), right(join, "+ 7 10 x"));
        assertEquals(List.of("+ 1 10 a 8 10 y"), right(join, "+ 8 10 y"), "degree 1 -> 2: nothing to retract");
        assertEquals(List.of("- 1 10 a 7 10 x"), right(join, "- 7 10 x"));
        assertEquals(List.of("- 1 10 a 8 10 y", "+ 1 10 a NULL NULL NULL"), right(join, "- 8 10 y"));
        assertEquals(List.of("- 2 NULL b NULL NULL NULL"), left(join, "- 2 NULL b"));
        assertEquals(List.of(), right(join, "+ 9 30 z"), "an unmatched right row is not output by a LEFT join");
    }

    @Test
    void fullJoinPadsBothSides() {
        HashJoinOperator join = start(factory(HashJoinOperator.JoinType.FULL, false, null));
        assertEquals(List.of("+ NULL NULL NULL 7 10 x"), right(join, "+ 7 10 x"));
        assertEquals(List.of("- NULL NULL NULL 7 10 x", "+ 1 10 a 7 10 x"), left(join, "+ 1 10 a"));
        assertEquals(List.of("- 1 10 a 7 10 x", "+ NULL NULL NULL 7 10 x", "+ 1 20 a NULL NULL NULL"),
                left(join, "U- 1 10 a\nU+ 1 20 a"));
    }

    @Test
    void rightJoinPadsRightRows() {
        HashJoinOperator join = start(factory(HashJoinOperator.JoinType.RIGHT, false, null));
        assertEquals(List.of(), left(join, "+ 1 10 a"));
        assertEquals(List.of("+ NULL NULL NULL 7 20 x"), right(join, "+ 7 20 x"));
        assertEquals(List.of("- NULL NULL NULL 7 20 x", "+ 2 20 b 7 20 x"), left(join, "+ 2 20 b"));
    }

    @Test
    void residualDecidesWhatCountsAsAMatch() {
        // ON l.k = r.k AND l.a < r.b
        Expression residual = new Comparison(Comparison.Operator.LESS, new InputRef(2, DataType.VARCHAR), new InputRef(5, DataType.VARCHAR));
        HashJoinOperator join = start(factory(HashJoinOperator.JoinType.LEFT, false, residual));
        left(join, "+ 1 10 m");
        assertEquals(List.of(), right(join, "+ 7 10 a"), "same key, residual false: still unmatched");
        assertEquals(List.of("- 1 10 m NULL NULL NULL", "+ 1 10 m 8 10 z"), right(join, "+ 8 10 z"));
        assertEquals(List.of("- 1 10 m 8 10 z", "+ 1 10 m NULL NULL NULL"), right(join, "U- 8 10 z\nU+ 8 10 b"));
    }

    @Test
    void semiAndAntiJoinsFollowTheDegree() {
        HashJoinOperator semi = start(factory(HashJoinOperator.JoinType.SEMI, false, null));
        assertEquals(List.of(), left(semi, "+ 1 10 a"));
        assertEquals(List.of("+ 1 10 a"), right(semi, "+ 7 10 x"));
        assertEquals(List.of(), right(semi, "+ 8 10 y"));
        assertEquals(List.of("+ 2 10 b"), left(semi, "+ 2 10 b"));
        assertEquals(List.of(), right(semi, "- 7 10 x"));
        assertEquals(List.of("- 1 10 a", "- 2 10 b"), right(semi, "- 8 10 y"));

        HashJoinOperator anti = start(new HashJoinOperator.Factory(HashJoinOperator.JoinType.ANTI, SIDE, SIDE,
                new int[] {1}, new int[] {1}, new boolean[] {false}, new int[] {0}, new int[] {0}, null,
                new int[] {0, 1, 2}, 3, 4));
        assertEquals(List.of("+ 1 10 a", "+ 2 NULL b"), left(anti, "+ 1 10 a\n+ 2 NULL b"));
        assertEquals(List.of("- 1 10 a"), right(anti, "+ 7 10 x"));
        assertEquals(List.of(), right(anti, "+ 8 NULL y"), "a NULL key matches nothing");
        assertEquals(List.of("+ 1 10 a"), right(anti, "- 7 10 x"));
    }

    @Test
    void selfJoinOfTheSameChangeOnBothInputs() {
        HashJoinOperator join = start(factory(HashJoinOperator.JoinType.INNER, false, null));
        assertEquals(List.of(), left(join, "+ 1 10 a"));
        assertEquals(List.of("+ 1 10 a 1 10 a"), right(join, "+ 1 10 a"));
        assertEquals(List.of("+ 2 10 b 1 10 a"), left(join, "+ 2 10 b"));
        assertEquals(List.of("+ 1 10 a 2 10 b", "+ 2 10 b 2 10 b"), right(join, "+ 2 10 b"));
    }

    @Test
    void restartsFromItsStateTables() {
        HashJoinOperator join = start(factory(HashJoinOperator.JoinType.FULL, false, null));
        left(join, "+ 1 10 a\n+ 2 20 b");
        right(join, "+ 7 10 x\n+ 8 10 y");
        checkpoint(join);
        // Uncommitted changes after the checkpoint are lost with the old instance.
        left(join, "+ 3 10 c");

        HashJoinOperator restarted = start(factory(HashJoinOperator.JoinType.FULL, false, null));
        assertEquals(List.of("- 1 10 a 7 10 x"), right(restarted, "- 7 10 x"), "the degree of row 1 was 2");
        assertEquals(List.of("- 1 10 a 8 10 y", "+ 1 10 a NULL NULL NULL"), right(restarted, "- 8 10 y"));
        assertEquals(List.of("- 2 20 b NULL NULL NULL", "+ 2 20 b 9 20 z"), right(restarted, "+ 9 20 z"));
        assertEquals(List.of("- 1 10 a NULL NULL NULL"), left(restarted, "- 1 10 a"));
        assertEquals(List.of("+ NULL NULL NULL 10 10 w"), right(restarted, "+ 10 10 w"), "row 3 was never committed");
    }
}
