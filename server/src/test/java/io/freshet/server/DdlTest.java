package io.freshet.server;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/** DDL, EXPLAIN, views on views and the datagen connector, through pgjdbc. */
class DdlTest {
    @TempDir
    Path dataDir;
    private TestServer server;
    private Connection c;

    @BeforeEach
    void start() throws SQLException {
        server = new TestServer(dataDir);
        c = server.connect();
        execute(c, "CREATE TABLE t (id INT PRIMARY KEY, g VARCHAR, v BIGINT)");
    }

    @AfterEach
    void stop() throws SQLException {
        c.close();
        server.close();
    }

    private static String sqlState(SQLException e) {
        return e.getSQLState();
    }

    @Test
    void viewsReadViewsAndDropNeedsCascade() throws SQLException {
        execute(c, "CREATE MATERIALIZED VIEW per_g AS SELECT g, SUM(v) AS total FROM t GROUP BY g");
        execute(c, "CREATE MATERIALIZED VIEW big AS SELECT g, total * 2 AS doubled FROM per_g WHERE total > 10");
        execute(c, "INSERT INTO t VALUES (1, 'a', 5), (2, 'a', 8), (3, 'b', 4)");
        execute(c, "FLUSH");
        assertEquals(List.of("a|26"), rows(c, "SELECT * FROM big"));
        execute(c, "UPDATE t SET v = 20 WHERE id = 3");
        execute(c, "FLUSH");
        assertEquals(List.of("a|26", "b|40"), rows(c, "SELECT * FROM big ORDER BY g"));

        PSQLException e = assertThrows(PSQLException.class, () -> execute(c, "DROP TABLE t"));
        assertEquals("2BP01", sqlState(e));
        e = assertThrows(PSQLException.class, () -> execute(c, "DROP MATERIALIZED VIEW per_g"));
        assertEquals("2BP01", sqlState(e));
        assertEquals(List.of("big", "per_g"), rows(c, "SHOW MATERIALIZED VIEWS"));

        execute(c, "DROP TABLE t CASCADE");
        assertEquals(List.of(), rows(c, "SHOW TABLES"));
        assertEquals(List.of(), rows(c, "SHOW MATERIALIZED VIEWS"));
        e = assertThrows(PSQLException.class, () -> rows(c, "SELECT * FROM big"));
        assertEquals("42P01", sqlState(e));
        execute(c, "DROP TABLE IF EXISTS t");
    }

    @Test
    void createIfNotExistsAndWrongKinds() throws SQLException {
        execute(c, "CREATE TABLE IF NOT EXISTS t (x INT)");
        assertEquals("42P07", sqlState(assertThrows(PSQLException.class, () -> execute(c, "CREATE TABLE t (x INT)"))));
        execute(c, "CREATE MATERIALIZED VIEW v AS SELECT id FROM t");
        execute(c, "CREATE MATERIALIZED VIEW IF NOT EXISTS v AS SELECT g FROM t");
        assertEquals("42809", sqlState(assertThrows(PSQLException.class, () -> execute(c, "DROP TABLE v"))));
        assertEquals("42809", sqlState(assertThrows(PSQLException.class, () -> execute(c, "INSERT INTO v VALUES (1)"))));
    }

    @Test
    void unsupportedViewsAreRefusedNamingTheConstruct() {
        PSQLException e = assertThrows(PSQLException.class,
                () -> execute(c, "CREATE MATERIALIZED VIEW j AS SELECT a.id, (SELECT b.g FROM t b WHERE b.v = a.v) FROM t a"));
        assertEquals("0A000", sqlState(e));
        assertTrue(e.getMessage().contains("SINGLE_VALUE"), e.getMessage());
        e = assertThrows(PSQLException.class, () -> execute(c, "CREATE MATERIALIZED VIEW d AS SELECT covar_pop(v, g) FROM t"));
        assertEquals("0A000", sqlState(e));
        assertTrue(e.getMessage().contains("covar_pop"), e.getMessage());
    }

    @Test
    void explainShowsTheDataflowAndTheQueryPlan() throws SQLException {
        List<String> plan = rows(c, "EXPLAIN CREATE MATERIALIZED VIEW m AS SELECT g, COUNT(*) FROM t WHERE v > 0 GROUP BY g");
        String text = String.join("\n", plan);
        assertTrue(text.contains("StreamMaterialize"), text);
        assertTrue(text.contains("StreamHashAgg { group: [$0], aggs: [count(*)] }"), text);
        assertTrue(text.contains("StreamFilter"), text);
        assertTrue(text.contains("StreamTableScan { table: t }"), text);
        assertEquals(List.of(), rows(c, "SHOW MATERIALIZED VIEWS"), "EXPLAIN creates nothing");
        String select = String.join("\n", rows(c, "EXPLAIN SELECT g, COUNT(*) FROM t GROUP BY g ORDER BY g"));
        assertTrue(select.startsWith("Freshet batch plan:") && select.contains("LogicalAggregate"), select);
        String join = String.join("\n", rows(c, "EXPLAIN SELECT a.g FROM t a JOIN t b ON a.id = b.id"));
        assertTrue(join.startsWith("Freshet stream plan, run once:") && join.contains("StreamHashJoin"), join);
    }

    @Test
    void datagenTableFeedsAViewAndOptionsAreChecked() throws Exception {
        execute(c, "CREATE TABLE gen (id BIGINT, k INT) WITH (connector = 'datagen', rows_per_second = '2000', "
                + "datagen.max_rows = '500', fields.id.kind = 'sequence', fields.id.start = '1', "
                + "fields.k.kind = 'random', fields.k.min = '1', fields.k.max = '5')");
        execute(c, "CREATE MATERIALIZED VIEW gen_counts AS SELECT k, COUNT(*) AS n, MIN(id) AS first FROM gen GROUP BY k");
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> total;
        do {
            execute(c, "FLUSH");
            total = rows(c, "SELECT COUNT(*), MIN(id), MAX(id), MIN(k), MAX(k) FROM gen");
        } while (!total.get(0).startsWith("500|") && System.nanoTime() < deadline);
        assertEquals(List.of("500|1|500|1|5"), total);
        assertEquals(rows(c, "SELECT k, COUNT(*), MIN(id) FROM gen GROUP BY k ORDER BY k"),
                rows(c, "SELECT * FROM gen_counts ORDER BY k"));

        PSQLException e = assertThrows(PSQLException.class, () -> execute(c,
                "CREATE TABLE bad (id INT) WITH (connector = 'datagen', fields.id.kindd = 'sequence')"));
        assertEquals("22023", sqlState(e));
        assertTrue(e.getMessage().contains("fields.id.kindd"), e.getMessage());
        e = assertThrows(PSQLException.class, () -> execute(c, "CREATE TABLE bad (id INT) WITH (connector = 'nope')"));
        assertEquals("0A000", sqlState(e));
    }
}
