package io.freshet.server.pgwire;

import io.freshet.common.DataType;
import io.freshet.common.Interval;
import io.freshet.server.session.Engine;
import io.freshet.server.session.Session;
import io.freshet.server.session.Session.ResultColumn;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the database engine, for protocol tests only. It holds one table {@code t} with a
 * column of every Freshet type and understands the fixed set of statements {@link TestSession}
 * lists; everything else is a syntax error. Thread-safe.
 */
final class TestEngine implements Engine {
    static final String DATABASE = "dev";

    static final List<ResultColumn> T_COLUMNS = List.of(
            new ResultColumn("id", DataType.INTEGER),
            new ResultColumn("small", DataType.SMALLINT),
            new ResultColumn("big", DataType.BIGINT),
            new ResultColumn("real_value", DataType.REAL),
            new ResultColumn("double_value", DataType.DOUBLE),
            new ResultColumn("amount", DataType.decimal(10, 2)),
            new ResultColumn("name", DataType.varchar(20)),
            new ResultColumn("note", DataType.VARCHAR),
            new ResultColumn("data", DataType.BYTEA),
            new ResultColumn("flag", DataType.BOOLEAN),
            new ResultColumn("day", DataType.DATE),
            new ResultColumn("clock", DataType.TIME),
            new ResultColumn("stamp", DataType.TIMESTAMP),
            new ResultColumn("instant", DataType.TIMESTAMPTZ),
            new ResultColumn("span", DataType.INTERVAL));

    /** The rows of {@code t}: ordinary values, edge values (before both epochs, non-ASCII), and NULLs. */
    static final List<Object[]> T_ROWS = List.of(
            new Object[] {1L, 7L, 10_000_000_000L, 1.5, 2.25, new BigDecimal("12345.67"), "alice", "first row",
                new byte[] {1, 2, 3}, true, days(2024, 1, 15), micros(LocalTime.of(10, 15, 30, 123_456_000)),
                micros(LocalDateTime.of(2024, 1, 15, 10, 15, 30, 123_456_000)),
                micros(Instant.parse("2024-01-15T09:15:30.123456Z")), new Interval(14, 3, 14_405_500_000L)},
            new Object[] {2L, -3L, -5L, -0.25, 1e-300, new BigDecimal("-0.05"), "bøb ☃", "ünïcødé 🦆",
                new byte[0], false, days(1999, 12, 31), 0L,
                micros(LocalDateTime.of(1969, 7, 20, 20, 17, 40)),
                micros(Instant.parse("1969-07-20T20:17:40Z")), new Interval(-1, -2, -3_000_000L)},
            new Object[] {3L, null, null, null, null, null, null, null, null, null, null, null, null, null, null});

    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final AtomicInteger openSessions = new AtomicInteger();
    private final AtomicInteger runningSlowStatements = new AtomicInteger();

    @Override
    public Session openSession(Map<String, String> startupParameters) {
        String database = startupParameters.get("database");
        if (!DATABASE.equals(database)) {
            // SqlState has no 3D000 yet, so the fixture uses the protocol layer's exception.
            throw new PgException("3D000", "database \"" + database + "\" does not exist");
        }
        openSessions.incrementAndGet();
        return new TestSession(this, startupParameters);
    }

    @Override
    public Map<String, String> initialParameterStatus() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("server_version", "15.0");
        status.put("server_encoding", "UTF8");
        status.put("client_encoding", "UTF8");
        status.put("DateStyle", "ISO, MDY");
        status.put("IntervalStyle", "postgres");
        status.put("TimeZone", "UTC");
        status.put("integer_datetimes", "on");
        status.put("standard_conforming_strings", "on");
        status.put("application_name", "");
        status.put("is_superuser", "on");
        status.put("session_authorization", "freshet");
        return status;
    }

    /** How many sessions are open now. */
    int openSessions() {
        return openSessions.get();
    }

    /** How many times a statement with exactly this SQL text was executed. */
    int executions(String sql) {
        AtomicInteger count = executions.get(sql);
        return count == null ? 0 : count.get();
    }

    /** How many {@code slow(n)} statements are running now. */
    int runningSlowStatements() {
        return runningSlowStatements.get();
    }

    void executed(String sql) {
        executions.computeIfAbsent(sql, ignored -> new AtomicInteger()).incrementAndGet();
    }

    void sessionClosed() {
        openSessions.decrementAndGet();
    }

    AtomicInteger slowStatementCounter() {
        return runningSlowStatements;
    }

    static Object[] row(int index) {
        return Arrays.copyOf(T_ROWS.get(index), T_ROWS.get(index).length);
    }

    static long days(int year, int month, int day) {
        return LocalDate.of(year, month, day).toEpochDay();
    }

    static long micros(LocalTime time) {
        return time.toNanoOfDay() / 1000;
    }

    static long micros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1000;
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
