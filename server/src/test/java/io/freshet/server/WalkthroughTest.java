package io.freshet.server;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's walkthrough, through pgjdbc against a real server. */
class WalkthroughTest {
    @TempDir
    Path dataDir;

    @Test
    void viewStaysRightThroughInsertsUpdatesDeletesAndRestart() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR, amount DECIMAL(10,2), ts TIMESTAMP)");
            execute(c, "CREATE MATERIALIZED VIEW spend AS SELECT customer, COUNT(*) AS n, SUM(amount) AS total, MAX(amount) AS biggest "
                    + "FROM orders WHERE amount > 0 GROUP BY customer");
            execute(c, "INSERT INTO orders VALUES (1, 'ann', 12.50, '2026-01-01 10:00:00'), (2, 'bob', 7.00, '2026-01-01 10:01:00')");
            execute(c, "FLUSH");
            assertEquals(List.of("ann|1|12.50|12.50", "bob|1|7.00|7.00"), rows(c, "SELECT * FROM spend ORDER BY customer"));

            execute(c, "INSERT INTO orders VALUES (3, 'ann', 30.00, '2026-01-01 10:02:00')");
            execute(c, "UPDATE orders SET amount = 8.00 WHERE id = 2");
            execute(c, "FLUSH");
            assertEquals(List.of("ann|2|42.50|30.00", "bob|1|8.00|8.00"), rows(c, "SELECT * FROM spend ORDER BY customer"));

            // Deleting the current MAX falls back to the next largest value.
            execute(c, "DELETE FROM orders WHERE id = 3");
            execute(c, "DELETE FROM orders WHERE customer = 'bob'");
            execute(c, "FLUSH");
            assertEquals(List.of("ann|1|12.50|12.50"), rows(c, "SELECT * FROM spend ORDER BY customer"));

            server.restart();
        }
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            assertEquals(List.of("ann|1|12.50|12.50"), rows(c, "SELECT * FROM spend ORDER BY customer"));
            execute(c, "INSERT INTO orders VALUES (4, 'cid', 1.25, '2026-01-02 00:00:00')");
            execute(c, "FLUSH");
            assertEquals(List.of("ann|1|12.50|12.50", "cid|1|1.25|1.25"), rows(c, "SELECT * FROM spend ORDER BY customer"));
            // A view created after the table has rows starts complete.
            execute(c, "CREATE MATERIALIZED VIEW totals AS SELECT COUNT(*) AS n, SUM(amount) AS total FROM orders");
            assertEquals(List.of("2|13.75"), rows(c, "SELECT * FROM totals"));
        }
    }

    @Test
    void writesBecomeVisibleAtTheNextEpochWithoutFlush() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            execute(c, "CREATE MATERIALIZED VIEW s AS SELECT SUM(v) AS total FROM t");
            long epochBefore = server.database().committedEpoch();
            execute(c, "INSERT INTO t VALUES (1, 41), (2, 1)");
            // The test server commits an epoch every 50 ms; no FLUSH is sent.
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<String> total = rows(c, "SELECT * FROM s");
            while (!total.equals(List.of("42")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
                total = rows(c, "SELECT * FROM s");
            }
            assertEquals(List.of("42"), total);
            assertTrue(server.database().committedEpoch() > epochBefore, "visible only once an epoch committed");
        }
    }

    @Test
    void implicitFlushMakesEachWriteVisibleWhenItReturns() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            execute(c, "CREATE MATERIALIZED VIEW s AS SELECT COUNT(*) AS n, SUM(v) AS total FROM t");
            execute(c, "SET implicit_flush = on");
            assertEquals(List.of("on"), rows(c, "SHOW implicit_flush"));
            long epoch = server.database().committedEpoch();
            execute(c, "INSERT INTO t VALUES (1, 41), (2, 1)");
            assertTrue(server.database().committedEpoch() > epoch, "the INSERT returned after an epoch committed");
            assertEquals(List.of("2|42"), rows(c, "SELECT * FROM s"));
            execute(c, "DELETE FROM t WHERE id = 2");
            assertEquals(List.of("1|41"), rows(c, "SELECT * FROM s"));
        }
    }
}
