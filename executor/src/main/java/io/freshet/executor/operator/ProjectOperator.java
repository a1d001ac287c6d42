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

/** Computes one output column per expression; ops and visibility pass through. */
public final class ProjectOperator extends AbstractOperator {
    private final List<Expression> expressions;

    public ProjectOperator(List<Expression> expressions, Emitter output) {
        super(output, 1);
        this.expressions = List.copyOf(expressions);
    }

    @Override
    protected void process(int input, StreamChunk chunk) {
        List<Column> columns = new ArrayList<>(expressions.size());
        for (Expression expression : expressions) {
            columns.add(RowErrors.evaluate(expression, chunk, "project"));
        }
        output.chunk(chunk.withColumns(columns));
    }

    public record Factory(List<Expression> expressions) implements OperatorFactory {
        public Factory {
            expressions = List.copyOf(expressions);
        }

        @Override
        public StreamOperator create(KvStore store, Emitter output) {
            return new ProjectOperator(expressions, output);
        }

        @Override
        public String explain() {
            return "StreamProject { exprs: " + expressions + " }";
        }
    }
}
