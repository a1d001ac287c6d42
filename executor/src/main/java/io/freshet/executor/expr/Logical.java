package io.freshet.executor.expr;

import io.freshet.common.BooleanColumn;
import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.DataType;
import java.util.List;

/** AND / OR over any number of operands, and NOT, with SQL's three-valued logic. */
public record Logical(Operator operator, List<Expression> operands) implements Expression {
    public enum Operator { AND, OR, NOT }

    public Logical {
        operands = List.copyOf(operands);
    }

    @Override
    public DataType type() {
        return DataType.BOOLEAN;
    }

    @Override
    public Column evaluate(Chunk input) {
        int n = input.rowCount();
        if (operator == Operator.NOT) {
            BooleanColumn c = (BooleanColumn) operands.get(0).evaluate(input);
            boolean[] out = new boolean[n];
            boolean[] nulls = null;
            for (int i = 0; i < n; i++) {
                out[i] = !c.getBoolean(i);
                if (c.isNull(i)) {
                    if (nulls == null) {
                        nulls = new boolean[n];
                    }
                    nulls[i] = true;
                }
            }
            return new BooleanColumn(out, nulls, n);
        }
        boolean and = operator == Operator.AND;
        // value: the result so far; unknown: a NULL was seen and the result is not yet decided.
        boolean[] value = new boolean[n];
        boolean[] unknown = new boolean[n];
        java.util.Arrays.fill(value, and);
        for (Expression operand : operands) {
            BooleanColumn c = (BooleanColumn) operand.evaluate(input);
            for (int i = 0; i < n; i++) {
                if (c.isNull(i)) {
                    unknown[i] = true;
                } else if (c.getBoolean(i) != and) {
                    value[i] = !and;
                }
            }
        }
        boolean[] nulls = null;
        for (int i = 0; i < n; i++) {
            // AND: false dominates NULL; OR: true dominates NULL.
            if (unknown[i] && value[i] == and) {
                if (nulls == null) {
                    nulls = new boolean[n];
                }
                nulls[i] = true;
            }
        }
        return new BooleanColumn(value, nulls, n);
    }

    @Override
    public String toString() {
        return operator + operands.toString();
    }
}
