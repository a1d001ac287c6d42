package io.freshet.server.e2e;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a server in its own JVM, then a restart on the same data directory: everything
 * committed (FLUSHed) is back, every view equals its query recomputed on its base table, statements
 * that were not yet committed are each all there or all gone (and only a prefix of them survives),
 * and the server keeps updating afterwards.
 */
class CrashRecoveryTest {
    private static final int CYCLES = 3;
    private static final long WAIT_NANOS = 15_000_000_000L;

    /**
     * A view and the same query computed ad hoc on the base table, where Freshet can run it ad hoc.
     * (Ad-hoc SUM over BIGINT fails to compile — see TypesTest — so sums are recomputed from the
     * table's rows on the client instead, in {@link #assertViewsMatchRecomputation}.)
     */
    private record ViewCheck(String view, String recomputed) {
    }

    private static final List<ViewCheck> AD_HOC_CHECKS = List.of(
            new ViewCheck("SELECT grp, n, lo, hi FROM by_grp ORDER BY grp",
                    "SELECT grp, COUNT(*), MIN(amount), MAX(amount) FROM events GROUP BY grp ORDER BY grp"),
            new ViewCheck("SELECT * FROM big ORDER BY id",
                    "SELECT id, amount * 2, grp FROM events WHERE amount > 500 ORDER BY id"),
            new ViewCheck("SELECT n FROM totals",
                    "SELECT COUNT(*) FROM events"));

    /** Kept when a test fails: server.log in it tells what the server saw. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    /** What the events table must hold, by id: {grp, amount}. */
    private final TreeMap<Long, long[]> events = new TreeMap<>();

    @Test
    void killNineKeepsEveryCommittedRowAndEveryViewConsistent() throws Exception {
        try (FreshetProcess server = FreshetProcess.start(dir.resolve("data"), dir.resolve("server.log"))) {
            try (Connection c = server.connect()) {
                execute(c, "CREATE TABLE events (id BIGINT PRIMARY KEY, grp INT, amount BIGINT)");
                execute(c, "CREATE MATERIALIZED VIEW by_grp AS SELECT grp, COUNT(*) AS n, SUM(amount) AS total, "
                        + "MIN(amount) AS lo, MAX(amount) AS hi FROM events GROUP BY grp");
                execute(c, "CREATE MATERIALIZED VIEW big AS SELECT id, amount * 2 AS doubled, grp FROM events WHERE amount > 500");
                execute(c, "CREATE MATERIALIZED VIEW totals AS SELECT COUNT(*) AS n, SUM(amount) AS total FROM events");
                execute(c, "CREATE MATERIALIZED VIEW busy AS SELECT grp, total FROM by_grp WHERE n > 40");
                execute(c, "CREATE TABLE g (id BIGINT, v INT) WITH (connector='datagen', rows_per_second='200', "
                        + "fields.id.kind='sequence', fields.id.start='1', fields.v.kind='random', fields.v.min='1', fields.v.max='10')");
                execute(c, "CREATE MATERIALIZED VIEW g_count AS SELECT COUNT(*) AS n FROM g");
                execute(c, "FLUSH");
            }
            long generated = 0;
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                List<Pending> pending;
                try (Connection c = server.connect()) {
                    writeCommittedBatch(c, cycle);
                    generated = assertGeneratedExactlyOnce(c, generated);
                    pending = pendingStatements(cycle);
                    for (Pending statement : pending) {
                        execute(c, statement.sql());
                    }
                    server.kill();
                }
                server.start();
                try (Connection c = server.connect()) {
                    applySurvivors(c, pending, cycle);
                    assertTablesMatchModel(c, "after kill -9 number " + (cycle + 1));
                    assertViewsMatchRecomputation(c);
                    generated = assertGeneratedExactlyOnce(c, generated);
                    awaitMoreGenerated(c, generated);
                }
            }
            // Still alive after the last crash: writes go through and views follow.
            try (Connection c = server.connect()) {
                writeCommittedBatch(c, CYCLES);
                assertTablesMatchModel(c, "after the last restart");
                assertViewsMatchRecomputation(c);
            }
        }
    }

    @Test
    void groupedViewOnDatagenTableSurvivesKillNine() throws Exception {
        try (FreshetProcess server = FreshetProcess.start(dir.resolve("data"), dir.resolve("server.log"))) {
            try (Connection c = server.connect()) {
                execute(c, "CREATE TABLE g (id BIGINT, v INT) WITH (connector='datagen', rows_per_second='200', "
                        + "fields.id.kind='sequence', fields.id.start='1', fields.v.kind='random', fields.v.min='1', fields.v.max='10')");
                execute(c, "CREATE MATERIALIZED VIEW g_count AS SELECT COUNT(*) AS n FROM g");
                execute(c, "CREATE MATERIALIZED VIEW g_by_v AS SELECT v, COUNT(*) AS n FROM g GROUP BY v");
                awaitMoreGenerated(c, 100);
                assertEquals(List.of(), groupedViewDifferences(c), "before the crash");
            }
            for (int cycle = 0; cycle < 2; cycle++) {
                server.kill();
                server.start();
                try (Connection c = server.connect()) {
                    awaitMoreGenerated(c, generatedCount(c) + 50);
                    assertEquals(List.of(), groupedViewDifferences(c), "after kill -9 number " + (cycle + 1));
                }
            }
        }
    }

    @Test
    void tableWithoutPrimaryKeySurvivesKillNine() throws Exception {
        try (FreshetProcess server = FreshetProcess.start(dir.resolve("data"), dir.resolve("server.log"))) {
            try (Connection c = server.connect()) {
                execute(c, "CREATE TABLE notes (grp INT, txt VARCHAR)");
                execute(c, "CREATE MATERIALIZED VIEW note_counts AS SELECT grp, COUNT(*) AS n FROM notes GROUP BY grp");
                execute(c, "INSERT INTO notes VALUES (1, 'a'), (1, 'a'), (2, 'b')");
                execute(c, "FLUSH");
                execute(c, "INSERT INTO notes VALUES (3, 'pending'), (3, 'pending')");
                server.kill();
            }
            server.start();
            try (Connection c = server.connect()) {
                long pending = single(c, "SELECT count(*) FROM notes WHERE grp = 3");
                assertTrue(pending == 0 || pending == 2, "the unflushed INSERT is all there or all gone: " + pending);
                assertEquals(rows(c, "SELECT grp, COUNT(*) FROM notes GROUP BY grp ORDER BY grp"),
                        rows(c, "SELECT * FROM note_counts ORDER BY grp"));
                // New hidden row ids must not collide with the ones from before the crash.
                execute(c, "INSERT INTO notes VALUES (1, 'a'), (2, 'b')");
                execute(c, "FLUSH");
                assertEquals(List.of("1|3", "2|2"), rows(c, "SELECT grp, COUNT(*) FROM notes WHERE grp < 3 GROUP BY grp ORDER BY grp"));
                assertEquals(rows(c, "SELECT grp, COUNT(*) FROM notes GROUP BY grp ORDER BY grp"),
                        rows(c, "SELECT * FROM note_counts ORDER BY grp"));
            }
        }
    }

    /** Groups where g_by_v and a recount of g disagree, read in one query (one snapshot) while datagen runs. */
    private static List<String> groupedViewDifferences(Connection c) throws SQLException {
        return rows(c, "SELECT a.v, a.n, b.n FROM g_by_v a FULL OUTER JOIN (SELECT v, COUNT(*) AS n FROM g GROUP BY v) b "
                + "ON a.v = b.v WHERE a.n IS DISTINCT FROM b.n");
    }

    /** Inserts, updates and deletes events, then FLUSHes: all of it must survive any crash. */
    private void writeCommittedBatch(Connection c, int cycle) throws SQLException {
        long base = cycle * 1000L;
        StringJoiner values = new StringJoiner(", ");
        for (long id = base + 1; id <= base + 100; id++) {
            long grp = id % 7;
            long amount = id * 37 % 1000;
            values.add("(" + id + ", " + grp + ", " + amount + ")");
            events.put(id, new long[] {grp, amount});
        }
        execute(c, "INSERT INTO events VALUES " + values);
        int updatedGroup = cycle % 7;
        execute(c, "UPDATE events SET amount = amount + 1 WHERE grp = " + updatedGroup);
        events.values().stream().filter(row -> row[0] == updatedGroup).forEach(row -> row[1]++);
        execute(c, "DELETE FROM events WHERE id > " + base + " AND id % 10 = 0");
        events.keySet().removeIf(id -> id > base && id % 10 == 0);
        execute(c, "FLUSH");
    }

    /**
     * A write not yet committed when the server dies, with a way to see afterwards whether it survived
     * (all of it, or none: anything in between fails the test) and its effect on the model.
     */
    private record Pending(String sql, String survivedCount, String totalCount, Consumer<CrashRecoveryTest> apply) {
    }

    private List<Pending> pendingStatements(int cycle) {
        long base = cycle * 1000L;
        String ownRows = "id > " + base + " AND id <= " + (base + 100);
        List<Pending> pending = new ArrayList<>();
        pending.add(insertEvents(base + 501, base + 520));
        pending.add(new Pending("UPDATE events SET amount = amount + 100000 WHERE " + ownRows + " AND grp = 3",
                "SELECT count(*) FROM events WHERE " + ownRows + " AND grp = 3 AND amount >= 100000",
                "SELECT count(*) FROM events WHERE " + ownRows + " AND grp = 3",
                test -> test.events.subMap(base, false, base + 100, true).values().stream()
                        .filter(row -> row[0] == 3).forEach(row -> row[1] += 100000)));
        pending.add(insertEvents(base + 521, base + 530));
        pending.add(new Pending("DELETE FROM events WHERE " + ownRows + " AND grp = 5",
                "SELECT " + events.subMap(base, false, base + 100, true).values().stream().filter(row -> row[0] == 5).count()
                        + " - count(*) FROM events WHERE " + ownRows + " AND grp = 5",
                "SELECT " + events.subMap(base, false, base + 100, true).values().stream().filter(row -> row[0] == 5).count(),
                test -> test.events.subMap(base, false, base + 100, true).values().removeIf(row -> row[0] == 5)));
        pending.add(insertEvents(base + 531, base + 550));
        return pending;
    }

    private static Pending insertEvents(long from, long to) {
        StringJoiner values = new StringJoiner(", ");
        for (long id = from; id <= to; id++) {
            values.add("(" + id + ", " + id % 7 + ", " + id * 37 % 1000 + ")");
        }
        return new Pending("INSERT INTO events VALUES " + values,
                "SELECT count(*) FROM events WHERE id BETWEEN " + from + " AND " + to,
                "SELECT " + (to - from + 1),
                test -> {
                    for (long id = from; id <= to; id++) {
                        test.events.put(id, new long[] {id % 7, id * 37 % 1000});
                    }
                });
    }

    /** Checks each pending statement is all there or all gone, that the survivors are a prefix, and applies them. */
    private void applySurvivors(Connection c, List<Pending> pending, int cycle) throws SQLException {
        List<Boolean> survived = new ArrayList<>();
        for (Pending statement : pending) {
            long applied = single(c, statement.survivedCount());
            long total = single(c, statement.totalCount());
            assertTrue(total > 0, statement.totalCount());
            if (applied != 0 && applied != total) {
                fail("a statement was cut in half by kill -9 (" + applied + " of " + total + " rows): " + statement.sql());
            }
            survived.add(applied == total);
        }
        int prefix = survived.indexOf(false) < 0 ? survived.size() : survived.indexOf(false);
        assertEquals(List.of(), survived.subList(prefix, survived.size()).stream().filter(b -> b).toList(),
                "cycle " + cycle + ": a later statement survived while an earlier one was lost: " + survived);
        for (Pending statement : pending.subList(0, prefix)) {
            statement.apply().accept(this);
        }
    }

    private void assertTablesMatchModel(Connection c, String when) throws SQLException {
        List<String> expected = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : events.entrySet()) {
            expected.add(e.getKey() + "|" + e.getValue()[0] + "|" + e.getValue()[1]);
        }
        List<String> actual = rows(c, "SELECT id, grp, amount FROM events ORDER BY id");
        if (!expected.equals(actual)) {
            List<String> missing = new ArrayList<>(expected);
            missing.removeAll(actual);
            List<String> unexpected = new ArrayList<>(actual);
            unexpected.removeAll(expected);
            fail("events " + when + ": missing " + missing + ", unexpected " + unexpected);
        }
    }

    /** Compares every view with its query recomputed on the events table (call after the table matched the model). */
    private void assertViewsMatchRecomputation(Connection c) throws SQLException {
        for (ViewCheck check : AD_HOC_CHECKS) {
            assertEquals(rows(c, check.recomputed()), rows(c, check.view()), check.view());
        }
        TreeMap<Long, long[]> groups = new TreeMap<>(); // grp -> {count, sum, min, max}
        long count = 0;
        long sum = 0;
        List<String> big = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : events.entrySet()) {
            long grp = e.getValue()[0];
            long amount = e.getValue()[1];
            long[] g = groups.computeIfAbsent(grp, k -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            g[0]++;
            g[1] += amount;
            g[2] = Math.min(g[2], amount);
            g[3] = Math.max(g[3], amount);
            count++;
            sum += amount;
            if (amount > 500) {
                big.add(e.getKey() + "|" + amount * 2 + "|" + grp);
            }
        }
        List<String> byGroup = new ArrayList<>();
        List<String> busy = new ArrayList<>();
        groups.forEach((grp, g) -> {
            byGroup.add(grp + "|" + g[0] + "|" + g[1] + "|" + g[2] + "|" + g[3]);
            if (g[0] > 40) {
                busy.add(grp + "|" + g[1]);
            }
        });
        assertEquals(byGroup, rows(c, "SELECT grp, n, total, lo, hi FROM by_grp ORDER BY grp"), "by_grp");
        assertEquals(big, rows(c, "SELECT id, doubled, grp FROM big ORDER BY id"), "big");
        assertEquals(List.of(count + "|" + sum), rows(c, "SELECT n, total FROM totals"), "totals");
        assertEquals(busy, rows(c, "SELECT grp, total FROM busy ORDER BY grp"), "busy (a view on by_grp)");
    }

    /**
     * Reads g_count and g in one query (one snapshot): they agree, and the sequence ids are exactly
     * 1..count — no row lost or generated twice across crashes. Returns the count, which never shrinks.
     */
    private static long assertGeneratedExactlyOnce(Connection c, long atLeast) throws SQLException {
        List<String> result = rows(c, "SELECT v.n, t.cnt, t.ids, t.lo, t.hi FROM g_count v, "
                + "(SELECT COUNT(*) AS cnt, COUNT(DISTINCT id) AS ids, MIN(id) AS lo, MAX(id) AS hi FROM g) t");
        assertEquals(1, result.size(), result.toString());
        String[] f = result.get(0).split("\\|");
        long count = Long.parseLong(f[1]);
        assertEquals(f[1], f[0], "g_count equals SELECT count(*) FROM g: " + result);
        if (count > 0) {
            assertEquals(List.of(f[1], "1", f[1]), List.of(f[2], f[3], f[4]),
                    "distinct ids, min and max id of the datagen sequence: " + result);
        }
        assertTrue(count >= atLeast, "the generated count went back from " + atLeast + " to " + count);
        return count;
    }

    private static long generatedCount(Connection c) throws SQLException {
        return single(c, "SELECT n FROM g_count");
    }

    private static void awaitMoreGenerated(Connection c, long than) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (generatedCount(c) <= than) {
            if (System.nanoTime() > deadline) {
                fail("datagen stopped: g_count stays at " + generatedCount(c));
            }
            Thread.sleep(50);
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }
}
