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

/** Results that must match PostgreSQL 15 exactly, in views and in ad-hoc queries alike. */
class SqlFixesTest {
    @TempDir
    Path dataDir;

    @Test
    void numericDivisionAndAverageKeepPostgresScale() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            assertEquals(List.of("3.5000000000000000|0.33333333333333333333|308641.972750000000"),
                    rows(c, "SELECT 7.0/2, 1.0/3, 1234567.891/4"));
            execute(c, "CREATE TABLE sales (id INT PRIMARY KEY, region VARCHAR, units INT, price DECIMAL(8,2))");
            execute(c, "CREATE MATERIALIZED VIEW avgs AS SELECT region, AVG(units) AS u, AVG(price) AS p, SUM(price) / 4 AS q "
                    + "FROM sales GROUP BY region");
            execute(c, "INSERT INTO sales VALUES (3, 'south', 7, 1.50), (5, 'east', 1, 9.99)");
            execute(c, "FLUSH");
            List<String> expected = List.of("east|1.00000000000000000000|9.9900000000000000|2.4975000000000000",
                    "south|7.0000000000000000|1.50000000000000000000|0.37500000000000000000");
            assertEquals(expected, rows(c, "SELECT * FROM avgs ORDER BY region"));
            assertEquals(expected, rows(c, "SELECT region, AVG(units), AVG(price), SUM(price) / 4 FROM sales GROUP BY region ORDER BY region"));
        }
    }

    @Test
    void sumOfBigintGoesBeyondBigintInViews() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE big (id INT PRIMARY KEY, g INT, bi BIGINT)");
            execute(c, "CREATE MATERIALIZED VIEW s AS SELECT g, SUM(bi) AS total, COUNT(*) AS n FROM big GROUP BY g");
            execute(c, "INSERT INTO big VALUES (1, 1, 9223372036854775807)");
            execute(c, "INSERT INTO big VALUES (2, 1, 1)");
            execute(c, "FLUSH");
            assertEquals(List.of("1|9223372036854775808|2"), rows(c, "SELECT * FROM s"));
            assertEquals(List.of("1|9223372036854775808|2"), rows(c, "SELECT g, SUM(bi), COUNT(*) FROM big GROUP BY g"));
            execute(c, "DELETE FROM big WHERE id = 2");
            execute(c, "FLUSH");
            assertEquals(List.of("1|9223372036854775807|1"), rows(c, "SELECT * FROM s"));
            server.restart();
        }
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "INSERT INTO big VALUES (3, 1, 10)");
            execute(c, "FLUSH");
            assertEquals(List.of("1|9223372036854775817|2"), rows(c, "SELECT * FROM s"));
        }
    }

    @Test
    void postgresFunctionsAndCasts() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            assertEquals(List.of("3|ab|a1"), rows(c, "SELECT length('abc'), concat('a', 'b'), concat('a', NULL, 1)"));
            execute(c, "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR, b BOOLEAN)");
            execute(c, "CREATE MATERIALIZED VIEW v AS SELECT id, length(s) AS n, concat(s, '!') AS e, CAST(b AS VARCHAR) AS bs FROM t");
            execute(c, "INSERT INTO t VALUES (1, 'héllo', false)");
            execute(c, "FLUSH");
            assertEquals(List.of("1|5|héllo!|false"), rows(c, "SELECT * FROM v"));
            assertEquals("42804", assertThrows(PSQLException.class, () -> rows(c, "SELECT * FROM t WHERE id")).getSQLState());
        }
    }
}
