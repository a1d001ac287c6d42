package io.freshet.executor.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.freshet.common.ChunkText;
import io.freshet.common.DataType;
import io.freshet.executor.expr.Arithmetic;
import io.freshet.executor.expr.Comparison;
import io.freshet.executor.expr.InputRef;
import io.freshet.executor.expr.Literal;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.storage.kv.WriteBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterProjectTest {
    private static final List<DataType> INPUT = List.of(DataType.BIGINT, DataType.BIGINT);

    @Test
    void filterSplitsAnUpdatePairThatCrossesThePredicate() {
        CollectingOperator sink = new CollectingOperator();
        Emitter output = new Emitter();
        output.addTarget(sink, 0);
        FilterOperator filter = new FilterOperator(new Comparison(Comparison.Operator.GREATER,
                new InputRef(1, DataType.BIGINT), new Literal(0L, DataType.BIGINT)), output);
        filter.barrier(0, new Barrier(1, Barrier.Kind.INITIAL, new WriteBatch()));
        filter.chunk(0, ChunkText.parse(INPUT, """
                + 1 5
                + 2 -1
                U- 3 4
                U+ 3 -4
                U- 4 -2
                U+ 4 2
                U- 5 1
                U+ 5 2
                + 6 NULL
                """));
        assertEquals(List.of("+ 1 5", "- 3 4", "+ 4 2", "U- 5 1", "U+ 5 2"), sink.take());
    }

    @Test
    void projectComputesExpressionsAndKeepsOps() {
        CollectingOperator sink = new CollectingOperator();
        Emitter output = new Emitter();
        output.addTarget(sink, 0);
        ProjectOperator project = new ProjectOperator(List.of(new InputRef(0, DataType.BIGINT),
                new Arithmetic(Arithmetic.Operator.MULTIPLY, new InputRef(1, DataType.BIGINT), new Literal(10L, DataType.BIGINT),
                        DataType.BIGINT)), output);
        project.barrier(0, new Barrier(1, Barrier.Kind.INITIAL, new WriteBatch()));
        project.chunk(0, ChunkText.parse(INPUT, """
                + 1 5
                U- 2 1
                U+ 2 NULL
                - 3 -7
                """));
        assertEquals(List.of("+ 1 50", "U- 2 10", "U+ 2 NULL", "- 3 -70"), sink.take());
    }
}
