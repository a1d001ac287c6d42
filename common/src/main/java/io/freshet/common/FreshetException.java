package io.freshet.common;

import java.util.Objects;

/**
 * An error a user caused or must act on, carrying a SQLSTATE and, where known, the 1-based
 * character position in the statement text. Programmer errors use the JDK's unchecked exceptions.
 */
public class FreshetException extends RuntimeException {
    private final SqlState state;
    private final int position;
    private final String hint;
    private final String detail;

    public FreshetException(SqlState state, String message) {
        this(state, message, 0, null, null);
    }

    public FreshetException(SqlState state, String message, Throwable cause) {
        this(state, message, 0, null, cause);
    }

    public FreshetException(SqlState state, String message, int position, String hint, Throwable cause) {
        this(state, message, position, hint, null, cause);
    }

    public FreshetException(SqlState state, String message, int position, String hint, String detail, Throwable cause) {
        super(message, cause);
        this.state = Objects.requireNonNull(state, "state is null");
        this.position = position;
        this.hint = hint;
        this.detail = detail;
    }

    public SqlState state() {
        return state;
    }

    /** 1-based character position in the statement, or 0 when unknown. */
    public int position() {
        return position;
    }

    /** A suggestion of what would work, or {@code null}. */
    public String hint() {
        return hint;
    }

    /** Facts about the error (Postgres's DETAIL field), or {@code null}. */
    public String detail() {
        return detail;
    }

    public FreshetException withPosition(int newPosition) {
        return new FreshetException(state, getMessage(), newPosition, hint, detail, getCause());
    }

    public static FreshetException unsupported(String feature) {
        return new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, feature + " is not supported yet");
    }
}
