package io.freshet.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.freshet.server.Psql;
import io.freshet.server.Psql.Run;
import io.freshet.server.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real psql against a real Freshet: the README walkthrough, errors with carets, multi-statement strings. */
class PsqlTest {
    
    @TempDir
    static Path dataDir;

    private static TestServer server;

    @BeforeAll
    static void startServer() {
        assumeTrue(Psql.installed(), "psql is not installed at " + Psql.PATH);
        server = new TestServer(dataDir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readmeWalkthrough() throws Exception {
        assertOutput(List.of("CREATE_TABLE"), unaligned(
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR, amount DECIMAL(10,2), ts TIMESTAMP)"));
        assertOutput(List.of("CREATE_MATERIALIZED_VIEW"), unaligned("CREATE MATERIALIZED VIEW spend AS "
                + "SELECT customer, COUNT(*) AS n, SUM(amount) AS total, MAX(amount) AS biggest "
                + "FROM orders WHERE amount > 0 GROUP BY customer"));
        assertOutput(List.of("INSERT 0 2"), unaligned("INSERT INTO orders VALUES (1, 'ann', 12.50, '2026-01-01 10:00:00'), "
                + "(2, 'bob', 7.00, '2026-01-01 10:01:00')"));
        assertOutput(List.of("FLUSH"), unaligned("FLUSH"));
        assertOutput(List.of("ann|1|12.50|12.50", "bob|1|7.00|7.00"), unaligned("SELECT * FROM spend ORDER BY customer"));

        // The default aligned format, as the README shows it: numbers right-aligned, a row count footer.
        assertOutput(List.of(
                " customer | n | total | biggest ",
                "----------+---+-------+---------",
                " ann      | 1 | 12.50 |   12.50",
                " bob      | 1 |  7.00 |    7.00",
                "(2 rows)",
                ""), psql(List.of(), "SELECT * FROM spend ORDER BY customer"));

        assertOutput(List.of("UPDATE 1"), unaligned("UPDATE orders SET amount = 20 WHERE id = 2"));
        assertOutput(List.of("DELETE 1"), unaligned("DELETE FROM orders WHERE id = 1"));
        assertOutput(List.of("FLUSH"), unaligned("FLUSH"));
        assertOutput(List.of("bob|1|20.00|20.00"), unaligned("SELECT * FROM spend ORDER BY customer"));
        assertOutput(List.of("2|bob|20.00|2026-01-01 10:01:00"), unaligned("SELECT * FROM orders"));
        assertOutput(List.of("orders"), unaligned("SHOW TABLES"));
        assertOutput(List.of("spend"), unaligned("SHOW MATERIALIZED VIEWS"));
    }

    @Test
    void syntaxErrorShowsTheLineAndACaret() throws Exception {
        Run run = psql(List.of(), "SELECT id, FROM nowhere");
        assertEquals(1, run.exitCode(), run.output());
        List<String> lines = run.output().lines().toList();
        assertEquals("ERROR:  syntax error at or near \"FROM\"", lines.get(0), run.output());
        assertEquals("LINE 1: SELECT id, FROM nowhere", lines.get(1), run.output());
        assertEquals("                   ^", lines.get(2), "the caret stands under FROM: " + run.output());
    }

    @Test
    void unknownTableShowsACaretUnderTheName() throws Exception {
        Run run = psql(List.of(), "SELECT * FROM nowhere");
        assertEquals(1, run.exitCode(), run.output());
        assertEquals(List.of(
                "ERROR:  relation \"nowhere\" does not exist",
                "LINE 1: SELECT * FROM nowhere",
                "                      ^"), run.output().lines().toList());
    }

    @Test
    void severalStatementsInOneString() throws Exception {
        unaligned("CREATE TABLE multi (id BIGINT PRIMARY KEY, v INT)");
        assertOutput(List.of("INSERT 0 1", "INSERT 0 2", "FLUSH", "3", "6"),
                unaligned("INSERT INTO multi VALUES (1, 1); INSERT INTO multi VALUES (2, 2), (3, 3); FLUSH; "
                        + "SELECT count(*) FROM multi; SELECT sum(v) FROM multi"));

        // An error stops the string: the statements after it do not run. The caret is placed in the whole string.
        Run run = psql(List.of(), "INSERT INTO multi VALUES (4, 4); SELECT nope FROM multi; INSERT INTO multi VALUES (5, 5)");
        assertEquals(1, run.exitCode(), run.output());
        List<String> lines = run.output().lines().toList();
        assertEquals("ERROR:  column \"nope\" does not exist", lines.get(lines.size() - 3), run.output());
        assertEquals("LINE 1: INSERT INTO multi VALUES (4, 4); SELECT nope FROM multi; INS...", lines.get(lines.size() - 2));
        assertEquals("                                                ^", lines.get(lines.size() - 1));
        unaligned("FLUSH");
        assertEquals(List.of(), unaligned("SELECT id FROM multi WHERE id = 5").output().lines().toList(),
                "the statement after the error did not run");
    }

    @Disabled("FRESHET BUG: statements of one simple-query string are not one implicit transaction: in "
            + "'INSERT INTO t VALUES (4); SELECT nope FROM t' the INSERT stays although Postgres rolls it back")
    @Test
    void anErrorUndoesTheEarlierStatementsOfTheSameString() throws Exception {
        unaligned("CREATE TABLE atomic_multi (id BIGINT PRIMARY KEY)");
        Run run = psql(List.of(), "INSERT INTO atomic_multi VALUES (4); SELECT nope FROM atomic_multi");
        assertEquals(1, run.exitCode(), run.output());
        unaligned("FLUSH");
        assertOutput(List.of("0"), unaligned("SELECT count(*) FROM atomic_multi"));
    }

    @Test
    void emptyQueries() throws Exception {
        assertOutput(List.of(), unaligned(";"));
        assertOutput(List.of(), psql(List.of(), ";"));
        assertOutput(List.of(), unaligned("-- ping"));
        assertOutput(List.of("1"), unaligned(";; SELECT 1;"));
    }

    private static void assertOutput(List<String> expected, Run run) {
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(expected, run.output().lines().toList());
    }

    private static Run unaligned(String command) throws IOException, InterruptedException {
        return psql(List.of("-A", "-t"), command);
    }

    private static Run psql(List<String> options, String command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("-v", "ON_ERROR_STOP=1"));
        all.addAll(options);
        return Psql.run(server.port(), "dev", all, command);
    }
}
