package io.freshet.parser;

import static java.util.Objects.requireNonNull;

/**
 * A statement could not be parsed. Carries what Postgres' ErrorResponse
 * needs: a SQLSTATE (almost always {@value #SYNTAX_ERROR}), a message in
 * Postgres' style (e.g. {@code syntax error at or near "FROM"}), and the
 * position of the error.
 */
public final class FreshetParseException extends RuntimeException {
    /** {@code syntax_error}. */
    public static final String SYNTAX_ERROR = "42601";

    private final String sqlState;
    private final int position;

    public FreshetParseException(String sqlState, String message, int position, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        if (position < 0) {
            throw new IllegalArgumentException("position is negative: " + position);
        }
        this.position = position;
    }

    /**
     * The SQLSTATE: {@value #SYNTAX_ERROR} for syntax errors; {@code 42P16}
     * for two primary keys; {@code 22023} for a bad type modifier value;
     * {@code 54001} for a statement nested too deeply; {@code XX000} for a
     * bug in the parser.
     */
    public String sqlState() {
        return sqlState;
    }

    /**
     * The 1-based position of the error in the whole string given to the
     * parser, in characters (Unicode code points, as Postgres counts), for
     * every statement of a multi-statement string and across lines; 0 when
     * unknown. After the end of the input, it is the input's length + 1.
     */
    public int position() {
        return position;
    }
}
