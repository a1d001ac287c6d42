package io.freshet.server.pgwire;

import io.freshet.common.DataType;
import io.freshet.server.session.Session;
import io.freshet.server.session.Session.ResultColumn;
import java.util.List;

/**
 * A statement created by Parse: the engine's prepared statement (none for an empty query) and the
 * parameter type OIDs the client declared. Immutable.
 */
final class ParsedStatement {
    private final Session.Statement statement;
    private final int[] declaredOids;

    private ParsedStatement(Session.Statement statement, int[] declaredOids) {
        this.statement = statement;
        this.declaredOids = declaredOids.clone();
    }

    static ParsedStatement of(Session.Statement statement, int[] declaredOids) {
        return new ParsedStatement(statement, declaredOids);
    }

    /** A statement whose text holds no SQL: Execute answers EmptyQueryResponse. */
    static ParsedStatement empty(int[] declaredOids) {
        return new ParsedStatement(null, declaredOids);
    }

    boolean isEmpty() {
        return statement == null;
    }

    /** The engine's statement; only for a statement that is not {@link #isEmpty() empty}. */
    Session.Statement statement() {
        return statement;
    }

    /** How many values Bind must supply: every {@code $n} the statement uses and every declared type. */
    int parameterCount() {
        return Math.max(declaredOids.length, engineParameterCount());
    }

    /** How many values the engine takes (extra declared parameters are not passed on). */
    int engineParameterCount() {
        return statement == null ? 0 : statement.parameterTypes().size();
    }

    /** The engine's type of parameter {@code index} (0-based), or {@code null} if it has none. */
    DataType parameterType(int index) {
        return index < engineParameterCount() ? statement.parameterTypes().get(index) : null;
    }

    /** The OID the client declared for parameter {@code index}, or 0. */
    int declaredOid(int index) {
        return index < declaredOids.length ? declaredOids[index] : 0;
    }

    /**
     * ParameterDescription's OIDs: what the client declared, else the engine's inferred type
     * ({@code varchar} when the engine inferred none, since such a value is passed on as text).
     */
    int[] parameterOids() {
        int[] oids = new int[parameterCount()];
        for (int i = 0; i < oids.length; i++) {
            DataType type = parameterType(i);
            oids[i] = declaredOid(i) != 0 ? declaredOid(i) : PgType.of(type == null ? DataType.VARCHAR : type).oid();
        }
        return oids;
    }

    /** The result columns, or {@code null} when the statement returns no rows. */
    List<ResultColumn> resultColumns() {
        return statement == null ? null : statement.resultColumns();
    }
}
