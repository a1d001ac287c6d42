package io.freshet.executor.expr;

import io.freshet.common.BooleanColumn;
import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.DataType;

/** IS [NOT] NULL and IS [NOT] TRUE/FALSE: never NULL themselves. */
public record NullTest(Test test, Expression operand) implements Expression {
    public enum Test { IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE }

    @Override
    public DataType type() {
        return DataType.BOOLEAN;
    }

    @Override
    public Column evaluate(Chunk input) {
        Column c = operand.evaluate(input);
        int n = input.rowCount();
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean isNull = c.isNull(i);
            switch (test) {
                case IS_NULL: out[i] = isNull; break;
                case IS_NOT_NULL: out[i] = !isNull; break;
                case IS_TRUE: out[i] = !isNull && ((BooleanColumn) c).getBoolean(i); break;
                case IS_NOT_TRUE: out[i] = isNull || !((BooleanColumn) c).getBoolean(i); break;
                case IS_FALSE: out[i] = !isNull && !((BooleanColumn) c).getBoolean(i); break;
                case IS_NOT_FALSE: out[i] = isNull || ((BooleanColumn) c).getBoolean(i); break;
            }
        }
        return new BooleanColumn(out, null, n);
    }
}
