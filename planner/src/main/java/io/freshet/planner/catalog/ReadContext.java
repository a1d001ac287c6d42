package io.freshet.planner.catalog;

import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.runtime.ReadSnapshot;

/**
 * The committed snapshot an ad-hoc query reads, bound to the thread that runs it, so every table in
 * one query reads the same epoch; and the query's cancel flag.
 */
public final class ReadContext {
    private static final ThreadLocal<ReadSnapshot> SNAPSHOT = new ThreadLocal<>();
    private static final ThreadLocal<java.util.concurrent.atomic.AtomicBoolean> CANCELED = new ThreadLocal<>();

    private ReadContext() {
    }

    public static void bind(ReadSnapshot snapshot, java.util.concurrent.atomic.AtomicBoolean canceled) {
        SNAPSHOT.set(snapshot);
        CANCELED.set(canceled);
    }

    public static void unbind() {
        SNAPSHOT.remove();
        CANCELED.remove();
    }

    public static ReadSnapshot current() {
        ReadSnapshot snapshot = SNAPSHOT.get();
        if (snapshot == null) {
            throw new IllegalStateException("no snapshot bound to this thread");
        }
        return snapshot;
    }

    /** The cancel flag bound to this thread (a fresh, unset one when none is). */
    public static java.util.concurrent.atomic.AtomicBoolean canceledFlag() {
        java.util.concurrent.atomic.AtomicBoolean flag = CANCELED.get();
        return flag == null ? new java.util.concurrent.atomic.AtomicBoolean() : flag;
    }

    public static void checkCanceled() {
        java.util.concurrent.atomic.AtomicBoolean flag = CANCELED.get();
        if (flag != null && flag.get()) {
            throw new FreshetException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
        }
    }
}
