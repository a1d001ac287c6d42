package io.freshet.parser;

import io.freshet.parser.TransactionCharacteristics.AccessMode;
import io.freshet.parser.TransactionCharacteristics.IsolationLevel;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.freshet.parser.Parsing.parse;
import static io.freshet.parser.Parsing.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SET, RESET and transaction control, as JDBC drivers and psql send them. */
class SessionStatementsTest {
    @Test
    void setWhatPgJdbcSends() {
        SqlSetVariable name = parse("SET application_name = 'PostgreSQL JDBC Driver'", SqlSetVariable.class);
        assertEquals(SqlKind.SET_OPTION, name.getKind());
        assertEquals(SqlSetVariable.Kind.SET, name.getSetKind());
        assertEquals(SqlSetVariable.Scope.UNSPECIFIED, name.getScope());
        assertEquals("application_name", name.getVariableName());
        assertEquals(List.of("PostgreSQL JDBC Driver"), name.getValueStrings());

        SqlSetVariable digits = parse("SET extra_float_digits = 3", SqlSetVariable.class);
        assertEquals(List.of("3"), digits.getValueStrings());
        assertInstanceOf(SqlLiteral.class, digits.getValues().get(0));

        assertEquals(List.of("ISO"), parse("SET datestyle TO 'ISO'", SqlSetVariable.class).getValueStrings());
    }

    @Test
    void setListOfIdentifiers() {
        SqlSetVariable path = parse("SET search_path TO public, \"$user\"", SqlSetVariable.class);
        assertEquals("search_path", path.getVariableName());
        assertEquals(List.of("public", "$user"), path.getValueStrings());
        assertInstanceOf(SqlIdentifier.class, path.getValues().get(1));
        assertEquals("SET search_path = public, \"$user\"", sql(path));
    }

    @Test
    void setScopesAndSpecialValues() {
        SqlSetVariable local = parse("SET LOCAL statement_timeout = -1.5", SqlSetVariable.class);
        assertEquals(SqlSetVariable.Scope.LOCAL, local.getScope());
        assertEquals(List.of("-1.5"), local.getValueStrings());

        SqlSetVariable session = parse("set session enable_x to on", SqlSetVariable.class);
        assertEquals(SqlSetVariable.Scope.SESSION, session.getScope());
        assertEquals(List.of("on"), session.getValueStrings());

        SqlSetVariable reset = parse("set client_encoding = default", SqlSetVariable.class);
        assertTrue(reset.isDefault());
        assertEquals(List.of(), reset.getValueStrings());

        assertEquals(List.of("all"), parse("set log_statement = all", SqlSetVariable.class).getValueStrings());
        assertEquals(List.of("iso_8601"),
                parse("set intervalstyle = iso_8601", SqlSetVariable.class).getValueStrings());
        assertEquals(List.of("true"), parse("set x = true", SqlSetVariable.class).getValueStrings());
        // "session" alone is a variable's name, not the scope.
        assertEquals("session", parse("set session = 1", SqlSetVariable.class).getVariableName());
    }

    @Test
    void setTimeZone() {
        SqlSetVariable utc = parse("SET TIME ZONE 'UTC'", SqlSetVariable.class);
        assertEquals("timezone", utc.getVariableName());
        assertEquals(List.of("UTC"), utc.getValueStrings());
        assertTrue(parse("SET TIME ZONE LOCAL", SqlSetVariable.class).isDefault());
        assertTrue(parse("SET TIME ZONE DEFAULT", SqlSetVariable.class).isDefault());
        assertEquals(List.of("-7"), parse("SET TIME ZONE -7", SqlSetVariable.class).getValueStrings());
    }

    @Test
    void setTransactionCharacteristics() {
        SqlSetVariable session = parse("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED",
                SqlSetVariable.class);
        assertEquals(SqlSetVariable.Kind.SET_SESSION_CHARACTERISTICS, session.getSetKind());
        assertNull(session.getName());
        assertEquals(Optional.of(IsolationLevel.READ_COMMITTED), session.getCharacteristics().isolationLevel());
        assertEquals("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED", sql(session));

        SqlSetVariable transaction = parse("set transaction read only", SqlSetVariable.class);
        assertEquals(SqlSetVariable.Kind.SET_TRANSACTION, transaction.getSetKind());
        assertEquals(Optional.of(AccessMode.READ_ONLY), transaction.getCharacteristics().accessMode());
        assertEquals(Optional.empty(), transaction.getCharacteristics().isolationLevel());
    }

    @Test
    void reset() {
        SqlSetVariable one = parse("RESET search_path", SqlSetVariable.class);
        assertEquals(SqlSetVariable.Kind.RESET, one.getSetKind());
        assertEquals("search_path", one.getVariableName());
        assertFalse(one.isResetAll());

        SqlSetVariable all = parse("reset all", SqlSetVariable.class);
        assertTrue(all.isResetAll());
        assertEquals("RESET ALL", sql(all));
        assertEquals("timezone", parse("reset time zone", SqlSetVariable.class).getVariableName());
    }

    @Test
    void transactionControl() {
        record Case(String sql, SqlTransaction.Kind kind) {}
        for (Case c : List.of(
                new Case("BEGIN", SqlTransaction.Kind.BEGIN),
                new Case("begin work", SqlTransaction.Kind.BEGIN),
                new Case("begin transaction", SqlTransaction.Kind.BEGIN),
                new Case("start transaction", SqlTransaction.Kind.BEGIN),
                new Case("COMMIT", SqlTransaction.Kind.COMMIT),
                new Case("commit work", SqlTransaction.Kind.COMMIT),
                new Case("END", SqlTransaction.Kind.COMMIT),
                new Case("end transaction", SqlTransaction.Kind.COMMIT),
                new Case("ROLLBACK", SqlTransaction.Kind.ROLLBACK),
                new Case("rollback work", SqlTransaction.Kind.ROLLBACK),
                new Case("ABORT", SqlTransaction.Kind.ROLLBACK))) {
            SqlTransaction transaction = parse(c.sql(), SqlTransaction.class);
            assertEquals(c.kind(), transaction.getTransactionKind(), c.sql());
            assertSame(TransactionCharacteristics.NONE, transaction.getCharacteristics(), c.sql());
        }
        assertEquals(SqlKind.COMMIT, parse("commit", SqlTransaction.class).getKind());
        assertEquals(SqlKind.ROLLBACK, parse("abort", SqlTransaction.class).getKind());
    }

    @Test
    void beginWithModes() {
        SqlTransaction begin = parse("BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY NOT DEFERRABLE",
                SqlTransaction.class);
        TransactionCharacteristics modes = begin.getCharacteristics();
        assertEquals(Optional.of(IsolationLevel.SERIALIZABLE), modes.isolationLevel());
        assertEquals(Optional.of(AccessMode.READ_ONLY), modes.accessMode());
        assertEquals(Optional.of(false), modes.deferrable());
        assertEquals("BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY, NOT DEFERRABLE", sql(begin));

        assertEquals(Optional.of(IsolationLevel.REPEATABLE_READ), parse(
                "start transaction isolation level repeatable read read write", SqlTransaction.class)
                .getCharacteristics().isolationLevel());
        assertEquals(Optional.of(IsolationLevel.READ_UNCOMMITTED), parse(
                "begin isolation level read uncommitted", SqlTransaction.class)
                .getCharacteristics().isolationLevel());
    }
}
