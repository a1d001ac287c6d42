package io.freshet.executor.expr;

import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.DataType;

/**
 * A scalar expression evaluated a chunk at a time. Immutable and thread-safe; evaluation of one
 * chunk produces one column of {@link #type()} with a value for every physical row (hidden rows
 * included, so results line up with the input's positions).
 *
 * <p>Errors a user caused (division by zero, a bad cast) are thrown as
 * {@link io.freshet.common.FreshetException} with their SQLSTATE.
 */
public interface Expression {
    DataType type();

    Column evaluate(Chunk input);

    /** Evaluates on one row of Java values; for row-at-a-time paths (DML, tests). */
    default Object evaluateRow(Object[] row, java.util.List<DataType> inputTypes) {
        Chunk chunk = Chunk.ofRows(inputTypes, java.util.List.<Object[]>of(row));
        return evaluate(chunk).get(0);
    }
}
