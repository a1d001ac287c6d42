package io.freshet.server.session;

import io.freshet.common.DataType;
import java.util.List;
import java.util.Map;

/**
 * One client's session: its settings, its transaction status and its prepared statements.
 *
 * <p>Threading: all methods but {@link #cancel()} are called by one thread at a time, in the order
 * the client sent the messages. {@link #cancel()} may be called from any thread while a statement
 * runs; the running statement then fails with SQLSTATE 57014.
 *
 * <p>Errors a user caused are thrown as {@link io.freshet.common.FreshetException} carrying the
 * SQLSTATE and, for errors in the SQL text, the 1-based position in the text given to
 * {@link #prepare}. Anything else thrown is an internal error (XX000).
 */
public interface Session extends AutoCloseable {
    /**
     * Parses and analyses SQL text that may hold several statements (simple query protocol). An
     * empty or comments-only text gives an empty list (EmptyQueryResponse).
     */
    List<Statement> prepareAll(String sql);

    /**
     * Parses and analyses exactly one statement (extended protocol Parse). {@code parameterTypeHints}
     * holds the types the client declared, by position; an entry is {@code null} where the client
     * declared none (OID 0) or fewer than the statement has. The statement's
     * {@link Statement#parameterTypes()} then holds the inferred type of every {@code $n}.
     */
    Statement prepare(String sql, List<DataType> parameterTypeHints);

    /**
     * Runs a statement with parameter values (Java values per {@link io.freshet.common.TypeKind},
     * of the statement's parameter types, {@code null} for SQL NULL).
     */
    Result execute(Statement statement, List<Object> parameters);

    /** Interrupts the statement now running, if any. Thread-safe. */
    void cancel();

    /**
     * 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block (statements other
     * than ROLLBACK/COMMIT fail with 25P02), as ReadyForQuery reports it.
     */
    char transactionStatus();

    /** Marks the transaction block failed after an error (no effect outside a block). */
    void markFailed();

    /** The session's time zone, for timestamptz text output. */
    java.time.ZoneId timeZone();

    @Override
    void close();

    /** A prepared statement: immutable, reusable for many executions. */
    interface Statement {
        String sql();

        List<DataType> parameterTypes();

        /** Result columns, or {@code null} when the statement returns no rows (NoData). */
        List<ResultColumn> resultColumns();
    }

    /** A result column as RowDescription reports it. */
    record ResultColumn(String name, DataType type) {
    }

    /**
     * What a statement produced. {@code rows} is {@code null} for statements without a result set;
     * otherwise each row holds Java values in column order.
     */
    record Result(String commandTag, List<ResultColumn> columns, List<Object[]> rows,
                  Map<String, String> changedParameters) {
        public static Result command(String tag) {
            return new Result(tag, null, null, Map.of());
        }
    }
}
