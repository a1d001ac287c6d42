package io.freshet.executor.expr;

import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.ColumnBuilder;
import io.freshet.common.FreshetException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluation for streaming operators, where one bad row must not stop a view: when a chunk's
 * evaluation fails (division by zero, overflow, a bad cast), the chunk is evaluated again row by
 * row and each failing row gets NULL. Failures are counted and logged (one line per chunk), as
 * RisingWave does; an ad-hoc query or DML statement still fails with the error instead.
 */
public final class RowErrors {
    private static final Logger LOG = LoggerFactory.getLogger(RowErrors.class);
    private static final AtomicLong COUNT = new AtomicLong();
    /** Set while this thread runs operators for an ad-hoc query, which must fail instead. */
    private static final ThreadLocal<Boolean> STRICT = ThreadLocal.withInitial(() -> false);

    private RowErrors() {
    }

    /** How many rows got NULL because their expression failed, since the server started. */
    public static long count() {
        return COUNT.get();
    }

    /**
     * Runs {@code body} with errors raised, not turned into NULLs: streaming operators run this way
     * for an ad-hoc query, which fails with the error as Postgres does.
     */
    public static void strict(Runnable body) {
        boolean outer = STRICT.get();
        STRICT.set(true);
        try {
            body.run();
        } finally {
            STRICT.set(outer);
        }
    }

    /** Counts and logs one value that became NULL because computing it failed (throws it when strict). */
    public static void record(String where, FreshetException error) {
        if (STRICT.get()) {
            throw error;
        }
        COUNT.incrementAndGet();
        LOG.warn("{}: a value was set to NULL: {} ({})", where, error.getMessage(), error.state().code());
    }

    public static Column evaluate(Expression expression, Chunk input, String where) {
        try {
            return expression.evaluate(input);
        } catch (FreshetException first) {
            if (STRICT.get()) {
                throw first;
            }
            int n = input.rowCount();
            ColumnBuilder out = ColumnBuilder.create(expression.type(), n);
            int failed = 0;
            for (int i = 0; i < n; i++) {
                try {
                    out.appendFrom(expression.evaluate(CaseWhen.select(input, new int[] {i}, 1)), 0);
                } catch (FreshetException e) {
                    out.appendNull();
                    failed++;
                }
            }
            COUNT.addAndGet(failed);
            LOG.warn("{}: {} row(s) set to NULL: {} ({})", where, failed, first.getMessage(), first.state().code());
            return out.build();
        }
    }
}
