package io.freshet.executor.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.common.ChunkText;
import io.freshet.common.DataType;
import io.freshet.common.StreamChunk;
import io.freshet.executor.operator.MaterializeOperator;
import io.freshet.storage.kv.InMemoryStore;
import io.freshet.storage.kv.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three invariants of DESIGN.md, checked on the operator base class and a real stateful operator. */
class InvariantsTest {
    private static final List<DataType> TYPES = List.of(DataType.BIGINT);

    /** Records the order of what it processes; two inputs. */
    private static final class TwoInputs extends AbstractOperator {
        final List<String> log = new ArrayList<>();

        TwoInputs(Emitter output) {
            super(output, 2);
        }

        @Override
        protected void process(int input, StreamChunk chunk) {
            log.add("input " + input + ": " + ChunkText.lines(chunk));
        }

        @Override
        protected void onBarrier(Barrier barrier) {
            log.add("aligned " + barrier.epoch());
        }
    }

    @Test
    void firstMessageMustBeABarrier() {
        TwoInputs operator = new TwoInputs(new Emitter());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> operator.chunk(0, ChunkText.parse(TYPES, "+ 1")));
        assertTrue(e.getMessage().contains("before the first barrier"), e.getMessage());
    }

    @Test
    void barriersAreAlignedAndLaterChunksWaitForAlignment() {
        List<String> downstream = new ArrayList<>();
        Emitter output = new Emitter();
        output.addTarget(new StreamOperator() {
            @Override
            public void chunk(int input, StreamChunk chunk) {
                downstream.add("chunk");
            }

            @Override
            public void barrier(int input, Barrier barrier) {
                downstream.add("barrier " + barrier.epoch());
            }
        }, 0);
        TwoInputs operator = new TwoInputs(output);
        WriteBatch batch = new WriteBatch();
        operator.barrier(0, new Barrier(1, Barrier.Kind.INITIAL, batch));
        operator.barrier(1, new Barrier(1, Barrier.Kind.INITIAL, batch));
        operator.chunk(0, ChunkText.parse(TYPES, "+ 1"));
        operator.barrier(0, new Barrier(2, Barrier.Kind.CHECKPOINT, batch));
        // Input 0 is past barrier 2; its next chunk belongs to epoch 3 and must wait.
        operator.chunk(0, ChunkText.parse(TYPES, "+ 2"));
        operator.chunk(1, ChunkText.parse(TYPES, "+ 3"));
        assertEquals(List.of("aligned 1", "input 0: [+ 1]", "input 1: [+ 3]"), operator.log);
        assertEquals(List.of("barrier 1"), downstream);
        operator.barrier(1, new Barrier(2, Barrier.Kind.CHECKPOINT, batch));
        assertEquals(List.of("aligned 1", "input 0: [+ 1]", "input 1: [+ 3]", "aligned 2", "input 0: [+ 2]"), operator.log);
        assertEquals(List.of("barrier 1", "barrier 2"), downstream);
    }

    @Test
    void stateIsInTheBatchBeforeTheBarrierIsForwarded() {
        InMemoryStore store = new InMemoryStore("t");
        List<Integer> batchSizesSeenDownstream = new ArrayList<>();
        Emitter output = new Emitter();
        output.addTarget(new StreamOperator() {
            @Override
            public void chunk(int input, StreamChunk chunk) {
            }

            @Override
            public void barrier(int input, Barrier barrier) {
                batchSizesSeenDownstream.add(barrier.batch().operationCount());
            }
        }, 0);
        MaterializeOperator materialize = new MaterializeOperator.Factory(7, TYPES, new int[] {0}, null,
                MaterializeOperator.ConflictMode.TRUST).create(store, output);
        materialize.barrier(0, new Barrier(1, Barrier.Kind.INITIAL, new WriteBatch()));
        materialize.chunk(0, ChunkText.parse(TYPES, "+ 1\n+ 2"));
        materialize.barrier(0, new Barrier(1, Barrier.Kind.CHECKPOINT, new WriteBatch()));
        assertEquals(List.of(0, 2), batchSizesSeenDownstream);
    }
}
