package io.freshet.server.e2e;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.server.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * User errors through pgjdbc: each has Postgres' SQLSTATE (and a position where Postgres gives one),
 * changes nothing, and leaves both the failing connection and every other connection usable.
 */
class ErrorsTest {
    private static final List<String> ACCOUNTS = List.of(
            "1|ann|100|2026-01-01 10:00:00",
            "2|bob|200|NULL",
            "3|cid|300|2026-01-03 00:00:00");
    private static final List<String> BY_OWNER = List.of("ann|1|100", "bob|1|200", "cid|1|300");
    private static final List<String> VIEWS = List.of("by_owner");

    @TempDir
    static Path dataDir;

    private static TestServer server;
    private static Connection connection;
    private static Connection other;

    @BeforeAll
    static void createAccounts() throws SQLException {
        server = new TestServer(dataDir);
        connection = server.connect();
        other = server.connect();
        execute(connection, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR, balance BIGINT, opened TIMESTAMP)");
        execute(connection, "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR)");
        execute(connection, "CREATE MATERIALIZED VIEW by_owner AS SELECT owner, COUNT(*) AS n, SUM(balance) AS total FROM accounts GROUP BY owner");
        execute(connection, "INSERT INTO accounts VALUES (1, 'ann', 100, '2026-01-01 10:00:00'), (2, 'bob', 200, NULL), "
                + "(3, 'cid', 300, '2026-01-03 00:00:00')");
        execute(connection, "FLUSH");
        assertNothingChanged();
    }

    @AfterAll
    static void stop() throws SQLException {
        other.close();
        connection.close();
        server.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "SELEC 1;                                                    1",
        "SELECT id, FROM accounts;                                   12",
        "SELECT 'ñü☃' AS x, FROM accounts;                           20",
        "CREATE TABLE broken (id BIGINT,, v INT);                    32",
        "INSERT INTO accounts VALUES (10, 'x', 5, NULL), (11, 'y' 6, NULL); 58",
        "CREATE MATERIALIZED VIEW broken AS SELECT owner, FROM accounts; 50",
    })
    void syntaxErrorPointsAtTheBadToken(String sql, int position) throws SQLException {
        ServerErrorMessage error = assertFails(sql, "42601");
        assertTrue(error.getMessage().startsWith("syntax error at or near"), error.getMessage());
        assertEquals(position, error.getPosition(), "1-based character offset of the bad token in: " + sql);
    }

    @Test
    void syntaxErrorAtEndOfInputPointsJustPastTheText() throws SQLException {
        String sql = "INSERT INTO accounts VALUES (10, 'x', 5, NULL";
        ServerErrorMessage error = assertFails(sql, "42601");
        assertEquals("syntax error at end of input", error.getMessage());
        assertEquals(sql.length() + 1, error.getPosition());
    }

    @Test
    void syntaxErrorPositionCountsNewlines() throws SQLException {
        String sql = "SELECT id,\n  owner,\nFROM accounts";
        ServerErrorMessage error = assertFails(sql, "42601");
        assertEquals(sql.indexOf("FROM") + 1, error.getPosition());
    }

    @Disabled("FRESHET BUG: in 'SELECT id FROM accounts WHERE id = = 1' the syntax error points at the first '=' "
            + "(position 34); Postgres points at the second '=' (36), the token where parsing failed")
    @Test
    void syntaxErrorPointsAtTheSecondOfTwoOperators() throws SQLException {
        String sql = "SELECT id FROM accounts WHERE id = = 1";
        ServerErrorMessage error = assertFails(sql, "42601");
        assertEquals(sql.lastIndexOf('=') + 1, error.getPosition());
    }

    @Test
    void unknownTable() throws SQLException {
        ServerErrorMessage select = assertFails("SELECT * FROM nope", "42P01");
        assertEquals("relation \"nope\" does not exist", select.getMessage());
        assertEquals(15, select.getPosition());
        assertFails("INSERT INTO nope VALUES (1)", "42P01");
        assertFails("UPDATE nope SET id = 1", "42P01");
        assertFails("DELETE FROM nope", "42P01");
        assertFails("CREATE MATERIALIZED VIEW from_nope AS SELECT * FROM nope", "42P01");
        assertFails("SELECT a.id FROM accounts a JOIN nope n ON a.id = n.id", "42P01");
    }

    @Test
    void unknownColumn() throws SQLException {
        ServerErrorMessage select = assertFails("SELECT nope FROM accounts", "42703");
        assertTrue(select.getMessage().contains("\"nope\""), select.getMessage());
        assertEquals(8, select.getPosition());
        assertFails("SELECT id FROM accounts WHERE nope > 1", "42703");
        assertFails("UPDATE accounts SET nope = 1", "42703");
        assertFails("UPDATE accounts SET balance = 1 WHERE nope = 2", "42703");
        assertFails("INSERT INTO accounts (id, nope) VALUES (5, 1)", "42703");
        assertFails("DELETE FROM accounts WHERE nope = 1", "42703");
        assertFails("CREATE MATERIALIZED VIEW of_nope AS SELECT nope FROM accounts", "42703");
    }

    @Test
    void textThatIsNotANumberIsRejected() throws SQLException {
        ServerErrorMessage error = assertFails("INSERT INTO accounts VALUES (7, 'x', 'abc', NULL)", "22P02");
        assertTrue(error.getMessage().contains("bigint") && error.getMessage().contains("\"abc\""), error.getMessage());
        assertFails("INSERT INTO accounts VALUES ('seven', 'x', 1, NULL)", "22P02");
        assertFails("UPDATE accounts SET balance = 'abc' WHERE id = 1", "22P02");
    }

    @Test
    void textThatIsNotANumberIsRejectedInAnyRowOfAMultiRowInsert() throws SQLException {
        ServerErrorMessage error = assertFails("INSERT INTO accounts VALUES (7, 'x', 1, NULL), (8, 'y', 'abc', NULL)", "22P02");
        assertTrue(error.getMessage().contains("\"abc\""), error.getMessage());
    }

    @Test
    void badDatetimeTextIsRejected() throws SQLException {
        // Postgres: invalid_datetime_format (22007) for text that is no date at all,
        // datetime_field_overflow (22008) for a well-formed date with impossible fields.
        ServerErrorMessage notATime = assertFails("INSERT INTO accounts VALUES (7, 'x', 1, 'notatime')", "22007");
        assertTrue(notATime.getMessage().contains("\"notatime\""), notATime.getMessage());
        assertFails("INSERT INTO accounts VALUES (7, 'x', 1, NULL), (8, 'y', 2, '2026-13-45 00:00:00')", "22008");
        assertFails("UPDATE accounts SET opened = 'yesterday-ish' WHERE id = 2", "22007");
    }

    @Test
    void outOfRangeNumberIsRejected() throws SQLException {
        assertFails("INSERT INTO accounts VALUES (7, 'x', 99999999999999999999, NULL)", "22003");
    }

    @Test
    void divisionByZeroOfColumnValues() throws SQLException {
        ServerErrorMessage error = assertFails("SELECT id / (balance - balance) FROM accounts", "22012");
        assertEquals("division by zero", error.getMessage());
        assertFails("UPDATE accounts SET balance = balance / 0", "22012");
        assertFails("DELETE FROM accounts WHERE balance / 0 = 1", "22012");
        assertFails("INSERT INTO accounts SELECT id + 100, owner, balance / 0, opened FROM accounts", "22012");
    }

    @Test
    void divisionByZeroOfConstants() throws SQLException {
        ServerErrorMessage error = assertFails("SELECT 1 / 0", "22012");
        assertEquals("division by zero", error.getMessage());
    }

    @Test
    void duplicatePrimaryKeyWithinOneInsert() throws SQLException {
        ServerErrorMessage error = assertFails("INSERT INTO accounts VALUES (5, 'dan', 1, NULL), (5, 'eve', 2, NULL)", "23505");
        assertEquals("duplicate key value violates unique constraint \"accounts_pkey\"", error.getMessage());
    }

    @Test
    void duplicatePrimaryKeyAgainstAnExistingRow() throws SQLException {
        assertFails("INSERT INTO accounts VALUES (1, 'mallory', 999, NULL)", "23505");
        // The new row 6 must not slip in either: the statement is all or nothing.
        assertFails("INSERT INTO accounts VALUES (6, 'fay', 6, NULL), (2, 'mallory', 999, NULL)", "23505");
        assertFails("UPDATE accounts SET id = 2 WHERE id = 1", "23505");
        assertFails("INSERT INTO accounts SELECT id, 'copy', balance, opened FROM accounts", "23505");
    }

    @Test
    void duplicatePrimaryKeyNamesTheKeyInTheDetail() throws SQLException {
        ServerErrorMessage error = assertFails("INSERT INTO accounts VALUES (1, 'mallory', 999, NULL)", "23505");
        assertEquals("Key (id)=(1) already exists.", error.getDetail());
    }

    @Test
    void multiRowScalarSubqueryInAMaterializedViewIsNotSupported() throws SQLException {
        String sql = "CREATE MATERIALIZED VIEW owner_names AS SELECT a.id, (SELECT c.id FROM customers c WHERE c.name = a.owner) FROM accounts a";
        ServerErrorMessage error = assertFails(sql, "0A000");
        assertTrue(error.getMessage().contains("SINGLE_VALUE"), "the message names the construct: " + error.getMessage());
        assertFails("CREATE MATERIALIZED VIEW owner_names AS SELECT a.id FROM accounts a WHERE a.balance > (SELECT c.id FROM customers c)", "0A000");
        // The failed CREATE left no half-made view behind: the name is free.
        execute(connection, "CREATE MATERIALIZED VIEW owner_names AS SELECT id, owner FROM accounts");
        execute(connection, "FLUSH");
        assertEquals(List.of("1|ann", "2|bob", "3|cid"), rows(other, "SELECT * FROM owner_names ORDER BY id"));
        execute(connection, "DROP MATERIALIZED VIEW owner_names");
        assertNothingChanged();
    }

    /** Runs {@code sql}, expects {@code sqlState}, and checks that nothing changed and both sessions still work. */
    private static ServerErrorMessage assertFails(String sql, String sqlState) throws SQLException {
        PSQLException e = assertThrows(PSQLException.class, () -> execute(connection, sql), sql);
        ServerErrorMessage error = e.getServerErrorMessage();
        assertNotNull(error, "a server error for " + sql + ", not " + e);
        assertEquals(sqlState, error.getSQLState(), sql + " -> " + error);
        assertFalse(connection.isClosed(), "the connection survives " + sql);
        assertNothingChanged();
        return error;
    }

    private static void assertNothingChanged() throws SQLException {
        execute(connection, "FLUSH");
        for (Connection c : List.of(connection, other)) {
            assertEquals(ACCOUNTS, rows(c, "SELECT * FROM accounts ORDER BY id"));
            assertEquals(BY_OWNER, rows(c, "SELECT * FROM by_owner ORDER BY owner"));
            assertEquals(List.of(), rows(c, "SELECT * FROM customers"));
            assertEquals(VIEWS, rows(c, "SHOW MATERIALIZED VIEWS"));
            assertEquals(List.of("accounts", "customers"), rows(c, "SHOW TABLES").stream().sorted().toList());
        }
    }
}
