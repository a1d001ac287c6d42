package io.freshet.executor.operator;

import java.util.Objects;

/**
 * The frame of a window: ROWS (bounds count rows) or RANGE (CURRENT ROW means the row's peer
 * group; only unbounded and current-row bounds). An offset bound's {@code offset} is a row count.
 */
public record WindowFrame(boolean rows, Bound lower, long lowerOffset, Bound upper, long upperOffset) {
    public enum Bound { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    /** Postgres's default with ORDER BY: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW. */
    public static final WindowFrame DEFAULT = new WindowFrame(false, Bound.UNBOUNDED_PRECEDING, 0, Bound.CURRENT_ROW, 0);

    public WindowFrame {
        Objects.requireNonNull(lower, "lower is null");
        Objects.requireNonNull(upper, "upper is null");
        if (!rows && (lower == Bound.PRECEDING || lower == Bound.FOLLOWING || upper == Bound.PRECEDING || upper == Bound.FOLLOWING)) {
            throw new IllegalArgumentException("RANGE frames with offsets are not supported");
        }
    }

    @Override
    public String toString() {
        return (rows ? "rows " : "range ") + bound(lower, lowerOffset) + " to " + bound(upper, upperOffset);
    }

    private static String bound(Bound bound, long offset) {
        return switch (bound) {
            case UNBOUNDED_PRECEDING -> "unbounded preceding";
            case PRECEDING -> offset + " preceding";
            case CURRENT_ROW -> "current row";
            case FOLLOWING -> offset + " following";
            case UNBOUNDED_FOLLOWING -> "unbounded following";
        };
    }
}
