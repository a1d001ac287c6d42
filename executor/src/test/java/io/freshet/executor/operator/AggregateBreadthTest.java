package io.freshet.executor.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.freshet.common.ChunkText;
import io.freshet.common.DataType;
import io.freshet.executor.batch.BatchAggregate;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.InputRef;
import io.freshet.executor.expr.Literal;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.InMemoryStore;
import io.freshet.storage.kv.WriteBatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DISTINCT aggregates, string_agg, bool_and/bool_or, the variance family, fixed (grouping set)
 * groups, the expand and set-operation operators: retractions, restarts from state, and the batch
 * aggregation agreeing with the streaming one. Expected numeric texts are what PostgreSQL 15 prints.
 */
class AggregateBreadthTest {
    /** Input: group, integer value, text, boolean, order key. */
    private static final List<DataType> INPUT = List.of(DataType.VARCHAR, DataType.BIGINT, DataType.VARCHAR,
            DataType.BOOLEAN, DataType.INTEGER);
    private final InMemoryStore store = new InMemoryStore("test");
    private long epoch = 1;

    private StreamOperator start(OperatorFactory factory, CollectingOperator sink) {
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

    private static int[] none(int n) {
        int[] ids = new int[n];
        java.util.Arrays.fill(ids, -1);
        return ids;
    }

    /** GROUP BY $0: count(distinct $1), sum(distinct $1), avg(distinct $1) filter $3. */
    private HashAggOperator.Factory distinctFactory() {
        List<AggCall> calls = List.of(
                new AggCall(AggCall.Kind.COUNT, 1, DataType.BIGINT, DataType.BIGINT, -1, true, -1, List.of()),
                new AggCall(AggCall.Kind.SUM, 1, DataType.BIGINT, DataType.DECIMAL, -1, true, -1, List.of()),
                new AggCall(AggCall.Kind.AVG, 1, DataType.BIGINT, DataType.DECIMAL, 3, true, -1, List.of()));
        return new HashAggOperator.Factory(new int[] {0}, List.of(DataType.VARCHAR), calls, 1, none(3), new int[] {2, 3, 4}, List.of());
    }

    @Test
    void distinctAggregatesCountAValueWhileItsMultiplicityIsPositiveAcrossRestarts() {
        CollectingOperator sink = new CollectingOperator();
        StreamOperator agg = start(distinctFactory(), sink);
        agg.chunk(0, ChunkText.parse(INPUT, """
                + a 5 x t 1
                + a 5 x t 1
                + a 3 x f 1
                + a NULL x t 1
                """));
        checkpoint(agg);
        assertEquals(List.of("+ a 2 8 5.0000000000000000"), sink.take());

        CollectingOperator restartedSink = new CollectingOperator();
        StreamOperator restarted = start(distinctFactory(), restartedSink);
        restarted.chunk(0, ChunkText.parse(INPUT, "- a 5 x t 1"));
        checkpoint(restarted);
        assertEquals(List.of(), restartedSink.take(), "one of two equal values remains: nothing changes");
        restarted.chunk(0, ChunkText.parse(INPUT, """
                - a 5 x t 1
                + a 3 x t 1
                """));
        checkpoint(restarted);
        assertEquals(List.of("U- a 2 8 5.0000000000000000", "U+ a 1 3 3.0000000000000000"), restartedSink.take());
    }

    /** GROUP BY $0: string_agg($2, ',' order by $4 desc), string_agg(distinct $2, '-' order by $2). */
    private HashAggOperator.Factory stringFactory() {
        List<AggCall> calls = List.of(
                new AggCall(AggCall.Kind.STRING_AGG, 2, DataType.VARCHAR, DataType.VARCHAR, -1, false, 5,
                        List.of(new AggCall.OrderKey(4, DataType.INTEGER, true))),
                new AggCall(AggCall.Kind.STRING_AGG, 2, DataType.VARCHAR, DataType.VARCHAR, -1, true, 6,
                        List.of(new AggCall.OrderKey(2, DataType.VARCHAR, false))));
        return new HashAggOperator.Factory(new int[] {0}, List.of(DataType.VARCHAR), calls, 1, new int[] {2, 3}, none(2), List.of());
    }

    private static final List<DataType> STRING_INPUT = List.of(DataType.VARCHAR, DataType.BIGINT, DataType.VARCHAR,
            DataType.BOOLEAN, DataType.INTEGER, DataType.VARCHAR, DataType.VARCHAR);

    @Test
    void stringAggKeepsAnOrderedMultisetAndRebuildsDirtyGroups() {
        CollectingOperator sink = new CollectingOperator();
        StreamOperator agg = start(stringFactory(), sink);
        agg.chunk(0, ChunkText.parse(STRING_INPUT, """
                + a 0 x t 1 , -
                + a 0 y t 3 , -
                + a 0 x t 2 , -
                + a 0 NULL t 9 , -
                + b 0 z t 1 , -
                """));
        checkpoint(agg);
        assertEquals(List.of("+ a y,x,x x-y", "+ b z z"), sink.take());

        CollectingOperator restartedSink = new CollectingOperator();
        StreamOperator restarted = start(stringFactory(), restartedSink);
        restarted.chunk(0, ChunkText.parse(STRING_INPUT, """
                - a 0 y t 3 , -
                U- b 0 z t 1 , -
                U+ b 0 w t 1 , -
                """));
        checkpoint(restarted);
        assertEquals(List.of("U- a y,x,x x-y", "U+ a x,x x", "U- b z z", "U+ b w w"), restartedSink.take());
        restarted.chunk(0, ChunkText.parse(STRING_INPUT, """
                - a 0 x t 1 , -
                - a 0 x t 2 , -
                """));
        checkpoint(restarted);
        assertEquals(List.of("U- a x,x x", "U+ a NULL NULL"), restartedSink.take(), "only a NULL value is left");
    }

    /** Global: bool_and($3), bool_or($3), var_samp($1), stddev_pop($1). */
    private HashAggOperator.Factory statsFactory() {
        List<AggCall> calls = List.of(
                new AggCall(AggCall.Kind.BOOL_AND, 3, DataType.BOOLEAN, DataType.BOOLEAN),
                new AggCall(AggCall.Kind.BOOL_OR, 3, DataType.BOOLEAN, DataType.BOOLEAN),
                new AggCall(AggCall.Kind.VAR_SAMP, 1, DataType.BIGINT, DataType.DECIMAL),
                new AggCall(AggCall.Kind.STDDEV_POP, 1, DataType.BIGINT, DataType.DECIMAL));
        return new HashAggOperator.Factory(new int[0], List.of(), calls, 1, none(4));
    }

    @Test
    void boolAndVarianceRetractExactlyAndRestart() {
        CollectingOperator sink = new CollectingOperator();
        StreamOperator agg = start(statsFactory(), sink);
        checkpoint(agg);
        assertEquals(List.of("+ NULL NULL NULL NULL"), sink.take());
        agg.chunk(0, ChunkText.parse(INPUT, """
                + a 1 x t 1
                + a 2 x t 1
                + a 4 x f 1
                """));
        checkpoint(agg);
        assertEquals(List.of("U- NULL NULL NULL NULL", "U+ f t 2.3333333333333333 1.2472191289246471"), sink.take());

        CollectingOperator restartedSink = new CollectingOperator();
        StreamOperator restarted = start(statsFactory(), restartedSink);
        restarted.chunk(0, ChunkText.parse(INPUT, "- a 4 x f 1"));
        checkpoint(restarted);
        assertEquals(List.of("U- f t 2.3333333333333333 1.2472191289246471", "U+ t t 0.50000000000000000000 0.50000000000000000000"),
                restartedSink.take());
        restarted.chunk(0, ChunkText.parse(INPUT, "- a 2 x t 1"));
        checkpoint(restarted);
        assertEquals(List.of("U- t t 0.50000000000000000000 0.50000000000000000000", "U+ t t NULL 0"), restartedSink.take(),
                "var_samp of one value is NULL, stddev_pop 0");
    }

    @Test
    void batchAggregationComputesTheSameValues() {
        List<Object[]> rows = List.of(
                new Object[] {"a", 1L, "x", true, 1}, new Object[] {"a", 2L, "y", true, 2},
                new Object[] {"a", 2L, "x", false, 3}, new Object[] {"a", null, null, null, 4});
        List<AggCall> calls = new ArrayList<>(statsFactory().calls());
        calls.addAll(distinctFactory().calls().subList(0, 2));
        List<Object[]> out = new BatchAggregate(new int[0], calls).run(rows);
        assertEquals(1, out.size());
        // PostgreSQL: bool_and f, bool_or t, var_samp 0.33333333333333333333, stddev_pop 0.47140452079103168293,
        // count(distinct) 2, sum(distinct) 3 for the values 1, 2, 2, NULL.
        assertEquals(List.of(false, true, new BigDecimal("0.33333333333333333333"), new BigDecimal("0.47140452079103168293"), 2L),
                java.util.Arrays.asList(out.get(0)).subList(0, 5));
        assertEquals(0, new BigDecimal("3").compareTo(new BigDecimal(out.get(0)[5].toString())));
    }

    @Test
    void fixedGroupsExistWithoutRowsAndAreNotInsertedTwiceAfterARestart() {
        HashAggOperator.Factory factory = new HashAggOperator.Factory(new int[] {0, 5}, List.of(DataType.VARCHAR, DataType.INTEGER),
                List.of(new AggCall(AggCall.Kind.COUNT_STAR, -1, null, DataType.BIGINT)), 1, none(1), none(1),
                List.<Object[]>of(new Object[] {null, 1L}));
        List<DataType> input = List.of(DataType.VARCHAR, DataType.BIGINT, DataType.VARCHAR, DataType.BOOLEAN, DataType.INTEGER,
                DataType.INTEGER);
        CollectingOperator sink = new CollectingOperator();
        StreamOperator agg = start(factory, sink);
        checkpoint(agg);
        assertEquals(List.of("+ NULL 1 0"), sink.take());
        agg.chunk(0, ChunkText.parse(input, """
                + NULL 1 x t 1 1
                + a 1 x t 1 0
                """));
        checkpoint(agg);
        assertEquals(List.of("U- NULL 1 0", "U+ NULL 1 1", "+ a 0 1"), sink.take());

        CollectingOperator restartedSink = new CollectingOperator();
        StreamOperator restarted = start(factory, restartedSink);
        checkpoint(restarted);
        assertEquals(List.of(), restartedSink.take());
        restarted.chunk(0, ChunkText.parse(input, """
                - NULL 1 x t 1 1
                - a 1 x t 1 0
                """));
        checkpoint(restarted);
        assertEquals(List.of("U- NULL 1 1", "U+ NULL 1 0", "- a 0 1"), restartedSink.take(), "the fixed group stays with no rows");
    }

    @Test
    void expandEmitsEachChangeOncePerProjection() {
        List<DataType> input = List.of(DataType.VARCHAR, DataType.BIGINT);
        List<List<Expression>> projections = List.of(
                List.of(new InputRef(0, DataType.VARCHAR), new Literal(0L, DataType.INTEGER)),
                List.of(new Literal(null, DataType.VARCHAR), new Literal(1L, DataType.INTEGER)));
        CollectingOperator sink = new CollectingOperator();
        StreamOperator expand = start(new ExpandOperator.Factory(projections), sink);
        expand.chunk(0, ChunkText.parse(input, """
                U- a 1
                U+ b 1
                """));
        assertEquals(List.of("U- a 0", "U+ b 0", "U- NULL 1", "U+ NULL 1"), sink.take());
    }

    @Test
    void setOperationsEmitOnlyTheCopiesBetweenOldAndNewMultiplicity() {
        List<DataType> input = List.of(DataType.VARCHAR, DataType.BIGINT, DataType.BIGINT);
        CollectingOperator exceptAllSink = new CollectingOperator();
        StreamOperator exceptAll = start(new SetOpOperator.Factory(List.of(DataType.VARCHAR), 2, SetOpOperator.Mode.EXCEPT, true),
                exceptAllSink);
        exceptAll.chunk(0, ChunkText.parse(input, """
                + a 3 1
                U- b 1 0
                U+ b 1 1
                U- c 1 2
                U+ c 4 2
                - d 2 0
                """));
        assertEquals(List.of("+ a 0", "+ a 1", "- b 0", "+ c 0", "+ c 1", "- d 0", "- d 1"), exceptAllSink.take());

        CollectingOperator intersectSink = new CollectingOperator();
        StreamOperator intersect = start(new SetOpOperator.Factory(List.of(DataType.VARCHAR), 2, SetOpOperator.Mode.INTERSECT, false),
                intersectSink);
        intersect.chunk(0, ChunkText.parse(input, """
                + a 3 1
                + b 1 0
                U- c 1 2
                U+ c 4 2
                U- d 2 1
                U+ d 2 0
                """));
        assertEquals(List.of("+ a", "- d"), intersectSink.take());
    }
}
