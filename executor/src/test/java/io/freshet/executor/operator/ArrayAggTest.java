package io.freshet.executor.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.freshet.common.ChunkText;
import io.freshet.common.DataType;
import io.freshet.common.SqlArray;
import io.freshet.executor.batch.BatchAggregate;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.InMemoryStore;
import io.freshet.storage.kv.WriteBatch;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * array_agg in {@link HashAggOperator}: an ordered multiset per group that keeps NULL values,
 * retracts exactly (duplicates one at a time), survives a restart from the store, and agrees with
 * {@link BatchAggregate}. Expected arrays are what PostgreSQL 15 prints for the same rows.
 */
class ArrayAggTest {
    /** Input: group, value, order key, text. */
    private static final List<DataType> INPUT = List.of(DataType.VARCHAR, DataType.BIGINT, DataType.INTEGER, DataType.VARCHAR);
    private static final DataType BIGINT_ARRAY = DataType.array(DataType.BIGINT);
    private static final DataType TEXT_ARRAY = DataType.array(DataType.VARCHAR);
    private final InMemoryStore store = new InMemoryStore("test");
    private long epoch = 1;

    /** array_agg($1 ORDER BY $2 DESC), array_agg($3 ORDER BY $2). */
    private static List<AggCall> calls() {
        return List.of(
                new AggCall(AggCall.Kind.ARRAY_AGG, 1, DataType.BIGINT, BIGINT_ARRAY, -1, false, -1,
                        List.of(new AggCall.OrderKey(2, DataType.INTEGER, true))),
                new AggCall(AggCall.Kind.ARRAY_AGG, 3, DataType.VARCHAR, TEXT_ARRAY, -1, false, -1,
                        List.of(new AggCall.OrderKey(2, DataType.INTEGER, false))));
    }

    /** GROUP BY $0 with {@link #calls()}. */
    private static HashAggOperator.Factory grouped() {
        return new HashAggOperator.Factory(new int[] {0}, List.of(DataType.VARCHAR), calls(), 1, new int[] {2, 3});
    }

    /** The same aggregates without GROUP BY. */
    private static HashAggOperator.Factory global() {
        return new HashAggOperator.Factory(new int[0], List.of(), calls(), 4, new int[] {5, 6});
    }

    private StreamOperator start(HashAggOperator.Factory factory, CollectingOperator sink) {
        Emitter output = new Emitter();
        output.addTarget(sink, 0);
        StreamOperator operator = factory.create(store, output);
        operator.barrier(0, new Barrier(epoch, Barrier.Kind.INITIAL, new WriteBatch()));
        return operator;
    }

    private void checkpoint(StreamOperator operator) {
        WriteBatch batch = new WriteBatch();
        operator.barrier(0, new Barrier(epoch++, Barrier.Kind.CHECKPOINT, batch));
        store.write(batch, true);
    }

    @Test
    void keepsNullsRetractsDuplicatesOneAtATimeAndRestarts() {
        CollectingOperator sink = new CollectingOperator();
        StreamOperator agg = start(grouped(), sink);
        agg.chunk(0, ChunkText.parse(INPUT, """
                + a 5    1 x
                + a NULL 3 y
                + a 7    2 z
                + b 1    1 w
                """));
        checkpoint(agg);
        // PostgreSQL: array_agg(v ORDER BY k DESC) = {NULL,7,5}, array_agg(t ORDER BY k) = {x,z,y}
        assertEquals(List.of("+ a {NULL,7,5} {x,z,y}", "+ b {1} {w}"), sink.take());

        CollectingOperator restartedSink = new CollectingOperator();
        StreamOperator restarted = start(grouped(), restartedSink);
        restarted.chunk(0, ChunkText.parse(INPUT, """
                - a 7 2 z
                + a 5 1 x
                U- b 1 1 w
                U+ b 1 4 v
                """));
        checkpoint(restarted);
        assertEquals(List.of("U- a {NULL,7,5} {x,z,y}", "U+ a {NULL,5,5} {x,x,y}", "U- b {1} {w}", "U+ b {1} {v}"),
                restartedSink.take());

        restarted.chunk(0, ChunkText.parse(INPUT, """
                - a 5 1 x
                - b 1 4 v
                """));
        checkpoint(restarted);
        assertEquals(List.of("U- a {NULL,5,5} {x,x,y}", "U+ a {NULL,5} {x,y}", "- b {1} {v}"), restartedSink.take(),
                "one of two equal entries remains; a group without rows is deleted");
    }

    @Test
    void globalArrayAggIsNullWithoutRows() {
        CollectingOperator sink = new CollectingOperator();
        StreamOperator agg = start(global(), sink);
        checkpoint(agg);
        assertEquals(List.of("+ NULL NULL"), sink.take());
        agg.chunk(0, ChunkText.parse(INPUT, """
                + a NULL 1 NULL
                + b 2    2 q
                """));
        checkpoint(agg);
        assertEquals(List.of("U- NULL NULL", "U+ {2,NULL} {NULL,q}"), sink.take());
        agg.chunk(0, ChunkText.parse(INPUT, """
                - a NULL 1 NULL
                - b 2    2 q
                """));
        checkpoint(agg);
        assertEquals(List.of("U- {2,NULL} {NULL,q}", "U+ NULL NULL"), sink.take());
    }

    @Test
    void batchAggregationBuildsTheSameArrays() {
        List<Object[]> rows = List.of(
                new Object[] {"a", 5L, 1L, "x"}, new Object[] {"a", null, 3L, "y"}, new Object[] {"a", 7L, 2L, "z"},
                new Object[] {"a", 5L, 1L, "x"}, new Object[] {"b", 1L, 1L, null});
        List<Object[]> out = new BatchAggregate(new int[] {0}, calls()).run(rows);
        out.sort((x, y) -> ((String) x[0]).compareTo((String) y[0]));
        assertEquals(2, out.size());
        assertEquals(Arrays.asList("a", SqlArray.of(null, 7L, 5L, 5L), SqlArray.of("x", "x", "z", "y")), Arrays.asList(out.get(0)));
        assertEquals(Arrays.asList("b", SqlArray.of(1L), SqlArray.of((Object) null)), Arrays.asList(out.get(1)));
        List<Object[]> none = new BatchAggregate(new int[0], calls()).run(List.of());
        assertEquals(Arrays.asList(null, null), Arrays.asList(none.get(0)), "a global array_agg over no rows is NULL");
    }
}
