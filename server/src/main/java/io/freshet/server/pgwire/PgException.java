package io.freshet.server.pgwire;

import static java.util.Objects.requireNonNull;

/**
 * An error the protocol layer itself reports to the client, with a SQLSTATE that need not be one
 * of {@link io.freshet.common.SqlState}'s (protocol, connection and authentication errors live
 * here). Errors from the engine arrive as {@link io.freshet.common.FreshetException} instead.
 */
public final class PgException extends RuntimeException {
    static final String PROTOCOL_VIOLATION = "08P01";
    static final String FEATURE_NOT_SUPPORTED = "0A000";
    static final String INVALID_PARAMETER_VALUE = "22023";
    static final String INVALID_BINARY_REPRESENTATION = "22P03";
    static final String NUMERIC_VALUE_OUT_OF_RANGE = "22003";
    static final String DATETIME_FIELD_OVERFLOW = "22008";
    static final String INVALID_AUTHORIZATION_SPECIFICATION = "28000";
    /** SQLSTATE for a failed password or SASL exchange. */
    public static final String INVALID_PASSWORD = "28P01";
    static final String INVALID_SQL_STATEMENT_NAME = "26000";
    static final String INVALID_CURSOR_NAME = "34000";
    static final String DUPLICATE_PREPARED_STATEMENT = "42P05";
    static final String DUPLICATE_CURSOR = "42P03";
    static final String TOO_MANY_CONNECTIONS = "53300";
    static final String ADMIN_SHUTDOWN = "57P01";
    static final String INTERNAL_ERROR = "XX000";

    private final String sqlState;
    private final String hint;

    /** An error with {@code sqlState} (five characters) and a message a person can act on. */
    public PgException(String sqlState, String message) {
        this(sqlState, message, null);
    }

    public PgException(String sqlState, String message, String hint) {
        super(requireNonNull(message, "message is null"));
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        if (sqlState.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must have five characters: " + sqlState);
        }
        this.hint = hint;
    }

    static PgException protocolViolation(String message) {
        return new PgException(PROTOCOL_VIOLATION, message);
    }

    public String sqlState() {
        return sqlState;
    }

    /** A suggestion of what would work, or {@code null}. */
    public String hint() {
        return hint;
    }
}
