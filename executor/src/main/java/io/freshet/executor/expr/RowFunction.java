package io.freshet.executor.expr;

import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.ColumnBuilder;
import io.freshet.common.DataType;
import java.util.List;

/**
 * A scalar function applied row by row on Java values: the general path for functions without a
 * vectorized kernel. A strict function returns NULL when any argument is NULL without being called.
 */
public record RowFunction(String name, Body body, boolean strict, List<Expression> arguments, DataType type)
        implements Expression {
    /** The function's body; arguments arrive as Java values of the argument expressions' types. */
    @FunctionalInterface
    public interface Body {
        Object apply(Object[] arguments);
    }

    public RowFunction {
        arguments = List.copyOf(arguments);
    }

    @Override
    public Column evaluate(Chunk input) {
        int n = input.rowCount();
        Column[] columns = new Column[arguments.size()];
        for (int a = 0; a < columns.length; a++) {
            columns[a] = arguments.get(a).evaluate(input);
        }
        ColumnBuilder out = ColumnBuilder.create(type, n);
        Object[] values = new Object[columns.length];
        for (int i = 0; i < n; i++) {
            boolean anyNull = false;
            for (int a = 0; a < columns.length; a++) {
                values[a] = columns[a].get(i);
                anyNull |= values[a] == null;
            }
            if ((strict && anyNull) || !input.isVisible(i)) {
                out.appendNull();
            } else {
                out.append(body.apply(values));
            }
        }
        return out.build();
    }

    @Override
    public String toString() {
        return name + arguments;
    }
}
