package io.freshet.executor.expr;

import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.ColumnBuilder;
import io.freshet.common.DataType;
import io.freshet.common.DoubleColumn;
import io.freshet.common.FreshetException;
import io.freshet.common.Interval;
import io.freshet.common.LongColumn;
import io.freshet.common.SqlState;
import io.freshet.common.TypeKind;
import io.freshet.common.Values;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Binary arithmetic with Postgres semantics: integer overflow is an error (22003), integer division
 * truncates, division by zero is 22012, numeric is exact. Long and double operands take vectorized
 * loops; other types go row by row.
 */
public record Arithmetic(Operator operator, Expression left, Expression right, DataType type) implements Expression {
    public enum Operator { ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO }

    @Override
    public Column evaluate(Chunk input) {
        Column a = left.evaluate(input);
        Column b = right.evaluate(input);
        int n = input.rowCount();
        TypeKind kind = type.kind();
        if (kind.isIntegral() && a instanceof LongColumn && b instanceof LongColumn) {
            return longs((LongColumn) a, (LongColumn) b, n, input);
        }
        if (kind.physical() == TypeKind.PhysicalKind.DOUBLE && (a instanceof DoubleColumn || a instanceof LongColumn)
                && (b instanceof DoubleColumn || b instanceof LongColumn)) {
            return doubles(a, b, n, input);
        }
        ColumnBuilder out = ColumnBuilder.create(type, n);
        for (int i = 0; i < n; i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            if (x == null || y == null || !input.isVisible(i)) {
                out.appendNull();
            } else {
                out.append(apply(x, left.type(), y, right.type()));
            }
        }
        return out.build();
    }

    private Column longs(LongColumn a, LongColumn b, int n, Chunk input) {
        long[] x = a.values();
        long[] y = b.values();
        long[] out = new long[n];
        boolean[] nulls = mergeNulls(a, b, n);
        long min = type.kind() == TypeKind.INTEGER ? Integer.MIN_VALUE : type.kind() == TypeKind.SMALLINT ? Short.MIN_VALUE : Long.MIN_VALUE;
        long max = type.kind() == TypeKind.INTEGER ? Integer.MAX_VALUE : type.kind() == TypeKind.SMALLINT ? Short.MAX_VALUE : Long.MAX_VALUE;
        try {
            switch (operator) {
                case ADD:
                    for (int i = 0; i < n; i++) {
                        out[i] = Math.addExact(x[i], y[i]);
                    }
                    break;
                case SUBTRACT:
                    for (int i = 0; i < n; i++) {
                        out[i] = Math.subtractExact(x[i], y[i]);
                    }
                    break;
                case MULTIPLY:
                    for (int i = 0; i < n; i++) {
                        out[i] = Math.multiplyExact(x[i], y[i]);
                    }
                    break;
                case DIVIDE:
                case MODULO:
                    for (int i = 0; i < n; i++) {
                        if ((nulls != null && nulls[i]) || !input.isVisible(i)) {
                            continue;
                        }
                        if (y[i] == 0) {
                            throw divisionByZero();
                        }
                        out[i] = operator == Operator.DIVIDE ? (y[i] == -1 ? Math.negateExact(x[i]) : x[i] / y[i]) : x[i] % y[i];
                    }
                    break;
            }
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
        if (min != Long.MIN_VALUE) {
            for (int i = 0; i < n; i++) {
                if ((out[i] < min || out[i] > max) && (nulls == null || !nulls[i]) && input.isVisible(i)) {
                    throw outOfRange();
                }
            }
        }
        return new LongColumn(type, out, nulls, n);
    }

    private Column doubles(Column a, Column b, int n, Chunk input) {
        double[] out = new double[n];
        boolean[] nulls = mergeNulls(a, b, n);
        for (int i = 0; i < n; i++) {
            double x = a instanceof DoubleColumn ? ((DoubleColumn) a).getDouble(i) : ((LongColumn) a).getLong(i);
            double y = b instanceof DoubleColumn ? ((DoubleColumn) b).getDouble(i) : ((LongColumn) b).getLong(i);
            double r;
            switch (operator) {
                case ADD: r = x + y; break;
                case SUBTRACT: r = x - y; break;
                case MULTIPLY: r = x * y; break;
                case DIVIDE:
                    if (y == 0 && (nulls == null || !nulls[i]) && input.isVisible(i)) {
                        throw divisionByZero();
                    }
                    r = x / y;
                    break;
                case MODULO:
                    if (y == 0 && (nulls == null || !nulls[i]) && input.isVisible(i)) {
                        throw divisionByZero();
                    }
                    r = x % y;
                    break;
                default: throw new AssertionError(operator);
            }
            out[i] = type.kind() == TypeKind.REAL ? (float) r : r;
        }
        return new DoubleColumn(type, out, nulls, n);
    }

    static boolean[] mergeNulls(Column a, Column b, int n) {
        if (!a.mayHaveNulls() && !b.mayHaveNulls()) {
            return null;
        }
        boolean[] nulls = new boolean[n];
        for (int i = 0; i < n; i++) {
            nulls[i] = a.isNull(i) || b.isNull(i);
        }
        return nulls;
    }

    /** Applies the operator to two non-null values. */
    Object apply(Object x, DataType xt, Object y, DataType yt) {
        TypeKind kind = type.kind();
        if (kind.isIntegral()) {
            long a = Casts.toLongRounded(x, xt);
            long b = Casts.toLongRounded(y, yt);
            return longOp(a, b);
        }
        switch (kind) {
            case REAL:
            case DOUBLE: {
                double a = Casts.toDouble(x, xt);
                double b = Casts.toDouble(y, yt);
                if ((operator == Operator.DIVIDE || operator == Operator.MODULO) && b == 0) {
                    throw divisionByZero();
                }
                double r = operator == Operator.ADD ? a + b : operator == Operator.SUBTRACT ? a - b
                        : operator == Operator.MULTIPLY ? a * b : operator == Operator.DIVIDE ? a / b : a % b;
                return kind == TypeKind.REAL ? (double) (float) r : r;
            }
            case DECIMAL:
                return Values.fitDecimal(decimalOp(Casts.toDecimal(x, xt), Casts.toDecimal(y, yt)), type);
            case TIMESTAMP:
            case TIMESTAMPTZ:
            case DATE:
                return temporal(x, xt, y, yt);
            case INTERVAL:
                return interval(x, xt, y, yt);
            default:
                throw new FreshetException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: "
                        + xt.sqlName() + " " + symbol() + " " + yt.sqlName());
        }
    }

    private long longOp(long a, long b) {
        try {
            switch (operator) {
                case ADD: return Math.addExact(a, b);
                case SUBTRACT: return Math.subtractExact(a, b);
                case MULTIPLY: return Math.multiplyExact(a, b);
                case DIVIDE:
                    if (b == 0) {
                        throw divisionByZero();
                    }
                    return b == -1 ? Math.negateExact(a) : a / b;
                case MODULO:
                    if (b == 0) {
                        throw divisionByZero();
                    }
                    return a % b;
            }
        } catch (ArithmeticException e) {
            throw outOfRange();
        }
        throw new AssertionError(operator);
    }

    private BigDecimal decimalOp(BigDecimal a, BigDecimal b) {
        switch (operator) {
            case ADD: return a.add(b);
            case SUBTRACT: return a.subtract(b);
            case MULTIPLY: return a.multiply(b);
            case DIVIDE:
                return PgNumeric.divide(a, b);
            case MODULO:
                if (b.signum() == 0) {
                    throw divisionByZero();
                }
                return a.remainder(b, MathContext.UNLIMITED);
        }
        throw new AssertionError(operator);
    }

    private Object temporal(Object x, DataType xt, Object y, DataType yt) {
        if (xt.kind() == TypeKind.INTERVAL && operator == Operator.ADD) {
            return temporal(y, yt, x, xt);
        }
        if (yt.kind() == TypeKind.INTERVAL) {
            Interval interval = (Interval) y;
            if (operator == Operator.SUBTRACT) {
                interval = interval.negate();
            }
            long micros = xt.kind() == TypeKind.DATE ? (Long) x * Interval.MICROS_PER_DAY : (Long) x;
            return Temporal.addInterval(micros, interval);
        }
        if (xt.kind() == TypeKind.DATE && yt.kind().isIntegral()) {
            return (Long) x + (operator == Operator.SUBTRACT ? -(Long) y : (Long) y);
        }
        throw new FreshetException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: "
                + xt.sqlName() + " " + symbol() + " " + yt.sqlName());
    }

    private Object interval(Object x, DataType xt, Object y, DataType yt) {
        if (xt.kind() == TypeKind.INTERVAL && yt.kind() == TypeKind.INTERVAL) {
            Interval a = (Interval) x;
            Interval b = (Interval) y;
            return operator == Operator.ADD ? a.plus(b) : a.plus(b.negate());
        }
        if ((xt.kind() == TypeKind.TIMESTAMP || xt.kind() == TypeKind.TIMESTAMPTZ) && xt.kind() == yt.kind()) {
            long diff = (Long) x - (Long) y;
            return new Interval(0, (int) (diff / Interval.MICROS_PER_DAY), diff % Interval.MICROS_PER_DAY);
        }
        if (xt.kind() == TypeKind.INTERVAL && yt.kind().isNumeric() && (operator == Operator.MULTIPLY || operator == Operator.DIVIDE)) {
            double factor = Casts.toDouble(y, yt);
            if (operator == Operator.DIVIDE) {
                if (factor == 0) {
                    throw divisionByZero();
                }
                factor = 1 / factor;
            }
            return Temporal.scale((Interval) x, factor);
        }
        if (yt.kind() == TypeKind.INTERVAL && xt.kind().isNumeric() && operator == Operator.MULTIPLY) {
            return Temporal.scale((Interval) y, Casts.toDouble(x, xt));
        }
        throw new FreshetException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: "
                + xt.sqlName() + " " + symbol() + " " + yt.sqlName());
    }

    private String symbol() {
        switch (operator) {
            case ADD: return "+";
            case SUBTRACT: return "-";
            case MULTIPLY: return "*";
            case DIVIDE: return "/";
            case MODULO: return "%";
        }
        throw new AssertionError(operator);
    }

    static FreshetException divisionByZero() {
        return new FreshetException(SqlState.DIVISION_BY_ZERO, "division by zero");
    }

    private FreshetException outOfRange() {
        return new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, type.sqlName() + " out of range");
    }

    @Override
    public String toString() {
        return "(" + left + " " + symbol() + " " + right + ")";
    }

}
