package io.freshet.executor.expr;

import io.freshet.common.BooleanColumn;
import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.ColumnBuilder;
import io.freshet.common.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CASE WHEN c1 THEN r1 … ELSE e END}. Each result is evaluated only on the rows that take
 * it, so {@code CASE WHEN x = 0 THEN 0 ELSE 1 / x END} never divides by zero.
 */
public record CaseWhen(List<Expression> conditions, List<Expression> results, Expression otherwise, DataType type)
        implements Expression {
    public CaseWhen {
        conditions = List.copyOf(conditions);
        results = List.copyOf(results);
    }

    @Override
    public Column evaluate(Chunk input) {
        int n = input.rowCount();
        int[] branch = new int[n];
        java.util.Arrays.fill(branch, -1);
        int[] remaining = allPositions(n);
        int remainingCount = n;
        for (int b = 0; b < conditions.size() && remainingCount > 0; b++) {
            Chunk subset = select(input, remaining, remainingCount);
            BooleanColumn test = (BooleanColumn) conditions.get(b).evaluate(subset);
            int kept = 0;
            for (int i = 0; i < remainingCount; i++) {
                if (test.isTrue(i)) {
                    branch[remaining[i]] = b;
                } else {
                    remaining[kept++] = remaining[i];
                }
            }
            remainingCount = kept;
        }
        Object[] values = new Object[n];
        for (int b = 0; b <= conditions.size(); b++) {
            int[] positions = new int[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (branch[i] == (b == conditions.size() ? -1 : b)) {
                    positions[count++] = i;
                }
            }
            if (count == 0) {
                continue;
            }
            Expression result = b == conditions.size() ? otherwise : results.get(b);
            Column column = result.evaluate(select(input, positions, count));
            for (int i = 0; i < count; i++) {
                values[positions[i]] = Casts.cast(column.get(i), result.type(), type);
            }
        }
        ColumnBuilder out = ColumnBuilder.create(type, n);
        for (Object value : values) {
            out.append(value);
        }
        return out.build();
    }

    static int[] allPositions(int n) {
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        return positions;
    }

    /** The rows at {@code positions} as a chunk (all visible). */
    static Chunk select(Chunk input, int[] positions, int count) {
        if (count == input.rowCount() && input.visibility() == null) {
            boolean identity = true;
            for (int i = 0; i < count && identity; i++) {
                identity = positions[i] == i;
            }
            if (identity) {
                return input;
            }
        }
        List<Column> columns = new ArrayList<>(input.columnCount());
        for (Column column : input.columns()) {
            columns.add(column.select(positions, count));
        }
        return new Chunk(columns, count);
    }
}
