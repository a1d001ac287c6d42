package io.freshet.server;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGResultSetMetaData;

/**
 * Arrays through pgjdbc: array columns of views (ARRAY[...], array_agg, regexp_match) read as
 * java.sql.Array in text and in binary format with Postgres's array OIDs, array parameters, and an
 * array_agg view that keeps its state across a server restart.
 */
class ArraysJdbcTest {
    @TempDir
    Path dataDir;

    private static Connection connect(TestServer server, String settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "freshet");
        return DriverManager.getConnection(server.url() + "?" + settings, properties);
    }

    @Test
    void arrayColumnsReadInTextAndBinaryFormat() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE t (id INT PRIMARY KEY, g TEXT, a INT, b BIGINT, s TEXT, d NUMERIC(6,2))");
            execute(c, "CREATE MATERIALIZED VIEW v AS SELECT g, array_agg(a ORDER BY id) AS ints, array_agg(b ORDER BY id DESC) AS bigs,"
                    + " array_agg(s ORDER BY id) AS texts, array_agg(d ORDER BY id) AS nums FROM t GROUP BY g");
            execute(c, "INSERT INTO t VALUES (1, 'x', 1, 10, 'a b', 1.50), (2, 'x', NULL, 20, NULL, 2.00), (3, 'x', 3, NULL, 'c,\"d', NULL)");
            execute(c, "FLUSH");
            assertEquals(List.of("x|{1,NULL,3}|{NULL,20,10}|{\"a b\",NULL,\"c,\\\"d\"}|{1.50,2.00,NULL}"), rows(c, "SELECT * FROM v"));
            // Text only; binary from the first execution; binary for the extended protocol's named statement.
            for (String settings : List.of("binaryTransfer=false&prepareThreshold=0", "prepareThreshold=-1")) {
                try (Connection connection = connect(server, settings);
                     PreparedStatement statement = connection.prepareStatement("SELECT ints, bigs, texts, nums FROM v WHERE g = ?")) {
                    for (int run = 0; run < 3; run++) {
                        statement.setString(1, "x");
                        try (ResultSet rs = statement.executeQuery()) {
                            PGResultSetMetaData meta = rs.getMetaData().unwrap(PGResultSetMetaData.class);
                            assertEquals("_int4", rs.getMetaData().getColumnTypeName(1), settings);
                            assertEquals("_int8", rs.getMetaData().getColumnTypeName(2), settings);
                            assertEquals("_numeric", rs.getMetaData().getColumnTypeName(4), settings);
                            if (settings.startsWith("binaryTransfer=false")) {
                                assertEquals(0, meta.getFormat(1));
                            }
                            assertTrue(rs.next());
                            assertArrayEquals(new Integer[] {1, null, 3}, (Object[]) rs.getArray(1).getArray(), settings);
                            assertArrayEquals(new Long[] {null, 20L, 10L}, (Object[]) rs.getArray(2).getArray(), settings);
                            assertArrayEquals(new String[] {"a b", null, "c,\"d"}, (Object[]) rs.getArray(3).getArray(), settings);
                            Object[] nums = (Object[]) rs.getArray(4).getArray();
                            assertEquals(0, new BigDecimal("1.50").compareTo((BigDecimal) nums[0]), settings);
                            assertEquals(0, new BigDecimal("2").compareTo((BigDecimal) nums[1]), settings);
                            assertEquals(null, nums[2], settings);
                            if (settings.startsWith("binaryTransfer=false")) {
                                // (pgjdbc prints binary arrays itself, quoting every element)
                                assertEquals("{1,NULL,3}", rs.getString(1), settings);
                            }
                            assertFalse(rs.next());
                        }
                    }
                }
            }
        }
    }

    @Test
    void arrayParametersAndRegexpMatch() throws Exception {
        try (TestServer server = new TestServer(dataDir)) {
            for (String settings : List.of("binaryTransfer=false&prepareThreshold=0", "prepareThreshold=-1")) {
                try (Connection connection = connect(server, settings);
                     PreparedStatement statement = connection.prepareStatement(
                             "SELECT cardinality(?::int[]), (?::text[])[2], regexp_match(?, '(\\w+)@(\\w+)')")) {
                    for (int run = 0; run < 3; run++) {
                        statement.setArray(1, connection.createArrayOf("int4", new Integer[] {4, null, 6}));
                        statement.setArray(2, connection.createArrayOf("text", new String[] {"p", "q r"}));
                        statement.setString(3, "mail: ann@example");
                        try (ResultSet rs = statement.executeQuery()) {
                            assertTrue(rs.next());
                            assertEquals(3, rs.getInt(1), settings);
                            assertEquals("q r", rs.getString(2), settings);
                            assertArrayEquals(new String[] {"ann", "example"}, (Object[]) rs.getArray(3).getArray(), settings);
                        }
                    }
                }
            }
        }
    }

    @Test
    void arrayAggViewSurvivesARestart() throws Exception {
        try (TestServer server = new TestServer(dataDir)) {
            try (Connection c = server.connect()) {
                execute(c, "CREATE TABLE t (id INT PRIMARY KEY, g TEXT, v TEXT)");
                execute(c, "CREATE MATERIALIZED VIEW v AS SELECT g, array_agg(v ORDER BY id) AS vs FROM t GROUP BY g");
                execute(c, "INSERT INTO t VALUES (1, 'x', 'a'), (2, 'x', NULL), (3, 'x', 'c'), (4, 'y', 'd')");
                execute(c, "FLUSH");
                assertEquals(List.of("x|{a,NULL,c}", "y|{d}"), rows(c, "SELECT * FROM v ORDER BY g"));
            }
            server.restart();
            try (Connection c = server.connect()) {
                assertEquals(List.of("x|{a,NULL,c}", "y|{d}"), rows(c, "SELECT * FROM v ORDER BY g"));
                execute(c, "DELETE FROM t WHERE id IN (1, 4)");
                execute(c, "INSERT INTO t VALUES (0, 'x', 'z')");
                execute(c, "FLUSH");
                assertEquals(List.of("x|{z,NULL,c}"), rows(c, "SELECT * FROM v ORDER BY g"));
                assertEquals(List.of("x|{z,NULL,c}"), rows(c, "SELECT g, array_agg(v ORDER BY id) FROM t GROUP BY g ORDER BY g"));
            }
        }
    }
}
