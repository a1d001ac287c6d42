package io.freshet.server;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views with DISTINCT aggregates, string_agg, variances, bool_or, ROLLUP and set operations read
 * their state back after a restart: changes made after it are applied to the state from before it,
 * and each view stays equal to its query recomputed ad hoc.
 */
class AggregateViewsRestartTest {
    private static final Map<String, String> VIEWS = Map.of(
            "distincts", "SELECT g, COUNT(DISTINCT v) AS nv, SUM(DISTINCT v) AS sv, string_agg(DISTINCT s, ',' ORDER BY s) AS names FROM t GROUP BY g",
            "ordered", "SELECT g, string_agg(s, '|' ORDER BY v DESC, k) AS by_v, bool_or(v > 2) AS big FROM t GROUP BY g",
            "stats", "SELECT g, var_samp(v) AS vs, stddev_pop(v) AS sp FROM t GROUP BY g",
            "rolled", "SELECT g, s, COUNT(*) AS n, GROUPING(g, s) AS gr FROM t GROUP BY ROLLUP (g, s)",
            "common", "SELECT v FROM t WHERE g = 'a' INTERSECT ALL SELECT v FROM t WHERE g = 'b'",
            "only_a", "SELECT s FROM t WHERE g = 'a' EXCEPT SELECT s FROM t WHERE g = 'b'");

    @TempDir
    Path dataDir;

    private static void assertViewsMatchQueries(Connection c) throws Exception {
        for (Map.Entry<String, String> view : VIEWS.entrySet()) {
            List<String> expected = rows(c, view.getValue()).stream().sorted().toList();
            List<String> actual = rows(c, "SELECT * FROM " + view.getKey()).stream().sorted().toList();
            assertEquals(expected, actual, view.getKey());
        }
    }

    @Test
    void aggregateAndSetOperationViewsSurviveARestart() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE t (k INT PRIMARY KEY, g VARCHAR, v INT, s VARCHAR)");
            for (Map.Entry<String, String> view : VIEWS.entrySet()) {
                execute(c, "CREATE MATERIALIZED VIEW " + view.getKey() + " AS " + view.getValue());
            }
            execute(c, "INSERT INTO t VALUES (1, 'a', 1, 'x'), (2, 'a', 3, 'y'), (3, 'a', 3, 'x'), (4, 'b', 3, 'x'),"
                    + " (5, 'b', 5, 'z'), (6, 'b', 3, NULL)");
            execute(c, "FLUSH");
            assertViewsMatchQueries(c);
        }
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "DELETE FROM t WHERE k = 3");
            execute(c, "UPDATE t SET v = 1, s = 'w' WHERE k = 5");
            execute(c, "INSERT INTO t VALUES (7, 'a', 9, 'x')");
            execute(c, "FLUSH");
            assertViewsMatchQueries(c);
            // Values PostgreSQL 15 gives for the same rows.
            assertEquals(List.of("a|17.3333333333333333|3.3993463423951899", "b|1.3333333333333333|0.94280904158206336587"),
                    rows(c, "SELECT * FROM stats ORDER BY g"));
            assertEquals(List.of("a|x|y|x|t", "b|x|w|t"), rows(c, "SELECT * FROM ordered ORDER BY g"));
            assertEquals(List.of("1", "3"), rows(c, "SELECT v FROM common ORDER BY v"));
            assertEquals(List.of("y"), rows(c, "SELECT * FROM only_a ORDER BY s"));
        }
    }
}
