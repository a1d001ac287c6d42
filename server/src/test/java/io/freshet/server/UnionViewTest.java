package io.freshet.server;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A UNION ALL view over two tables keeps equal to its query across a restart. */
class UnionViewTest {
    private static final String QUERY = "SELECT k, v FROM a UNION ALL SELECT k, v FROM b";

    @TempDir
    Path dataDir;

    @Test
    void unionViewSurvivesARestart() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE a (k INT PRIMARY KEY, v VARCHAR)");
            execute(c, "CREATE TABLE b (k INT, v VARCHAR)");
            execute(c, "CREATE MATERIALIZED VIEW u AS " + QUERY);
            execute(c, "INSERT INTO a VALUES (1, 'x'), (2, 'y')");
            execute(c, "INSERT INTO b VALUES (1, 'x'), (1, 'x')");
            execute(c, "FLUSH");
            assertEquals(rows(c, QUERY + " ORDER BY 1, 2"), rows(c, "SELECT * FROM u ORDER BY 1, 2"));
        }
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "DELETE FROM b WHERE k = 1");
            execute(c, "INSERT INTO b VALUES (3, 'z')");
            execute(c, "UPDATE a SET v = 'w' WHERE k = 1");
            execute(c, "FLUSH");
            assertEquals(rows(c, QUERY + " ORDER BY 1, 2"), rows(c, "SELECT * FROM u ORDER BY 1, 2"));
            assertEquals(java.util.List.of("1|w", "2|y", "3|z"), rows(c, "SELECT * FROM u ORDER BY 1, 2"));
        }
    }
}
