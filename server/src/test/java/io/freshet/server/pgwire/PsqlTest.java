package io.freshet.server.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.freshet.server.Psql;
import io.freshet.server.Psql.Run;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** psql (libpq) against the server: output, error carets, several statements in one string. */
class PsqlTest {
    
    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(Psql.installed(), "psql is not installed at " + Psql.PATH + "; skipping the psql tests");
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static Run psql(boolean unaligned, String command) throws IOException, InterruptedException {
        return Psql.run(server.port(), TestEngine.DATABASE, unaligned ? List.of("-A", "-t") : List.of(), command);
    }

    @Test
    void printsQueryResults() throws Exception {
        Run run = psql(true, "SELECT * FROM t");
        assertEquals(0, run.exitCode(), run.output());
        List<String> lines = run.output().lines().toList();
        assertEquals(3, lines.size(), run.output());
        assertEquals("1|7|10000000000|1.5|2.25|12345.67|alice|first row|\\x010203|t|2024-01-15|10:15:30.123456"
                + "|2024-01-15 10:15:30.123456|2024-01-15 09:15:30.123456+00|1 year 2 mons 3 days 04:00:05.5", lines.get(0));
        assertEquals("2|-3|-5|-0.25|1e-300|-0.05|bøb ☃|ünïcødé 🦆|\\x|f|1999-12-31|00:00:00|1969-07-20 20:17:40"
                + "|1969-07-20 20:17:40+00|-1 mons -2 days -00:00:03", lines.get(1));
        assertEquals("3||||||||||||||", lines.get(2));
    }

    @Test
    void printsErrorsWithACaret() throws Exception {
        Run run = psql(false, "SELECT FROM t");
        assertEquals(1, run.exitCode(), run.output());
        List<String> lines = run.output().lines().toList();
        assertEquals("ERROR:  syntax error at or near \"FROM\"", lines.get(0), run.output());
        assertEquals("LINE 1: SELECT FROM t", lines.get(1));
        assertEquals("               ^", lines.get(2), "the caret stands under position 8");
        assertEquals("HINT:  a SELECT needs a select list", lines.get(3));
    }

    @Test
    void runsSeveralStatementsInOneString() throws Exception {
        Run run = psql(true, "SELECT 1; SET application_name = 'from-psql'; SHOW application_name; SELECT 'two'");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(List.of("1", "SET", "from-psql", "two"), run.output().lines().toList());
    }

    @Test
    void reportsEngineFailures() throws Exception {
        Run run = psql(true, "SELECT boom()");
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().startsWith("ERROR:  boom: the test engine failed on purpose"), run.output());
    }
}
