package io.freshet.server.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.common.Interval;
import io.freshet.common.TextFormat;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;

/** Queries, parameters, result formats, errors and transactions through pgjdbc. */
class JdbcTest {
    /** Connection settings: all text; pgjdbc's default (binary after 5 runs); binary from the first run. */
    private static final String TEXT = "binaryTransfer=false&prepareThreshold=0";
    private static final String DEFAULT = "prepareThreshold=5";
    private static final String BINARY = "prepareThreshold=-1";
    private static final int RUNS = 7;

    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void connectsAndReportsServerParameters() throws SQLException {
        try (Connection connection = server.connect("ApplicationName=jdbc-test")) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            assertEquals("jdbc-test", pg.getParameterStatus("application_name"));
            assertEquals("UTF8", pg.getParameterStatus("client_encoding"));
            assertEquals("15.0", connection.getMetaData().getDatabaseProductVersion());
            assertTrue(pg.getBackendPID() > 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TEXT, DEFAULT, BINARY})
    void selectsEveryTypeAsTheEngineProducedIt(String settings) throws SQLException {
        try (Connection connection = server.connect(settings);
             PreparedStatement statement = connection.prepareStatement("SELECT * FROM t")) {
            for (int run = 0; run < RUNS; run++) {
                try (ResultSet rs = statement.executeQuery()) {
                    PGResultSetMetaData meta = rs.getMetaData().unwrap(PGResultSetMetaData.class);
                    if (settings.equals(TEXT) || (settings.equals(DEFAULT) && run == 0)) {
                        assertEquals(0, meta.getFormat(1), "text in run " + run);
                    }
                    if (settings.equals(BINARY) || run == RUNS - 1 && !settings.equals(TEXT)) {
                        assertEquals(1, meta.getFormat(1), "binary in run " + run);
                        assertEquals(0, meta.getFormat(15), "pgjdbc reads interval as text");
                    }
                    assertRowsOfT(rs);
                }
            }
        }
    }

    @Test
    void selectsThroughPlainStatement() throws SQLException {
        try (Connection connection = server.connect();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM t")) {
            assertRowsOfT(rs);
        }
    }

    private static void assertRowsOfT(ResultSet rs) throws SQLException {
        for (int i = 0; i < 3; i++) {
            assertTrue(rs.next(), "row " + i);
            Object[] row = TestEngine.row(i);
            assertEquals(((Long) row[0]).intValue(), rs.getObject("id"));
            if (row[1] == null) {
                for (int column = 2; column <= TestEngine.T_COLUMNS.size(); column++) {
                    assertNull(rs.getObject(column), "column " + column);
                }
                continue;
            }
            assertEquals(((Long) row[1]).intValue(), rs.getObject("small"));
            assertEquals(row[2], rs.getObject("big"));
            assertEquals(((Double) row[3]).floatValue(), rs.getObject("real_value"));
            assertEquals(row[4], rs.getObject("double_value"));
            assertEquals(row[5], rs.getBigDecimal("amount"));
            assertEquals(row[6], rs.getString("name"));
            assertEquals(row[7], rs.getObject("note"));
            assertArrayEquals((byte[]) row[8], rs.getBytes("data"));
            assertEquals(row[9], rs.getObject("flag"));
            assertEquals(LocalDate.ofEpochDay((Long) row[10]), rs.getObject("day", LocalDate.class));
            assertEquals(LocalDate.ofEpochDay((Long) row[10]), rs.getDate("day").toLocalDate());
            assertEquals(LocalTime.ofNanoOfDay((Long) row[11] * 1000), rs.getObject("clock", LocalTime.class));
            LocalDateTime stamp = LocalDateTime.ofEpochSecond(Math.floorDiv((Long) row[12], 1_000_000L),
                    (int) Math.floorMod((Long) row[12], 1_000_000L) * 1000, ZoneOffset.UTC);
            assertEquals(stamp, rs.getObject("stamp", LocalDateTime.class));
            assertEquals(stamp, rs.getTimestamp("stamp").toLocalDateTime());
            Instant instant = Instant.EPOCH.plusNanos((Long) row[13] * 1000);
            assertEquals(instant, rs.getObject("instant", OffsetDateTime.class).toInstant());
            assertEquals(instant, rs.getTimestamp("instant").toInstant());
            assertEquals(TextFormat.formatInterval((Interval) row[14]), rs.getString("span"));
        }
        assertFalse(rs.next());
    }

    @Test
    void describesColumnTypes() throws SQLException {
        try (Connection connection = server.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT * FROM t");
             ResultSet rs = statement.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            assertEquals(TestEngine.T_COLUMNS.size(), meta.getColumnCount());
            int[] expectedTypes = {Types.INTEGER, Types.SMALLINT, Types.BIGINT, Types.REAL, Types.DOUBLE, Types.NUMERIC,
                Types.VARCHAR, Types.VARCHAR, Types.BINARY, Types.BIT, Types.DATE, Types.TIME, Types.TIMESTAMP,
                Types.TIMESTAMP};
            for (int i = 0; i < expectedTypes.length; i++) {
                assertEquals(expectedTypes[i], meta.getColumnType(i + 1), "type of " + meta.getColumnName(i + 1));
                assertEquals(TestEngine.T_COLUMNS.get(i).name(), meta.getColumnName(i + 1));
            }
            assertEquals("timestamptz", meta.getColumnTypeName(14));
            assertEquals("numeric", meta.getColumnTypeName(6));
            assertEquals(10, meta.getPrecision(6));
            assertEquals(2, meta.getScale(6));
            assertEquals(20, meta.getPrecision(7));
            assertEquals("varchar", meta.getColumnTypeName(8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TEXT, DEFAULT, BINARY})
    void bindsEveryTypeOfParameter(String settings) throws SQLException {
        try (Connection connection = server.connect(settings)) {
            roundTrip(connection, "SELECT ?::integer", s -> s.setInt(1, -42), rs -> assertEquals(-42, rs.getInt(1)));
            roundTrip(connection, "SELECT ?::integer", s -> s.setLong(1, 7L), rs -> assertEquals(7, rs.getObject(1)));
            roundTrip(connection, "SELECT ?::integer", s -> s.setString(1, "12"), rs -> assertEquals(12, rs.getObject(1)));
            roundTrip(connection, "SELECT ?::bigint", s -> s.setLong(1, Long.MIN_VALUE),
                    rs -> assertEquals(Long.MIN_VALUE, rs.getLong(1)));
            roundTrip(connection, "SELECT ?::bigint", s -> s.setInt(1, 5), rs -> assertEquals(5L, rs.getObject(1)));
            roundTrip(connection, "SELECT ?::smallint", s -> s.setShort(1, (short) -300),
                    rs -> assertEquals(-300, rs.getObject(1)));
            roundTrip(connection, "SELECT ?::float8", s -> s.setDouble(1, -1.0e-300),
                    rs -> assertEquals(-1.0e-300, rs.getDouble(1)));
            roundTrip(connection, "SELECT ?::float8", s -> s.setDouble(1, 0.1 + 0.2),
                    rs -> assertEquals(0.1 + 0.2, rs.getDouble(1)));
            roundTrip(connection, "SELECT ?::real", s -> s.setFloat(1, 3.4028235e38f),
                    rs -> assertEquals(3.4028235e38f, rs.getFloat(1)));
            for (String decimal : List.of("0", "-0.0001", "12345678901234567890.123456789", "100", "0.50", "-99999.99")) {
                BigDecimal value = new BigDecimal(decimal);
                roundTrip(connection, "SELECT ?::numeric", s -> s.setBigDecimal(1, value),
                        rs -> assertEquals(value, rs.getBigDecimal(1)));
            }
            roundTrip(connection, "SELECT ?::numeric(10,2)", s -> s.setBigDecimal(1, new BigDecimal("1.005")),
                    rs -> assertEquals(new BigDecimal("1.01"), rs.getBigDecimal(1)));
            roundTrip(connection, "SELECT ?::numeric", s -> s.setBigDecimal(1, new BigDecimal("1E+10")),
                    rs -> assertEquals(0, new BigDecimal("1E+10").compareTo(rs.getBigDecimal(1))));
            roundTrip(connection, "SELECT ?::varchar", s -> s.setString(1, "héllo ☃ 🦆"),
                    rs -> assertEquals("héllo ☃ 🦆", rs.getString(1)));
            roundTrip(connection, "SELECT ?::text", s -> s.setString(1, ""), rs -> assertEquals("", rs.getString(1)));
            byte[] bytes = {0, 1, -1, 127, -128, 92, 120};
            roundTrip(connection, "SELECT ?::bytea", s -> s.setBytes(1, bytes), rs -> assertArrayEquals(bytes, rs.getBytes(1)));
            roundTrip(connection, "SELECT ?::boolean", s -> s.setBoolean(1, true), rs -> assertEquals(true, rs.getObject(1)));
            roundTrip(connection, "SELECT ?::boolean", s -> s.setBoolean(1, false), rs -> assertFalse(rs.getBoolean(1)));
            Date date = Date.valueOf("2024-02-29");
            roundTrip(connection, "SELECT ?::date", s -> s.setDate(1, date), rs -> assertEquals(date, rs.getDate(1)));
            Date oldDate = Date.valueOf("1900-01-01");
            roundTrip(connection, "SELECT ?::date", s -> s.setDate(1, oldDate), rs -> assertEquals(oldDate, rs.getDate(1)));
            roundTrip(connection, "SELECT ?::time", s -> s.setTime(1, java.sql.Time.valueOf("23:59:58")),
                    rs -> assertEquals(LocalTime.of(23, 59, 58), rs.getObject(1, LocalTime.class)));
            Timestamp timestamp = Timestamp.valueOf("2024-01-15 10:15:30.123456");
            roundTrip(connection, "SELECT ?::timestamp", s -> s.setTimestamp(1, timestamp),
                    rs -> assertEquals(timestamp, rs.getTimestamp(1)));
            roundTrip(connection, "SELECT ?::timestamptz", s -> s.setTimestamp(1, timestamp),
                    rs -> assertEquals(timestamp.toInstant(), rs.getTimestamp(1).toInstant()));
            Timestamp beforeEpoch = Timestamp.valueOf("1960-06-30 23:59:59.5");
            roundTrip(connection, "SELECT ?::timestamp", s -> s.setTimestamp(1, beforeEpoch),
                    rs -> assertEquals(beforeEpoch, rs.getTimestamp(1)));
            roundTrip(connection, "SELECT ?::interval", s -> s.setString(1, "1 year 2 mons 3 days 04:05:06.5"),
                    rs -> assertEquals("1 year 2 mons 3 days 04:05:06.5", rs.getString(1)));
            roundTrip(connection, "SELECT ?::integer", s -> s.setNull(1, Types.INTEGER), rs -> assertNull(rs.getObject(1)));
            roundTrip(connection, "SELECT ?::varchar", s -> s.setNull(1, Types.VARCHAR), rs -> assertNull(rs.getObject(1)));
            roundTrip(connection, "SELECT ?::timestamp", s -> s.setNull(1, Types.TIMESTAMP), rs -> assertNull(rs.getObject(1)));
            roundTrip(connection, "SELECT ?::bytea", s -> s.setNull(1, Types.BINARY), rs -> assertNull(rs.getBytes(1)));
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface Check {
        void check(ResultSet rs) throws SQLException;
    }

    /** Runs the statement {@link #RUNS} times, so pgjdbc's switch to a named, binary statement is covered. */
    private static void roundTrip(Connection connection, String sql, Binder binder, Check check) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int run = 0; run < RUNS; run++) {
                binder.bind(statement);
                try (ResultSet rs = statement.executeQuery()) {
                    assertTrue(rs.next());
                    check.check(rs);
                    assertFalse(rs.next());
                }
            }
        }
    }

    @Test
    void formatsTimestamptzInTheSessionTimeZone() throws SQLException {
        try (Connection connection = server.connect(TEXT);
             Statement statement = connection.createStatement()) {
            statement.execute("SET TimeZone = 'Asia/Kolkata'");
            try (ResultSet rs = statement.executeQuery("SELECT * FROM t")) {
                assertTrue(rs.next());
                assertEquals("2024-01-15 14:45:30.123456+05:30", rs.getString("instant"));
                assertEquals(Instant.parse("2024-01-15T09:15:30.123456Z"), rs.getObject("instant", OffsetDateTime.class).toInstant());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TEXT, BINARY})
    void bindsDatesAndTimestampsFromAClientInAnotherZone(String settings) throws SQLException {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
        try (Connection connection = server.connect(settings)) {
            Date date = Date.valueOf("2024-03-10");
            roundTrip(connection, "SELECT ?::date", s -> s.setDate(1, date), rs -> assertEquals(date, rs.getDate(1)));
            Timestamp timestamp = Timestamp.valueOf("2024-03-10 02:30:00.25");
            roundTrip(connection, "SELECT ?::timestamp", s -> s.setTimestamp(1, timestamp),
                    rs -> assertEquals(timestamp.toLocalDateTime(), rs.getObject(1, LocalDateTime.class)));
            roundTrip(connection, "SELECT ?::timestamptz", s -> s.setTimestamp(1, timestamp),
                    rs -> assertEquals(timestamp.toInstant(), rs.getTimestamp(1).toInstant()));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void filtersByParameter() throws SQLException {
        try (Connection connection = server.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT * FROM t WHERE id = ?")) {
            for (int id = 1; id <= RUNS; id++) {
                statement.setInt(1, id);
                try (ResultSet rs = statement.executeQuery()) {
                    assertEquals(id <= 3, rs.next());
                    if (id <= 3) {
                        assertEquals(id, rs.getInt("id"));
                        assertFalse(rs.next());
                    }
                }
            }
        }
    }

    @Test
    void fetchesInBatchesFromOneExecution() throws SQLException {
        String sql = "SELECT * FROM generate_series(1, 1000)";
        try (Connection connection = server.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(10);
                long sum = 0;
                int count = 0;
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        sum += rs.getLong(1);
                        count++;
                    }
                }
                assertEquals(1000, count);
                assertEquals(500_500, sum);
            }
            connection.commit();
        }
        assertEquals(1, server.engine.executions(sql), "the portal resumed instead of running again");
    }

    @Test
    void reportsErrorsWithStateAndPositionAndStaysUsable() throws SQLException {
        try (Connection connection = server.connect();
             Statement statement = connection.createStatement()) {
            PSQLException error = assertThrows(PSQLException.class, () -> statement.executeQuery("SELECT FROM t"));
            assertEquals("42601", error.getSQLState());
            assertNotNull(error.getServerErrorMessage());
            assertEquals(8, error.getServerErrorMessage().getPosition());
            assertEquals("a SELECT needs a select list", error.getServerErrorMessage().getHint());
            assertEquals("syntax error at or near \"FROM\"", error.getServerErrorMessage().getMessage());
            assertEquals("ERROR", error.getServerErrorMessage().getSeverity());
            assertOne(statement);

            PSQLException prepared = assertThrows(PSQLException.class, () -> connection.prepareStatement("SELECT FROM t").executeQuery());
            assertEquals("42601", prepared.getSQLState());
            assertOne(statement);
        }
    }

    @Test
    void reportsEngineFailuresAsInternalErrors() throws SQLException {
        try (Connection connection = server.connect();
             Statement statement = connection.createStatement()) {
            PSQLException error = assertThrows(PSQLException.class, () -> statement.executeQuery("SELECT boom()"));
            assertEquals("XX000", error.getSQLState());
            assertTrue(error.getMessage().contains("boom: the test engine failed on purpose"), error.getMessage());
            assertOne(statement);
        }
    }

    @Test
    void tracksTransactionStatus() throws SQLException {
        try (Connection connection = server.connect()) {
            BaseConnection base = connection.unwrap(BaseConnection.class);
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                assertOne(statement);
                assertEquals(TransactionState.OPEN, base.getTransactionState());
                assertThrows(PSQLException.class, () -> statement.executeQuery("SELECT FROM t"));
                assertEquals(TransactionState.FAILED, base.getTransactionState());
                PSQLException aborted = assertThrows(PSQLException.class, () -> statement.executeQuery("SELECT 1"));
                assertEquals("25P02", aborted.getSQLState());
                connection.rollback();
                assertEquals(TransactionState.IDLE, base.getTransactionState());
                assertOne(statement);
                connection.commit();
            }
        }
    }

    @Test
    void reportsChangedParameters() throws SQLException {
        try (Connection connection = server.connect();
             Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = 'renamed'");
            assertEquals("renamed", connection.unwrap(PGConnection.class).getParameterStatus("application_name"));
            try (ResultSet rs = statement.executeQuery("SHOW application_name")) {
                assertTrue(rs.next());
                assertEquals("renamed", rs.getString(1));
            }
        }
    }

    @Test
    void answersPingsWithEmptyQueryResponse() throws SQLException {
        try (Connection connection = server.connect();
             Statement statement = connection.createStatement()) {
            assertFalse(statement.execute("-- ping"));
            assertTrue(connection.isValid(2));
        }
    }

    @Test
    void closesTheSessionWhenTheClientLeaves() throws Exception {
        Waits.until(() -> server.engine.openSessions() == 0, "sessions of earlier tests to close");
        Connection connection = server.connect();
        assertEquals(1, server.engine.openSessions());
        connection.close();
        Waits.until(() -> server.engine.openSessions() == 0, "the session to close");
    }

    static void assertOne(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
        }
    }
}
