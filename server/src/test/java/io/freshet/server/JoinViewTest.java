package io.freshet.server;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Join and subquery views keep equal to their queries across a restart (join state read back from RocksDB). */
class JoinViewTest {
    private static final String OUTER = "SELECT l.id, l.k, r.k AS rk, r.b FROM l FULL JOIN r ON l.k = r.k";
    private static final String NOT_IN = "SELECT id FROM l WHERE k NOT IN (SELECT k FROM r)";

    @TempDir
    Path dataDir;

    @Test
    void joinViewsSurviveARestart() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE l (id INT PRIMARY KEY, k INT)");
            execute(c, "CREATE TABLE r (k INT, b INT)");
            execute(c, "CREATE MATERIALIZED VIEW outer_v AS " + OUTER);
            execute(c, "CREATE MATERIALIZED VIEW not_in_v AS " + NOT_IN);
            execute(c, "INSERT INTO l VALUES (1, 10), (2, 20), (3, 30)");
            execute(c, "INSERT INTO r VALUES (10, 1), (10, 2), (40, 4)");
            execute(c, "FLUSH");
            assertEquals(rows(c, OUTER + " ORDER BY 1, 2, 3, 4"), rows(c, "SELECT * FROM outer_v ORDER BY 1, 2, 3, 4"));
            assertEquals(List.of("2", "3"), rows(c, "SELECT * FROM not_in_v ORDER BY 1"));
        }
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            // Row 1's degree (2) must come back from the store: deleting one partner keeps it matched.
            execute(c, "DELETE FROM r WHERE b = 1");
            execute(c, "INSERT INTO r VALUES (20, 5)");
            execute(c, "FLUSH");
            assertEquals(List.of("1|10|10|2", "2|20|20|5", "3|30|NULL|NULL", "NULL|NULL|40|4"),
                    rows(c, "SELECT * FROM outer_v ORDER BY 1, 2, 3, 4"));
            assertEquals(rows(c, OUTER + " ORDER BY 1, 2, 3, 4"), rows(c, "SELECT * FROM outer_v ORDER BY 1, 2, 3, 4"));
            assertEquals(List.of("3"), rows(c, "SELECT * FROM not_in_v ORDER BY 1"));
            execute(c, "INSERT INTO r VALUES (NULL, 6)");
            execute(c, "FLUSH");
            assertEquals(List.of(), rows(c, "SELECT * FROM not_in_v"), "a NULL in NOT IN's subquery lets no row pass");
        }
    }
}
