package io.freshet.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.freshet.common.FreshetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fields of an ErrorResponse or NoticeResponse. {@code hint} may be {@code null};
 * {@code position} is the 1-based character position in the statement text, or 0 when unknown.
 */
record PgError(Severity severity, String sqlState, String message, String hint, int position, String detail) {
    PgError(Severity severity, String sqlState, String message, String hint, int position) {
        this(severity, sqlState, message, hint, position, null);
    }

    private static final Logger log = LoggerFactory.getLogger(PgError.class);

    PgError {
        requireNonNull(severity, "severity is null");
        requireNonNull(sqlState, "sqlState is null");
        requireNonNull(message, "message is null");
    }

    /** How bad it is: FATAL ends the connection, ERROR ends the statement, NOTICE is advice. */
    enum Severity {
        FATAL, ERROR, NOTICE
    }

    static PgError fatal(String sqlState, String message) {
        return new PgError(Severity.FATAL, sqlState, message, null, 0);
    }

    /**
     * Translates whatever a statement threw. User errors keep their SQLSTATE, position and hint;
     * anything else is an internal error (XX000): its message goes to the client and its stack
     * trace to the log, once, here.
     */
    static PgError of(Throwable failure, Severity severity) {
        if (failure instanceof FreshetException) {
            FreshetException e = (FreshetException) failure;
            return new PgError(severity, e.state().code(), messageOf(e), e.hint(), Math.max(e.position(), 0), e.detail());
        }
        if (failure instanceof PgException) {
            PgException e = (PgException) failure;
            return new PgError(severity, e.sqlState(), messageOf(e), e.hint(), 0);
        }
        log.error("internal error, reported to the client as XX000", failure);
        return new PgError(severity, PgException.INTERNAL_ERROR, messageOf(failure), null, 0);
    }

    PgError withSeverity(Severity newSeverity) {
        return new PgError(newSeverity, sqlState, message, hint, position, detail);
    }

    private static String messageOf(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getName() : message;
    }
}
