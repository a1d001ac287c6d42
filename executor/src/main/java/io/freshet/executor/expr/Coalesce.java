package io.freshet.executor.expr;

import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.ColumnBuilder;
import io.freshet.common.DataType;
import java.util.List;

/** {@code COALESCE(a, b, …)}: later operands are evaluated only on rows still NULL. */
public record Coalesce(List<Expression> operands, DataType type) implements Expression {
    public Coalesce {
        operands = List.copyOf(operands);
    }

    @Override
    public Column evaluate(Chunk input) {
        int n = input.rowCount();
        Object[] values = new Object[n];
        int[] pending = CaseWhen.allPositions(n);
        int pendingCount = n;
        for (Expression operand : operands) {
            if (pendingCount == 0) {
                break;
            }
            Column column = operand.evaluate(CaseWhen.select(input, pending, pendingCount));
            int kept = 0;
            for (int i = 0; i < pendingCount; i++) {
                if (column.isNull(i)) {
                    pending[kept++] = pending[i];
                } else {
                    values[pending[i]] = Casts.cast(column.get(i), operand.type(), type);
                }
            }
            pendingCount = kept;
        }
        ColumnBuilder out = ColumnBuilder.create(type, n);
        for (Object value : values) {
            out.append(value);
        }
        return out.build();
    }
}
