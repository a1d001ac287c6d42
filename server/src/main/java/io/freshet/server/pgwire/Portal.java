package io.freshet.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.freshet.server.session.Session.Result;
import io.freshet.server.session.Session.ResultColumn;
import java.util.List;

/**
 * A statement bound to parameter values and result formats, created by Bind. The first Execute
 * runs it and keeps the {@link Result}; Execute with a row limit sends part of the rows and a later
 * Execute resumes where it stopped. Used by one connection's worker only.
 */
final class Portal {
    private final ParsedStatement statement;
    private final List<Object> parameters;
    private final int[] resultFormats;

    private Result result;
    private int nextRow;

    Portal(ParsedStatement statement, List<Object> parameters, int[] resultFormats) {
        this.statement = requireNonNull(statement, "statement is null");
        this.parameters = requireNonNull(parameters, "parameters is null");
        this.resultFormats = resultFormats.clone();
    }

    ParsedStatement statement() {
        return statement;
    }

    List<Object> parameters() {
        return parameters;
    }

    /** The result once the portal ran, else {@code null}. */
    Result result() {
        return result;
    }

    void setResult(Result result) {
        if (this.result != null) {
            throw new IllegalStateException("portal already ran");
        }
        this.result = requireNonNull(result, "result is null");
    }

    /** The columns the rows have: the result's when it ran, else the statement's; {@code null} for none. */
    List<ResultColumn> columns() {
        if (result != null && result.columns() != null) {
            return result.columns();
        }
        return statement.resultColumns();
    }

    /** The format of each of {@code columnCount} columns. */
    int[] formats(int columnCount) {
        return resolveFormats(resultFormats, columnCount);
    }

    boolean hasMoreRows() {
        return result != null && result.rows() != null && nextRow < result.rows().size();
    }

    Object[] nextRow() {
        return result.rows().get(nextRow++);
    }

    /**
     * Expands Bind's format codes: none means all text, one applies to every column, otherwise one
     * per column (a column without a code gets text).
     */
    static int[] resolveFormats(int[] codes, int columnCount) {
        int[] formats = new int[columnCount];
        for (int i = 0; i < columnCount; i++) {
            if (codes.length == 1) {
                formats[i] = codes[0];
            } else if (i < codes.length) {
                formats[i] = codes[i];
            }
        }
        return formats;
    }
}
