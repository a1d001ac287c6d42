package io.freshet.parser.impl;

import org.apache.calcite.sql.parser.SqlParserPos;

import static java.util.Objects.requireNonNull;

/**
 * An error the grammar's actions raise on input that parses but breaks a rule
 * the grammar checks (a duplicate option, two primary keys, a bad type
 * modifier). Carries the SQLSTATE to report and where the error is.
 */
public final class GrammarException extends RuntimeException {
    private final String sqlState;
    private final SqlParserPos pos;

    GrammarException(String sqlState, String message, SqlParserPos pos) {
        super(message);
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        this.pos = requireNonNull(pos, "pos is null");
    }

    public String sqlState() {
        return sqlState;
    }

    /** Where the error is, as line and column. */
    public SqlParserPos pos() {
        return pos;
    }
}
