package io.freshet.executor.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.common.ChunkText;
import io.freshet.common.DataType;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.storage.kv.InMemoryStore;
import io.freshet.storage.kv.WriteBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashAggOperatorTest {
    private static final List<DataType> INPUT = List.of(DataType.VARCHAR, DataType.BIGINT);
    private final InMemoryStore store = new InMemoryStore("test");
    private long epoch = 1;

    /** GROUP BY $0 with count(*), sum($1), min($1), max($1). */
    private HashAggOperator.Factory groupedFactory() {
        return new HashAggOperator.Factory(new int[] {0}, List.of(DataType.VARCHAR), List.of(
                new AggCall(AggCall.Kind.COUNT_STAR, -1, null, DataType.BIGINT),
                new AggCall(AggCall.Kind.SUM, 1, DataType.BIGINT, DataType.DECIMAL),
                new AggCall(AggCall.Kind.MIN, 1, DataType.BIGINT, DataType.BIGINT),
                new AggCall(AggCall.Kind.MAX, 1, DataType.BIGINT, DataType.BIGINT)), 1, new int[] {-1, -1, 2, 3});
    }

    private HashAggOperator start(HashAggOperator.Factory factory, CollectingOperator sink) {
        Emitter output = new Emitter();
        output.addTarget(sink, 0);
        HashAggOperator operator = factory.create(store, output);
        operator.barrier(0, new Barrier(epoch, Barrier.Kind.INITIAL, new WriteBatch()));
        return operator;
    }

    private void checkpoint(HashAggOperator operator) {
        WriteBatch batch = new WriteBatch();
        operator.barrier(0, new Barrier(epoch++, Barrier.Kind.CHECKPOINT, batch));
        store.write(batch, true);
    }

    @Test
    void emitsInsertsThenUpdatePairsAndDeletesPerEpoch() {
        CollectingOperator sink = new CollectingOperator();
        HashAggOperator agg = start(groupedFactory(), sink);
        agg.chunk(0, ChunkText.parse(INPUT, """
                + a 5
                + a 3
                + b 7
                """));
        assertTrue(sink.take().isEmpty(), "nothing is emitted before the barrier");
        checkpoint(agg);
        assertEquals(List.of("+ a 2 8 3 5", "+ b 1 7 7 7"), sink.take());

        agg.chunk(0, ChunkText.parse(INPUT, """
                - a 3
                U- b 7
                U+ b 9
                """));
        checkpoint(agg);
        assertEquals(List.of("U- a 2 8 3 5", "U+ a 1 5 5 5", "U- b 1 7 7 7", "U+ b 1 9 9 9"), sink.take());

        agg.chunk(0, ChunkText.parse(INPUT, "- a 5"));
        checkpoint(agg);
        assertEquals(List.of("- a 1 5 5 5"), sink.take(), "a group that loses its last row is deleted");
    }

    @Test
    void deletingTheCurrentExtremeFindsTheNextOneAcrossEpochs() {
        CollectingOperator sink = new CollectingOperator();
        HashAggOperator agg = start(groupedFactory(), sink);
        agg.chunk(0, ChunkText.parse(INPUT, """
                + a 1
                + a 10
                + a 10
                + a 4
                """));
        checkpoint(agg);
        assertEquals(List.of("+ a 4 25 1 10"), sink.take());
        agg.chunk(0, ChunkText.parse(INPUT, "- a 10"));
        checkpoint(agg);
        assertEquals(List.of("U- a 4 25 1 10", "U+ a 3 15 1 10"), sink.take(), "one of two equal maxima remains");
        agg.chunk(0, ChunkText.parse(INPUT, """
                - a 10
                - a 1
                """));
        checkpoint(agg);
        assertEquals(List.of("U- a 3 15 1 10", "U+ a 1 4 4 4"), sink.take());
    }

    @Test
    void stateSurvivesARestartFromTheStore() {
        CollectingOperator sink = new CollectingOperator();
        HashAggOperator agg = start(groupedFactory(), sink);
        agg.chunk(0, ChunkText.parse(INPUT, """
                + a 1
                + a 9
                """));
        checkpoint(agg);
        sink.take();

        CollectingOperator restartedSink = new CollectingOperator();
        HashAggOperator restarted = start(groupedFactory(), restartedSink);
        restarted.chunk(0, ChunkText.parse(INPUT, "- a 9"));
        checkpoint(restarted);
        assertEquals(List.of("U- a 2 10 1 9", "U+ a 1 1 1 1"), restartedSink.take());
    }

    @Test
    void globalAggregateHasOneRowEvenWithoutInput() {
        HashAggOperator.Factory factory = new HashAggOperator.Factory(new int[0], List.of(), List.of(
                new AggCall(AggCall.Kind.COUNT_STAR, -1, null, DataType.BIGINT),
                new AggCall(AggCall.Kind.SUM, 1, DataType.BIGINT, DataType.DECIMAL),
                new AggCall(AggCall.Kind.AVG, 1, DataType.BIGINT, DataType.DECIMAL)), 1, new int[] {-1, -1, -1});
        CollectingOperator sink = new CollectingOperator();
        HashAggOperator agg = start(factory, sink);
        checkpoint(agg);
        assertEquals(List.of("+ 0 NULL NULL"), sink.take());
        agg.chunk(0, ChunkText.parse(INPUT, """
                + a 1
                + b 2
                """));
        checkpoint(agg);
        assertEquals(List.of("U- 0 NULL NULL", "U+ 2 3 1.5000000000000000"), sink.take());
        agg.chunk(0, ChunkText.parse(INPUT, """
                - a 1
                - b 2
                """));
        checkpoint(agg);
        assertEquals(List.of("U- 2 3 1.5000000000000000", "U+ 0 NULL NULL"), sink.take());
    }

    @Test
    void nullsAreIgnoredByCountOfAColumnAndBySum() {
        HashAggOperator.Factory factory = new HashAggOperator.Factory(new int[] {0}, List.of(DataType.VARCHAR), List.of(
                new AggCall(AggCall.Kind.COUNT_STAR, -1, null, DataType.BIGINT),
                new AggCall(AggCall.Kind.COUNT, 1, DataType.BIGINT, DataType.BIGINT),
                new AggCall(AggCall.Kind.SUM, 1, DataType.BIGINT, DataType.DECIMAL)), 1, new int[] {-1, -1, -1});
        CollectingOperator sink = new CollectingOperator();
        HashAggOperator agg = start(factory, sink);
        agg.chunk(0, ChunkText.parse(INPUT, """
                + a NULL
                + a NULL
                """));
        checkpoint(agg);
        assertEquals(List.of("+ a 2 0 NULL"), sink.take());
    }
}
