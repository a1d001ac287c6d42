package io.freshet.executor.expr;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * What an ad-hoc statement's expressions may read besides their inputs: the statement's start time
 * (now(), current_timestamp, current_date) and the session time zone (timestamptz fields). Bound on
 * the thread that plans and runs the statement; views never read the clock (now() is refused there).
 */
public final class StatementContext {
    private record Frame(long startMicros, ZoneId zone) {
    }

    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    private StatementContext() {
    }

    /** Binds the statement's start time and time zone to this thread until {@link #unbind}. */
    public static void bind(long startMicros, ZoneId zone) {
        CURRENT.set(new Frame(startMicros, zone));
    }

    public static void unbind() {
        CURRENT.remove();
    }

    /** The statement's start in microseconds since the epoch (the current time when none is bound). */
    public static long startMicros() {
        Frame frame = CURRENT.get();
        if (frame != null) {
            return frame.startMicros();
        }
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** The session time zone, UTC when none is bound. */
    public static ZoneId zone() {
        Frame frame = CURRENT.get();
        return frame == null ? ZoneOffset.UTC : frame.zone();
    }
}
