package io.freshet.executor.operator;

import io.freshet.common.Column;
import io.freshet.common.StreamChunk;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.RowErrors;
import io.freshet.executor.stream.AbstractOperator;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.KvStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits every input change once per projection (GROUPING SETS: once per grouping set, with the
 * columns absent from the set NULL and the set's id as a column); ops and visibility pass through,
 * so an UPDATE pair stays a pair within each projected chunk. Stateless.
 */
public final class ExpandOperator extends AbstractOperator {
    private final List<List<Expression>> projections;

    public ExpandOperator(List<List<Expression>> projections, Emitter output) {
        super(output, 1);
        this.projections = projections;
    }

    @Override
    protected void process(int input, StreamChunk chunk) {
        for (List<Expression> projection : projections) {
            List<Column> columns = new ArrayList<>(projection.size());
            for (Expression expression : projection) {
                columns.add(RowErrors.evaluate(expression, chunk, "expand"));
            }
            output.chunk(chunk.withColumns(columns));
        }
    }

    /** Plan-time description: one list of expressions per output copy, all of the same types. */
    public record Factory(List<List<Expression>> projections) implements OperatorFactory {
        public Factory {
            List<List<Expression>> copy = new ArrayList<>();
            for (List<Expression> projection : projections) {
                copy.add(List.copyOf(projection));
            }
            projections = List.copyOf(copy);
        }

        @Override
        public StreamOperator create(KvStore store, Emitter output) {
            return new ExpandOperator(projections, output);
        }

        @Override
        public String explain() {
            return "StreamExpand { projections: " + projections + " }";
        }
    }
}
