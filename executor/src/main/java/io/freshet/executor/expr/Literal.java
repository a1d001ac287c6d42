package io.freshet.executor.expr;

import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.DataType;
import io.freshet.common.TextFormat;

/** A constant (possibly NULL) of a type. */
public record Literal(Object value, DataType type) implements Expression {
    @Override
    public Column evaluate(Chunk input) {
        return Column.constant(type, value, input.rowCount());
    }

    @Override
    public String toString() {
        return value == null ? "null:" + type.sqlName() : TextFormat.format(type, value) + ":" + type.sqlName();
    }
}
