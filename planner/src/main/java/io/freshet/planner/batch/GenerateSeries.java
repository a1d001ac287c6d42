package io.freshet.planner.batch;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.Interval;
import io.freshet.common.SqlState;
import io.freshet.executor.expr.DateTimeFunctions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Postgres's generate_series(start, stop[, step]) for integers, numeric and timestamps (with an
 * interval step; timestamptz steps in UTC). A NULL argument gives no rows, a zero step is 22023.
 * Refused in views, which cannot re-run it; ad hoc it is a leaf of the batch interpreter.
 */
final class GenerateSeries {
    private GenerateSeries() {
    }

    /** At most this many rows, so a mistaken bound cannot exhaust the server's memory. */
    static final int MAX_ROWS = 10_000_000;

    static List<Object[]> rows(List<Object> args, DataType type) {
        List<Object[]> out = new ArrayList<>();
        for (Object arg : args) {
            if (arg == null) {
                return out;
            }
        }
        switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT -> {
                long start = ((Number) args.get(0)).longValue();
                long stop = ((Number) args.get(1)).longValue();
                long step = args.size() > 2 ? ((Number) args.get(2)).longValue() : 1;
                requireNonZero(step == 0);
                for (long v = start; step > 0 ? v <= stop : v >= stop; ) {
                    add(out, v);
                    try {
                        v = Math.addExact(v, step);
                    } catch (ArithmeticException e) {
                        break;
                    }
                }
            }
            case DECIMAL -> {
                BigDecimal start = decimal(args.get(0));
                BigDecimal stop = decimal(args.get(1));
                BigDecimal step = args.size() > 2 ? decimal(args.get(2)) : BigDecimal.ONE;
                requireNonZero(step.signum() == 0);
                for (BigDecimal v = start; step.signum() > 0 ? v.compareTo(stop) <= 0 : v.compareTo(stop) >= 0; v = v.add(step)) {
                    add(out, v);
                }
            }
            case TIMESTAMP, TIMESTAMPTZ -> {
                long start = ((Number) args.get(0)).longValue();
                long stop = ((Number) args.get(1)).longValue();
                Interval step = (Interval) args.get(2);
                long probe = DateTimeFunctions.plusInterval(start, step);
                requireNonZero(step.months() == 0 && step.days() == 0 && step.micros() == 0);
                boolean up = probe > start;
                if (probe == start) {
                    throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "step size cannot equal zero");
                }
                for (long v = start; up ? v <= stop : v >= stop; v = DateTimeFunctions.plusInterval(v, step)) {
                    add(out, v);
                }
            }
            default -> throw new FreshetException(SqlState.UNDEFINED_FUNCTION,
                    "function generate_series(" + type.sqlName() + ") does not exist");
        }
        return out;
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    private static void requireNonZero(boolean zero) {
        if (zero) {
            throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "step size cannot equal zero");
        }
    }

    private static void add(List<Object[]> out, Object value) {
        if (out.size() >= MAX_ROWS) {
            throw new FreshetException(SqlState.PROGRAM_LIMIT_EXCEEDED,
                    "generate_series would return more than " + MAX_ROWS + " rows");
        }
        out.add(new Object[] {value});
    }
}
