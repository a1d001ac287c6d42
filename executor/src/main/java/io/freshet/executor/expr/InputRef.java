package io.freshet.executor.expr;

import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.DataType;

/** A reference to an input column: evaluation returns that column as it is, without copying. */
public record InputRef(int index, DataType type) implements Expression {
    @Override
    public Column evaluate(Chunk input) {
        return input.column(index);
    }

    @Override
    public String toString() {
        return "$" + index;
    }
}
