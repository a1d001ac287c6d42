package io.freshet.executor.operator;

import io.freshet.common.BooleanColumn;
import io.freshet.common.StreamChunk;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.RowErrors;
import io.freshet.executor.stream.AbstractOperator;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.KvStore;

/** Keeps the rows whose predicate is TRUE; an update pair split by the predicate becomes DELETE or INSERT. */
public final class FilterOperator extends AbstractOperator {
    private final Expression predicate;

    public FilterOperator(Expression predicate, Emitter output) {
        super(output, 1);
        this.predicate = predicate;
    }

    @Override
    protected void process(int input, StreamChunk chunk) {
        BooleanColumn test = (BooleanColumn) RowErrors.evaluate(predicate, chunk, "filter");
        int n = chunk.rowCount();
        boolean[] mask = new boolean[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            mask[i] = chunk.isVisible(i) && test.isTrue(i);
            if (mask[i]) {
                kept++;
            }
        }
        if (kept == 0) {
            return;
        }
        // Compact so that downstream expressions never see (and never fail on) filtered rows.
        output.chunk(kept == n ? chunk : chunk.withVisibility(mask).compact());
    }

    public record Factory(Expression predicate) implements OperatorFactory {
        @Override
        public StreamOperator create(KvStore store, Emitter output) {
            return new FilterOperator(predicate, output);
        }

        @Override
        public String explain() {
            return "StreamFilter { predicate: " + predicate + " }";
        }
    }
}
