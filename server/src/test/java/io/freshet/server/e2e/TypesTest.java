package io.freshet.server.e2e;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.server.TestServer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.util.PGInterval;

/**
 * One column of every type, written with SQL literals and with pgjdbc parameters, read back from the
 * table and from a materialized view, in text and (after pgjdbc's prepare threshold) binary format.
 */
class TypesTest {
    private static final String COLUMNS = "id, b, s, i, l, r, d, n, nu, vc, tx, bt, dt, tm, ts, tz, iv";
    private static final int RUNS = 8;

    @TempDir
    static Path dataDir;

    private static TestServer server;
    private static Connection connection;

    @BeforeAll
    static void createTables() throws SQLException {
        server = new TestServer(dataDir);
        connection = server.connect();
        execute(connection, "CREATE TABLE all_types (id INT PRIMARY KEY, b BOOLEAN, s SMALLINT, i INTEGER, l BIGINT, r REAL, "
                + "d DOUBLE PRECISION, n DECIMAL(12,3), nu NUMERIC, vc VARCHAR, tx TEXT, bt BYTEA, dt DATE, tm TIME, "
                + "ts TIMESTAMP, tz TIMESTAMPTZ, iv INTERVAL)");
        execute(connection, "CREATE MATERIALIZED VIEW all_types_view AS SELECT " + COLUMNS + " FROM all_types");
    }

    @AfterAll
    static void stop() throws SQLException {
        connection.close();
        server.close();
    }

    @Test
    void literalsRoundTrip() throws SQLException {
        execute(connection, "INSERT INTO all_types VALUES (1, true, 32767, -2147483648, 9223372036854775807, 1.5, 2.25, "
                + "123456789.123, 1.000000000000000000001, 'héllo', 'wörld', '\\xdeadbeef', '2024-02-29', '23:59:59.999', "
                + "'2024-02-29 12:34:56.789', '2024-02-29 12:34:56.789+02', '3 days 04:05:06.5')");
        execute(connection, "FLUSH");
        for (String relation : List.of("all_types", "all_types_view")) {
            assertEveryRun("SELECT " + COLUMNS + " FROM " + relation + " WHERE id = 1", rs -> {
                assertEquals(1, rs.getInt(1));
                assertEquals(Boolean.TRUE, rs.getObject(2));
                assertEquals(32767, rs.getObject(3));
                assertEquals(-2147483648, rs.getObject(4));
                assertEquals(9223372036854775807L, rs.getObject(5));
                assertEquals(1.5f, rs.getObject(6));
                assertEquals(2.25d, rs.getObject(7));
                assertEquals(new BigDecimal("123456789.123"), rs.getBigDecimal(8));
                assertEquals(new BigDecimal("1.000000000000000000001"), rs.getBigDecimal(9));
                assertEquals("héllo", rs.getString(10));
                assertEquals("wörld", rs.getString(11));
                assertArrayEquals(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}, rs.getBytes(12));
                assertEquals(LocalDate.of(2024, 2, 29), rs.getObject(13, LocalDate.class));
                assertEquals(Date.valueOf("2024-02-29"), rs.getDate(13));
                assertEquals(LocalTime.of(23, 59, 59, 999_000_000), rs.getObject(14, LocalTime.class));
                assertEquals(LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_000_000), rs.getObject(15, LocalDateTime.class));
                assertEquals(Timestamp.valueOf("2024-02-29 12:34:56.789"), rs.getTimestamp(15));
                assertEquals(OffsetDateTime.of(2024, 2, 29, 10, 34, 56, 789_000_000, ZoneOffset.UTC),
                        rs.getObject(16, OffsetDateTime.class));
                assertEquals("3 days 04:05:06.5", rs.getString(17));
                assertEquals(new PGInterval(0, 0, 3, 4, 5, 6.5), new PGInterval(rs.getString(17)));
            });
        }
        assertEquals(List.of("1|t|32767|-2147483648|9223372036854775807|1.5|2.25|123456789.123|1.000000000000000000001"
                        + "|héllo|wörld|\\xdeadbeef|2024-02-29|23:59:59.999|2024-02-29 12:34:56.789|2024-02-29 10:34:56.789+00"
                        + "|3 days 04:05:06.5"),
                rows(connection, "SELECT " + COLUMNS + " FROM all_types_view WHERE id = 1"));
    }

    @Test
    void parametersRoundTrip() throws SQLException {
        OffsetDateTime landing = OffsetDateTime.of(1969, 7, 20, 20, 17, 40, 0, ZoneOffset.ofHours(-5));
        // No parameter for the interval column here: see intervalParameters.
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO all_types "
                + "(id, b, s, i, l, r, d, n, nu, vc, tx, bt, dt, tm, ts, tz) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setInt(1, 2);
            insert.setBoolean(2, false);
            insert.setShort(3, (short) -32768);
            insert.setInt(4, Integer.MAX_VALUE);
            insert.setLong(5, Long.MIN_VALUE);
            insert.setFloat(6, -0.25f);
            insert.setDouble(7, 1e-300);
            insert.setBigDecimal(8, new BigDecimal("-987654321.001"));
            insert.setBigDecimal(9, new BigDecimal("12345678901234567890.123456789"));
            insert.setString(10, "ünïcødé ☃ 🦆");
            insert.setString(11, "");
            insert.setBytes(12, new byte[] {0, 1, (byte) 0xff});
            insert.setDate(13, Date.valueOf("1999-12-31"));
            insert.setTime(14, Time.valueOf("00:00:01"));
            insert.setTimestamp(15, Timestamp.valueOf("1969-07-20 20:17:40.5"));
            insert.setObject(16, landing);
            assertEquals(1, insert.executeUpdate());

            insert.setInt(1, 3);
            insert.setNull(2, Types.BOOLEAN);
            insert.setNull(3, Types.SMALLINT);
            insert.setNull(4, Types.INTEGER);
            insert.setNull(5, Types.BIGINT);
            insert.setNull(6, Types.REAL);
            insert.setNull(7, Types.DOUBLE);
            insert.setNull(8, Types.DECIMAL);
            insert.setNull(9, Types.NUMERIC);
            insert.setNull(10, Types.VARCHAR);
            insert.setNull(11, Types.VARCHAR);
            insert.setNull(12, Types.BINARY);
            insert.setNull(13, Types.DATE);
            insert.setNull(14, Types.TIME);
            insert.setNull(15, Types.TIMESTAMP);
            insert.setNull(16, Types.TIMESTAMP_WITH_TIMEZONE);
            assertEquals(1, insert.executeUpdate());
        }
        execute(connection, "FLUSH");
        for (String relation : List.of("all_types", "all_types_view")) {
            assertEveryRun("SELECT " + COLUMNS + " FROM " + relation + " WHERE id = 2", rs -> {
                assertEquals(2, rs.getInt(1));
                assertEquals(Boolean.FALSE, rs.getObject(2));
                assertEquals(-32768, rs.getObject(3));
                assertEquals(Integer.MAX_VALUE, rs.getObject(4));
                assertEquals(Long.MIN_VALUE, rs.getObject(5));
                assertEquals(-0.25f, rs.getObject(6));
                assertEquals(1e-300, rs.getObject(7));
                assertEquals(new BigDecimal("-987654321.001"), rs.getBigDecimal(8));
                assertEquals(new BigDecimal("12345678901234567890.123456789"), rs.getBigDecimal(9));
                assertEquals("ünïcødé ☃ 🦆", rs.getString(10));
                assertEquals("", rs.getString(11));
                assertFalse(rs.wasNull(), "an empty string is not NULL");
                assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, rs.getBytes(12));
                assertEquals(Date.valueOf("1999-12-31"), rs.getDate(13));
                assertEquals(LocalTime.of(0, 0, 1), rs.getObject(14, LocalTime.class));
                assertEquals(Timestamp.valueOf("1969-07-20 20:17:40.5"), rs.getTimestamp(15));
                assertEquals(landing.withOffsetSameInstant(ZoneOffset.UTC), rs.getObject(16, OffsetDateTime.class));
                assertNull(rs.getString(17));
            });
            assertEveryRun("SELECT " + COLUMNS + " FROM " + relation + " WHERE id = 3", rs -> {
                assertEquals(3, rs.getInt(1));
                for (int column = 2; column <= 16; column++) {
                    assertNull(rs.getObject(column), "column " + column);
                }
                assertNull(rs.getString(17));
            });
        }
    }

    @Test
    void parametersInWhereClausesMatchStoredValues() throws SQLException {
        execute(connection, "INSERT INTO all_types (id, l, n, vc, dt, ts) VALUES "
                + "(10, 42, 0.5, 'key', '2020-01-01', '2020-01-01 00:00:00'), (11, 43, 1.5, 'other', '2021-01-01', '2021-01-01 00:00:00')");
        execute(connection, "FLUSH");
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM all_types WHERE l = ? AND n = ? AND vc = ? AND dt = ? AND ts = ?")) {
            for (int run = 0; run < RUNS; run++) {
                select.setLong(1, 42);
                select.setBigDecimal(2, new BigDecimal("0.50"));
                select.setString(3, "key");
                select.setDate(4, Date.valueOf("2020-01-01"));
                select.setTimestamp(5, Timestamp.valueOf("2020-01-01 00:00:00"));
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next(), "run " + run);
                    assertEquals(10, rs.getInt(1));
                    assertFalse(rs.next());
                }
            }
        }
    }

    @Test
    void columnTypeNames() throws SQLException {
        for (String relation : List.of("all_types", "all_types_view")) {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM " + relation)) {
                ResultSetMetaData meta = select.executeQuery().getMetaData();
                // pgjdbc has no built-in name for interval (column 17): it looks it up in pg_catalog.pg_type.
                List<String> expected = List.of("int4", "bool", "int2", "int4", "int8", "float4", "float8", "numeric",
                        "numeric", "varchar", "text", "bytea", "date", "time", "timestamp", "timestamptz", "interval");
                for (int column = 1; column <= expected.size(); column++) {
                    String name = meta.getColumnTypeName(column);
                    if (column == 11) {
                        // TEXT and VARCHAR are the same type in Freshet; both names mean "unbounded string" to clients.
                        assertTrue(Set.of("text", "varchar").contains(name), "tx is " + name);
                    } else {
                        assertEquals(expected.get(column - 1), name, relation + " column " + meta.getColumnName(column));
                    }
                }
            }
        }
    }

    @Test
    void timestampParametersFromAClientOutsideUtc() throws SQLException {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try (Connection kolkata = server.connect()) {
            try (PreparedStatement insert = kolkata.prepareStatement("INSERT INTO all_types (id, ts, tz) VALUES (?, ?, ?)")) {
                insert.setInt(1, 30);
                insert.setTimestamp(2, Timestamp.valueOf("2024-06-01 12:00:00"));
                insert.setObject(3, OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC));
                insert.executeUpdate();
                insert.setInt(1, 31);
                insert.setObject(2, LocalDateTime.of(2024, 6, 1, 12, 0));
                insert.setObject(3, OffsetDateTime.of(2024, 6, 1, 17, 30, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)));
                insert.executeUpdate();
            }
            execute(kolkata, "FLUSH");
            // TIMESTAMP is a wall-clock value: the client's zone must not shift it; TIMESTAMPTZ is an instant.
            assertEquals(List.of("30|2024-06-01 12:00:00", "31|2024-06-01 12:00:00"),
                    rows(connection, "SELECT id, ts FROM all_types_view WHERE id >= 30 ORDER BY id"));
            assertEveryRun(kolkata, "SELECT ts, tz FROM all_types WHERE id = 31", rs -> {
                assertEquals(Timestamp.valueOf("2024-06-01 12:00:00"), rs.getTimestamp(1));
                assertEquals(LocalDateTime.of(2024, 6, 1, 12, 0), rs.getObject(1, LocalDateTime.class));
                assertEquals(OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC), rs.getObject(2, OffsetDateTime.class));
            }, 1);
        } finally {
            TimeZone.setDefault(original);
        }
    }

    /**
     * Interval parameters, against a server in its own JVM: in this test JVM (run with -ea) a parameter
     * bound to an INTERVAL column trips a Calcite assertion ("use createSqlIntervalType() instead").
     */
    @Test
    void intervalParameters(@TempDir Path processDir) throws Exception {
        try (FreshetProcess process = FreshetProcess.start(processDir.resolve("data"), processDir.resolve("server.log"));
             Connection c = process.connect()) {
            execute(c, "CREATE TABLE spans (id INT PRIMARY KEY, iv INTERVAL)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO spans VALUES (?, ?)")) {
                insert.setInt(1, 1);
                // Types.OTHER: sent as untyped text, the portable way to bind an interval.
                insert.setObject(2, "-2 days -00:00:03", Types.OTHER);
                insert.executeUpdate();
                insert.setInt(1, 2);
                insert.setObject(2, "1 day 02:03:04.5", Types.OTHER);
                insert.executeUpdate();
                insert.setInt(1, 3);
                insert.setNull(2, Types.OTHER);
                insert.executeUpdate();
            }
            execute(c, "FLUSH");
            try (PreparedStatement select = c.prepareStatement("SELECT id, iv FROM spans ORDER BY id")) {
                for (int run = 0; run < RUNS; run++) {
                    assertEquals(List.of("1|-2 days -00:00:03", "2|1 day 02:03:04.5", "3|NULL"), idAndText(select), "run " + run);
                }
            }
        }
    }

    @Test
    void sumOfBigintInAdHocSelect() throws SQLException {
        execute(connection, "INSERT INTO all_types (id, i, l) VALUES (40, 1, 10000000000), (41, 2, 20000000000)");
        execute(connection, "FLUSH");
        assertEquals(List.of("3|30000000000"), rows(connection, "SELECT SUM(i), SUM(l) FROM all_types WHERE id IN (40, 41)"));
        assertEquals(List.of("1|10000000000", "2|20000000000"),
                rows(connection, "SELECT i, SUM(l) FROM all_types WHERE id IN (40, 41) GROUP BY i ORDER BY i"));
    }

    @Test
    void literalsOutsideLatin1() throws SQLException {
        execute(connection, "INSERT INTO all_types (id, tx) VALUES (20, '☃ 🦆')");
        execute(connection, "FLUSH");
        assertEquals(List.of("☃ 🦆"), rows(connection, "SELECT tx FROM all_types_view WHERE id = 20"));
    }

    @Test
    void timesKeepMicroseconds() throws SQLException {
        execute(connection, "INSERT INTO all_types (id, tm, ts, tz) VALUES "
                + "(21, '01:02:03.123456', '2024-01-01 00:00:00.123456', '2024-01-01 00:00:00.123456+00')");
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO all_types (id, ts, tz) VALUES (?, ?, ?)")) {
            insert.setInt(1, 22);
            insert.setTimestamp(2, Timestamp.valueOf("2024-01-01 00:00:00.123456"));
            insert.setObject(3, OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 123_456_000, ZoneOffset.UTC));
            insert.executeUpdate();
        }
        execute(connection, "FLUSH");
        assertEquals(List.of("01:02:03.123456|2024-01-01 00:00:00.123456|2024-01-01 00:00:00.123456+00",
                        "NULL|2024-01-01 00:00:00.123456|2024-01-01 00:00:00.123456+00"),
                rows(connection, "SELECT tm, ts, tz FROM all_types_view WHERE id IN (21, 22) ORDER BY id"));
    }

    @Test
    void intervalsThroughPgjdbcTypeApi() throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO all_types (id, iv) VALUES (?, ?)")) {
            insert.setInt(1, 24);
            insert.setObject(2, new PGInterval(0, 0, 1, 2, 3, 4.5));
            insert.executeUpdate();
        }
        execute(connection, "FLUSH");
        assertEveryRun(connection, "SELECT id, iv FROM all_types_view WHERE id = 24", rs -> {
            assertEquals("interval", rs.getMetaData().getColumnTypeName(2));
            assertEquals(new PGInterval(0, 0, 1, 2, 3, 4.5), rs.getObject(2));
        }, 1);
    }

    @Test
    void intervalLiteralsKeepMonths() throws SQLException {
        execute(connection, "INSERT INTO all_types (id, iv) VALUES (23, '1 year 2 months 3 days 04:05:06.5')");
        execute(connection, "FLUSH");
        assertEquals(List.of("1 year 2 mons 3 days 04:05:06.5"), rows(connection, "SELECT iv FROM all_types_view WHERE id = 23"));
    }

    /** Runs a prepared SELECT {@value RUNS} times (pgjdbc switches to binary results after 5) expecting one row. */
    private static void assertEveryRun(String sql, RowCheck check) throws SQLException {
        assertEveryRun(connection, sql, check, 5);
    }

    private static void assertEveryRun(Connection on, String sql, RowCheck check, int binaryColumn) throws SQLException {
        try (PreparedStatement select = on.prepareStatement(sql)) {
            for (int run = 0; run < RUNS; run++) {
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next(), sql + " returns a row, run " + run);
                    try {
                        check.accept(rs);
                    } catch (AssertionError e) {
                        throw new AssertionError("run " + run + " of " + sql + ": " + e.getMessage(), e);
                    }
                    assertFalse(rs.next());
                    if (run == RUNS - 1) {
                        assertEquals(1, rs.getMetaData().unwrap(PGResultSetMetaData.class).getFormat(binaryColumn),
                                "by now pgjdbc reads column " + binaryColumn + " in binary");
                    }
                }
            }
        }
    }

    private static List<String> idAndText(PreparedStatement select) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "|" + (rs.getString(2) == null ? "NULL" : rs.getString(2)));
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface RowCheck {
        void accept(ResultSet rs) throws SQLException;
    }
}
