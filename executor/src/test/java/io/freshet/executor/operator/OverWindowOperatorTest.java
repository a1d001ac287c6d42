package io.freshet.executor.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.freshet.common.ChunkText;
import io.freshet.common.DataType;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.InMemoryStore;
import io.freshet.storage.kv.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Window and top-N operators: outputs per epoch, retractions, and restarts from the stored rows. */
class OverWindowOperatorTest {
    /** id (key), grp, sub, val. */
    private static final List<DataType> INPUT = List.of(DataType.BIGINT, DataType.VARCHAR, DataType.VARCHAR, DataType.BIGINT);
    private final InMemoryStore store = new InMemoryStore("test");
    private final CollectingOperator sink = new CollectingOperator();
    private long epoch = 1;

    private StreamOperator start(OperatorFactory factory) {
        Emitter output = new Emitter();
        output.addTarget(sink, 0);
        StreamOperator operator = factory.create(store, output);
        operator.barrier(0, new Barrier(epoch, Barrier.Kind.INITIAL, new WriteBatch()));
        return operator;
    }

    private List<String> checkpoint(StreamOperator operator) {
        WriteBatch batch = new WriteBatch();
        operator.barrier(0, new Barrier(epoch++, Barrier.Kind.CHECKPOINT, batch));
        store.write(batch, true);
        return sink.take();
    }

    private static WindowCall call(WindowCall.Kind kind, int argument) {
        return WindowCall.of(kind, argument, argument < 0 ? null : DataType.BIGINT,
                kind == WindowCall.Kind.AVG ? DataType.DECIMAL : DataType.BIGINT);
    }

    @Test
    void runningSumWithPeersAndRetractionsInTwoColumnPartitions() {
        OverWindowOperator.Factory factory = new OverWindowOperator.Factory(INPUT, new int[] {1, 2},
                List.of(SortField.ascending(3)), WindowFrame.DEFAULT,
                List.of(call(WindowCall.Kind.SUM, 3), call(WindowCall.Kind.ROW_NUMBER, -1), call(WindowCall.Kind.RANK, -1)),
                new int[] {0}, 1);
        StreamOperator window = start(factory);
        window.chunk(0, ChunkText.parse(INPUT, """
                + 1 a x 10
                + 2 a x 20
                + 3 a x 20
                + 4 a y 5
                + 5 b x 1
                """));
        // Peers (2 and 3) share the default RANGE frame's end: both see 50.
        assertEquals(new TreeSet<>(List.of("+ 1 a x 10 10 1 1", "+ 2 a x 20 50 2 2", "+ 3 a x 20 50 3 2",
                "+ 4 a y 5 5 1 1", "+ 5 b x 1 1 1 1")), new TreeSet<>(checkpoint(window)));

        // Restart: a new instance reads the rows back from the store.
        window = start(factory);
        window.chunk(0, ChunkText.parse(INPUT, """
                - 1 a x 10
                U- 4 a y 5
                U+ 4 a x 15
                """));
        assertEquals(List.of("- 1 a x 10 10 1 1", "- 4 a y 5 5 1 1", "U- 2 a x 20 50 2 2", "U+ 2 a x 20 55 2 2",
                "U- 3 a x 20 50 3 2", "U+ 3 a x 20 55 3 2", "+ 4 a x 15 15 1 1"), sortedWithinKinds(checkpoint(window)));
    }

    @Test
    void rowMovingToAnotherPartitionLeavesOneAndEntersTheOther() {
        OverWindowOperator.Factory factory = new OverWindowOperator.Factory(INPUT, new int[] {1},
                List.of(SortField.ascending(3)), WindowFrame.DEFAULT, List.of(call(WindowCall.Kind.RANK, -1)), new int[] {0}, 1);
        StreamOperator window = start(factory);
        window.chunk(0, ChunkText.parse(INPUT, """
                + 1 a x 1
                + 2 a x 2
                + 3 a x 2
                + 5 b x 1
                """));
        checkpoint(window);
        window.chunk(0, ChunkText.parse(INPUT, "- 2 a x 2"));
        window.chunk(0, ChunkText.parse(INPUT, """
                U- 5 b x 1
                U+ 5 b x 0
                """));
        window.chunk(0, ChunkText.parse(INPUT, """
                U- 3 a x 2
                U+ 3 b x 2
                """));
        assertEquals(List.of("- 2 a x 2 2", "- 3 a x 2 2", "U- 5 b x 1 1", "U+ 5 b x 0 1", "+ 3 b x 2 2"), checkpoint(window));
    }

    @Test
    void rowMovingIntoAPartitionTouchedEarlierInTheEpochIsDeletedBeforeItIsInserted() {
        OverWindowOperator.Factory factory = new OverWindowOperator.Factory(INPUT, new int[] {1},
                List.of(SortField.ascending(3)), WindowFrame.DEFAULT, List.of(call(WindowCall.Kind.RANK, -1)), new int[] {0}, 1);
        StreamOperator window = start(factory);
        window.chunk(0, ChunkText.parse(INPUT, """
                + 1 a x 1
                + 3 a x 2
                + 5 b x 1
                """));
        checkpoint(window);
        // Partition b is touched first, then row 3 moves from a to b: every output delete must come
        // before every insert, or a keyed sink applies "+ 3" and then loses the row to "- 3".
        window.chunk(0, ChunkText.parse(INPUT, """
                U- 5 b x 1
                U+ 5 b x 0
                """));
        window.chunk(0, ChunkText.parse(INPUT, """
                U- 3 a x 2
                U+ 3 b x 2
                """));
        List<String> out = checkpoint(window);
        assertEquals(List.of("- 3 a x 2 2", "U- 5 b x 1 1", "U+ 5 b x 0 1", "+ 3 b x 2 2"), sortedWithinKinds(out));
        assertEquals(0, out.indexOf("- 3 a x 2 2"), "the delete of row 3 precedes its insert: " + out);
    }

    @Test
    void slidingRowsFrameMinMaxAvgAndLagLead() {
        OverWindowOperator.Factory factory = new OverWindowOperator.Factory(INPUT, new int[] {1},
                List.of(SortField.ascending(0)),
                new WindowFrame(true, WindowFrame.Bound.PRECEDING, 1, WindowFrame.Bound.CURRENT_ROW, 0),
                List.of(call(WindowCall.Kind.MIN, 3), call(WindowCall.Kind.MAX, 3), call(WindowCall.Kind.COUNT, 3),
                        new WindowCall(WindowCall.Kind.LAG, 3, DataType.BIGINT, DataType.BIGINT, 1, -1L, -1),
                        new WindowCall(WindowCall.Kind.LEAD, 3, DataType.BIGINT, DataType.BIGINT, 2, null, -1)),
                new int[] {0}, 1);
        StreamOperator window = start(factory);
        window.chunk(0, ChunkText.parse(INPUT, """
                + 1 a x 5
                + 2 a x 3
                + 3 a x NULL
                + 4 a x 8
                """));
        assertEquals(List.of("+ 1 a x 5 5 5 1 -1 NULL", "+ 2 a x 3 3 5 2 5 8", "+ 3 a x NULL 3 3 1 3 NULL",
                "+ 4 a x 8 8 8 1 NULL NULL"), checkpoint(window));
        window.chunk(0, ChunkText.parse(INPUT, "- 2 a x 3"));
        assertEquals(List.of("- 2 a x 3 3 5 2 5 8", "U- 1 a x 5 5 5 1 -1 NULL", "U+ 1 a x 5 5 5 1 -1 8",
                "U- 3 a x NULL 3 3 1 3 NULL", "U+ 3 a x NULL 5 5 1 5 NULL"), checkpoint(window));
    }

    @Test
    void topNKeepsTheRangeAndMaintainsRanksAcrossRestarts() {
        TopNOperator.Factory factory = new TopNOperator.Factory(INPUT, new int[] {1},
                List.of(new SortField(3, true, true)), new int[] {0}, TopNOperator.RankKind.ROW_NUMBER, 1, 2, true, 1);
        StreamOperator topN = start(factory);
        topN.chunk(0, ChunkText.parse(INPUT, """
                + 1 a x 10
                + 2 a x 30
                + 3 a x 20
                + 4 b x 7
                """));
        assertEquals(new TreeSet<>(List.of("+ 2 a x 30 1", "+ 3 a x 20 2", "+ 4 b x 7 1")), new TreeSet<>(checkpoint(topN)));
        topN = start(factory);
        topN.chunk(0, ChunkText.parse(INPUT, "+ 5 a x 40"));
        assertEquals(List.of("- 3 a x 20 2", "U- 2 a x 30 1", "U+ 2 a x 30 2", "+ 5 a x 40 1"), sortedWithinKinds(checkpoint(topN)));
        topN.chunk(0, ChunkText.parse(INPUT, """
                - 5 a x 40
                + 6 a x NULL
                """));
        // DESC puts NULLs first, as in Postgres.
        assertEquals(List.of("- 5 a x 40 1", "+ 6 a x NULL 1"), checkpoint(topN), "NULL enters at rank 1; 30 keeps rank 2");
    }

    @Test
    void rankTopNKeepsTiesAndHopExpandsRowsPerWindow() {
        TopNOperator.Factory factory = new TopNOperator.Factory(INPUT, new int[0], List.of(SortField.ascending(3)),
                new int[] {0}, TopNOperator.RankKind.RANK, 1, 2, false, 1);
        StreamOperator topN = start(factory);
        topN.chunk(0, ChunkText.parse(INPUT, """
                + 1 a x 5
                + 2 a x 5
                + 3 a x 5
                + 4 a x 1
                """));
        assertEquals(new TreeSet<>(List.of("+ 1 a x 5", "+ 2 a x 5", "+ 3 a x 5", "+ 4 a x 1")), new TreeSet<>(checkpoint(topN)));
        topN.chunk(0, ChunkText.parse(INPUT, "+ 5 a x 0"));
        assertEquals(List.of("- 1 a x 5", "- 2 a x 5", "- 3 a x 5", "+ 5 a x 0"), checkpoint(topN));

        List<DataType> timed = List.of(DataType.BIGINT, DataType.TIMESTAMP);
        StreamOperator hop = start(new HopWindowOperator.Factory(1, DataType.TIMESTAMP, 60_000_000L, 120_000_000L, 0));
        hop.chunk(0, ChunkText.parse(timed, """
                U- 1 '2024-01-01 00:01:30'
                U+ 1 '2024-01-01 00:02:00'
                """));
        assertEquals(List.of("- 1 '2024-01-01 00:01:30' '2024-01-01 00:00:00' '2024-01-01 00:02:00'",
                "- 1 '2024-01-01 00:01:30' '2024-01-01 00:01:00' '2024-01-01 00:03:00'",
                "+ 1 '2024-01-01 00:02:00' '2024-01-01 00:01:00' '2024-01-01 00:03:00'",
                "+ 1 '2024-01-01 00:02:00' '2024-01-01 00:02:00' '2024-01-01 00:04:00'"), sink.take());
    }

    /** Deletes, then update pairs, then inserts, each group sorted: emission order within a kind is unspecified. */
    private static List<String> sortedWithinKinds(List<String> lines) {
        List<String> deletes = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        List<String> inserts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("U-")) {
                pairs.add(line + "\n" + lines.get(++i));
            } else if (line.startsWith("-")) {
                deletes.add(line);
            } else {
                inserts.add(line);
            }
        }
        deletes.sort(null);
        pairs.sort(null);
        inserts.sort(null);
        List<String> out = new ArrayList<>(deletes);
        for (String pair : pairs) {
            out.addAll(List.of(pair.split("\n")));
        }
        out.addAll(inserts);
        return out;
    }
}
