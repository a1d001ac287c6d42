package io.freshet.executor.expr;

import io.freshet.common.BooleanColumn;
import io.freshet.common.BytesColumn;
import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.DataType;
import io.freshet.common.DoubleColumn;
import io.freshet.common.LongColumn;
import io.freshet.common.TypeKind;
import io.freshet.common.Values;

/**
 * A comparison with SQL's null rules (NULL unless IS [NOT] DISTINCT FROM). Operands of different
 * numeric types are compared exactly after widening; same-kind long, double and byte operands take
 * vectorized loops.
 */
public record Comparison(Operator operator, Expression left, Expression right) implements Expression {
    public enum Operator { EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL, IS_DISTINCT_FROM, IS_NOT_DISTINCT_FROM }

    @Override
    public DataType type() {
        return DataType.BOOLEAN;
    }

    @Override
    public Column evaluate(Chunk input) {
        Column a = left.evaluate(input);
        Column b = right.evaluate(input);
        int n = input.rowCount();
        boolean[] out = new boolean[n];
        boolean nullSafe = operator == Operator.IS_DISTINCT_FROM || operator == Operator.IS_NOT_DISTINCT_FROM;
        if (!nullSafe && a instanceof LongColumn && b instanceof LongColumn) {
            long[] x = ((LongColumn) a).values();
            long[] y = ((LongColumn) b).values();
            for (int i = 0; i < n; i++) {
                out[i] = test(Long.compare(x[i], y[i]));
            }
            return new BooleanColumn(out, Arithmetic.mergeNulls(a, b, n), n);
        }
        if (!nullSafe && a instanceof DoubleColumn && b instanceof DoubleColumn) {
            double[] x = ((DoubleColumn) a).values();
            double[] y = ((DoubleColumn) b).values();
            for (int i = 0; i < n; i++) {
                out[i] = test(compareDoubles(x[i], y[i]));
            }
            return new BooleanColumn(out, Arithmetic.mergeNulls(a, b, n), n);
        }
        boolean[] nulls = null;
        DataType common = commonType(left.type(), right.type());
        for (int i = 0; i < n; i++) {
            boolean xNull = a.isNull(i);
            boolean yNull = b.isNull(i);
            if (xNull || yNull) {
                if (nullSafe) {
                    boolean same = xNull && yNull;
                    out[i] = operator == Operator.IS_NOT_DISTINCT_FROM ? same : !same;
                } else {
                    if (nulls == null) {
                        nulls = new boolean[n];
                    }
                    nulls[i] = true;
                }
                continue;
            }
            int c;
            if (a instanceof BytesColumn && b instanceof BytesColumn && common.kind() != TypeKind.JSONB) {
                BytesColumn x = (BytesColumn) a;
                BytesColumn y = (BytesColumn) b;
                c = java.util.Arrays.compareUnsigned(x.data(), x.offset(i), x.offset(i) + x.length(i),
                        y.data(), y.offset(i), y.offset(i) + y.length(i));
            } else {
                c = compareValues(a.get(i), left.type(), b.get(i), right.type(), common);
            }
            out[i] = test(c);
        }
        return new BooleanColumn(out, nulls, n);
    }

    private boolean test(int c) {
        switch (operator) {
            case EQUAL:
            case IS_NOT_DISTINCT_FROM: return c == 0;
            case NOT_EQUAL:
            case IS_DISTINCT_FROM: return c != 0;
            case LESS: return c < 0;
            case LESS_OR_EQUAL: return c <= 0;
            case GREATER: return c > 0;
            case GREATER_OR_EQUAL: return c >= 0;
        }
        throw new AssertionError(operator);
    }

    /** Postgres orders NaN above every other double and treats -0 equal to 0. */
    static int compareDoubles(double x, double y) {
        if (x == y) {
            return 0;
        }
        return Double.compare(x, y);
    }

    static DataType commonType(DataType a, DataType b) {
        if (a.kind() == b.kind()) {
            return a;
        }
        if (a.kind().isNumeric() && b.kind().isNumeric()) {
            if (a.kind() == TypeKind.DOUBLE || a.kind() == TypeKind.REAL || b.kind() == TypeKind.DOUBLE || b.kind() == TypeKind.REAL) {
                return DataType.DOUBLE;
            }
            if (a.kind() == TypeKind.DECIMAL || b.kind() == TypeKind.DECIMAL) {
                return DataType.DECIMAL;
            }
            return DataType.BIGINT;
        }
        if (isTimestampLike(a) && isTimestampLike(b)) {
            return DataType.TIMESTAMP;
        }
        if (a.kind() == TypeKind.VARCHAR) {
            return b;
        }
        return a;
    }

    private static boolean isTimestampLike(DataType t) {
        return t.kind() == TypeKind.DATE || t.kind() == TypeKind.TIMESTAMP || t.kind() == TypeKind.TIMESTAMPTZ;
    }

    static int compareValues(Object x, DataType xt, Object y, DataType yt, DataType common) {
        Object cx = xt.kind() == common.kind() ? x : Casts.cast(x, xt, common);
        Object cy = yt.kind() == common.kind() ? y : Casts.cast(y, yt, common);
        if (common.kind().physical() == TypeKind.PhysicalKind.DOUBLE) {
            return compareDoubles((Double) cx, (Double) cy);
        }
        return Values.compare(common, cx, cy);
    }

    @Override
    public String toString() {
        return "(" + left + " " + operator + " " + right + ")";
    }
}
