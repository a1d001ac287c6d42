package io.freshet.server;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/** Errors inside expressions: ad-hoc queries fail with the SQLSTATE; a view keeps going. */
class ExpressionErrorsTest {
    @TempDir
    Path dataDir;

    @Test
    void adHocDivisionByZeroFailsTheQueryAndKeepsTheSession() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            assertEquals("22012", assertThrows(PSQLException.class, () -> rows(c, "SELECT 1/0")).getSQLState());
            execute(c, "CREATE TABLE t (v INT)");
            execute(c, "INSERT INTO t VALUES (0)");
            execute(c, "FLUSH");
            assertEquals("22012", assertThrows(PSQLException.class, () -> rows(c, "SELECT 10 / v FROM t")).getSQLState());
            assertEquals(List.of("1"), rows(c, "SELECT count(*) FROM t"));
        }
    }

    @Test
    void aViewRowWhoseExpressionFailsBecomesNullAndTheViewGoesOn() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            execute(c, "CREATE MATERIALIZED VIEW q AS SELECT id, 100 / v AS r FROM t");
            execute(c, "INSERT INTO t VALUES (1, 4), (2, 0), (3, 10)");
            execute(c, "FLUSH");
            assertEquals(List.of("1|25", "2|NULL", "3|10"), rows(c, "SELECT * FROM q ORDER BY id"));
            execute(c, "UPDATE t SET v = 5 WHERE id = 2");
            execute(c, "FLUSH");
            assertEquals(List.of("1|25", "2|20", "3|10"), rows(c, "SELECT * FROM q ORDER BY id"));
        }
    }
}
