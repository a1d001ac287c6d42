package io.freshet.executor.operator;

import io.freshet.common.StreamChunk;
import io.freshet.executor.stream.AbstractOperator;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.KvStore;

/**
 * UNION ALL of several inputs with the same columns: forwards every input's changes and aligns
 * their barriers (the base class holds back an input that is ahead). The planner makes each
 * input carry a branch tag and its own stream key, so the union's stream key stays unique.
 */
public final class UnionOperator extends AbstractOperator {
    public UnionOperator(int inputs, Emitter output) {
        super(output, inputs);
    }

    @Override
    protected void process(int input, StreamChunk chunk) {
        output.chunk(chunk);
    }

    /** Plan-time description: the number of inputs. */
    public record Factory(int inputs) implements OperatorFactory {
        @Override
        public StreamOperator create(KvStore store, Emitter output) {
            return new UnionOperator(inputs, output);
        }

        @Override
        public String explain() {
            return "StreamUnion { inputs: " + inputs + " }";
        }
    }
}
