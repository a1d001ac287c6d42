package io.freshet.executor.expr;

import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.ColumnBuilder;
import io.freshet.common.DataType;
import io.freshet.common.LongColumn;

/** {@code CAST(operand AS type)} and {@code operand::type}. */
public record Cast(Expression operand, DataType type) implements Expression {
    @Override
    public Column evaluate(Chunk input) {
        Column c = operand.evaluate(input);
        DataType from = operand.type();
        if (from.equals(type)) {
            return c;
        }
        int n = input.rowCount();
        // Widening between integer kinds needs no per-row work.
        if (c instanceof LongColumn && from.kind().isIntegral() && type.kind().isIntegral()
                && type.kind().ordinal() >= from.kind().ordinal()) {
            return new LongColumn(type, ((LongColumn) c).values(), nullsOf(c, n), n);
        }
        ColumnBuilder out = ColumnBuilder.create(type, n);
        for (int i = 0; i < n; i++) {
            if (c.isNull(i) || !input.isVisible(i)) {
                out.appendNull();
            } else {
                out.append(Casts.cast(c.get(i), from, type));
            }
        }
        return out.build();
    }

    private static boolean[] nullsOf(Column c, int n) {
        if (!c.mayHaveNulls()) {
            return null;
        }
        boolean[] nulls = new boolean[n];
        for (int i = 0; i < n; i++) {
            nulls[i] = c.isNull(i);
        }
        return nulls;
    }

    @Override
    public String toString() {
        return "CAST(" + operand + " AS " + type.sqlName() + ")";
    }
}
