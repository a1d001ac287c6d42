package io.freshet.executor.runtime;

import io.freshet.common.Chunk;
import io.freshet.common.StreamChunk;
import io.freshet.executor.expr.RowErrors;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.KvStore;
import io.freshet.storage.kv.WriteBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a stream plan once, as a batch query: every upstream relation's rows arrive as inserts in
 * one epoch, then one checkpoint barrier makes every operator emit and flush its state into
 * {@code store}. Expression errors fail the run ({@link RowErrors#strict}) instead of giving NULL. Ad-hoc queries use it so they compute with the very operators that maintain views.
 */
public final class OneShot {
    private OneShot() {
    }

    /**
     * Runs {@code plan} against {@code store} (a private, empty store). {@code upstream} gives, per
     * relation name, its rows as insert chunks; {@code checkCanceled} runs between chunks and may
     * throw.
     */
    public static void run(StreamNode.Operator plan, KvStore store, Function<String, Iterator<StreamChunk>> upstream,
                           Runnable checkCanceled) {
        RowErrors.strict(() -> runStrict(plan, store, upstream, checkCanceled));
    }

    private static void runStrict(StreamNode.Operator plan, KvStore store, Function<String, Iterator<StreamChunk>> upstream,
                                  Runnable checkCanceled) {
        List<StreamOperator> operators = new ArrayList<>();
        List<Leaf> leaves = new ArrayList<>();
        instantiate(plan, new Emitter(), store, operators, leaves);
        try {
            Barrier initial = new Barrier(1, Barrier.Kind.INITIAL, new WriteBatch());
            for (Leaf leaf : leaves) {
                leaf.operator().barrier(leaf.input(), initial);
            }
            for (Leaf leaf : leaves) {
                Iterator<StreamChunk> chunks = leaf.values() != null
                        ? (leaf.values().rowCount() == 0 ? java.util.Collections.emptyIterator() : List.of(leaf.values()).iterator())
                        : upstream.apply(leaf.relation());
                while (chunks.hasNext()) {
                    leaf.operator().chunk(leaf.input(), chunks.next());
                    checkCanceled.run();
                }
            }
            WriteBatch batch = new WriteBatch();
            Barrier checkpoint = new Barrier(2, Barrier.Kind.CHECKPOINT, batch);
            for (Leaf leaf : leaves) {
                leaf.operator().barrier(leaf.input(), checkpoint);
            }
            store.write(batch, false);
        } finally {
            for (StreamOperator operator : operators) {
                operator.close();
            }
        }
    }

    /**
     * Input {@code input} of {@code operator} reads {@code relation}'s changes, or (when
     * {@code values} is not null) receives those constant rows once.
     */
    record Leaf(String relation, StreamChunk values, StreamOperator operator, int input) {
    }

    /** Creates the operators of {@code node}'s tree, wired to each other, and lists its leaves. */
    static StreamOperator instantiate(StreamNode.Operator node, Emitter output, KvStore store,
                                              List<StreamOperator> operators, List<Leaf> leaves) {
        StreamOperator operator = node.factory().create(store, output);
        operators.add(operator);
        for (int i = 0; i < node.inputs().size(); i++) {
            StreamNode input = node.inputs().get(i);
            if (input instanceof StreamNode.Upstream upstream) {
                leaves.add(new Leaf(upstream.relation(), null, operator, i));
            } else if (input instanceof StreamNode.Values values) {
                byte[] ops = new byte[values.rows().size()];
                leaves.add(new Leaf(null, new StreamChunk(ops, Chunk.ofRows(values.types(), values.rows())), operator, i));
            } else {
                Emitter childOutput = new Emitter();
                childOutput.addTarget(operator, i);
                instantiate((StreamNode.Operator) input, childOutput, store, operators, leaves);
            }
        }
        return operator;
    }
}
