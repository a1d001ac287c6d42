package io.freshet.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The randomized differential test: generated tables receive a generated history of INSERT,
 * UPDATE and DELETE statements, interleaved with FLUSH, while every view of the corpus
 * ({@code differential/views.sql}) is maintained. After every FLUSH each view must equal its query
 * recomputed from scratch: run ad hoc on Freshet, and, when a reference PostgreSQL is configured
 * ({@code FRESHET_REFERENCE_PG}), the same view on PostgreSQL given the same statements.
 *
 * <p>A failure names the seed: {@code -Ddifferential.seed=<seed>} replays it exactly;
 * {@code -Ddifferential.steps=<n>} sets the history's length.
 */
class DifferentialTest {
    private static final int MIN_VIEWS = 60;
    private static final Pattern ENTRY = Pattern.compile("^(\\w+)(\\s+\\[late])?:\\s*(.+)$");

    /**
     * One view of the corpus; a late one is created after the tables hold data (backfill). Where
     * PostgreSQL spells the query differently (TUMBLE, HOP), {@code postgresQuery} is its spelling.
     */
    record ViewDef(String name, boolean late, String query, String postgresQuery) {
    }

    @Test
    void everyViewEqualsItsRecomputationAfterEveryChange() throws Exception {
        long seed = Long.getLong("differential.seed", new Random().nextLong());
        int steps = Integer.getInteger("differential.steps", 60);
        List<ViewDef> views = corpus();
        assertTrue(views.size() >= MIN_VIEWS, "the corpus must hold at least " + MIN_VIEWS + " views, has " + views.size());
        try (SltTarget freshet = SltTarget.freshet(); Reference reference = Reference.connect()) {
            new Run(new Random(seed), freshet.connection(), reference.connection(), views).run(steps);
        } catch (AssertionError | SQLException e) {
            throw new AssertionError("differential test failed with seed " + seed
                    + " (replay: -Ddifferential.seed=" + seed + " -Ddifferential.steps=" + steps + ")\n" + e.getMessage(), e);
        }
        System.out.println("differential: " + views.size() + " views, " + steps + " steps, seed " + seed + ": all equal");
    }

    static List<ViewDef> corpus() throws IOException {
        List<ViewDef> views = new ArrayList<>();
        try (InputStream in = DifferentialTest.class.getClassLoader().getResourceAsStream("differential/views.sql")) {
            if (in == null) {
                throw new IllegalStateException("differential/views.sql is not on the class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                Matcher m = ENTRY.matcher(trimmed);
                if (!m.matches()) {
                    throw new IllegalStateException("bad corpus line: " + line);
                }
                String[] spellings = m.group(3).split("\\|\\|\\|");
                views.add(new ViewDef(m.group(1), m.group(2) != null, spellings[0].strip(),
                        spellings.length > 1 ? spellings[1].strip() : spellings[0].strip()));
            }
        }
        return views;
    }

    /** The optional reference PostgreSQL, a fresh schema on it. */
    static final class Reference implements AutoCloseable {
        private final Connection connection;
        private final String schema;

        private Reference(Connection connection, String schema) {
            this.connection = connection;
            this.schema = schema;
        }

        static Reference connect() throws SQLException {
            String url = System.getProperty("reference.pg", System.getenv("FRESHET_REFERENCE_PG"));
            if (url == null || url.isBlank()) {
                if ("1".equals(System.getenv("FRESHET_REQUIRE_REFERENCE"))) {
                    throw new IllegalStateException("FRESHET_REQUIRE_REFERENCE=1 but FRESHET_REFERENCE_PG is not set");
                }
                System.out.println("differential: no reference PostgreSQL (FRESHET_REFERENCE_PG); checking against ad-hoc recomputation only");
                return new Reference(null, null);
            }
            Connection connection = DriverManager.getConnection(url);
            String schema = "differential_" + ProcessHandle.current().pid();
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                statement.execute("CREATE SCHEMA " + schema);
                statement.execute("SET search_path = " + schema);
            }
            return new Reference(connection, schema);
        }

        Connection connection() {
            return connection;
        }

        @Override
        public void close() throws SQLException {
            if (connection != null) {
                try (connection; Statement statement = connection.createStatement()) {
                    statement.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /** One run: the tables, the statement generator, and the checks. */
    static final class Run {
        private static final String[] STRINGS = {"x", "y", "z", "xy", "Ab", ""};
        private final Random random;
        private final Connection freshet;
        private final Connection postgres;
        private final List<ViewDef> views;
        private final List<String> history = new ArrayList<>();
        private final java.util.Set<Integer> takenA = new java.util.HashSet<>();
        private final java.util.Set<Integer> takenB = new java.util.HashSet<>();
        private int step;

        Run(Random random, Connection freshet, Connection postgres, List<ViewDef> views) {
            this.random = random;
            this.freshet = freshet;
            this.postgres = postgres;
            this.views = views;
        }

        void run(int steps) throws SQLException {
            both("CREATE TABLE a (id INT PRIMARY KEY, k INT, v INT, s VARCHAR, n NUMERIC(8,2), b BOOLEAN, ts TIMESTAMP)");
            both("CREATE TABLE b (id INT PRIMARY KEY, k INT, w INT, s VARCHAR)");
            both("CREATE TABLE c (k INT, v INT)");
            for (ViewDef view : views) {
                if (!view.late()) {
                    createView(view);
                }
            }
            for (step = 1; step <= steps; step++) {
                int statements = 1 + random.nextInt(4);
                for (int i = 0; i < statements; i++) {
                    both(nextStatement());
                }
                if (step == steps / 3) {
                    for (ViewDef view : views) {
                        if (view.late()) {
                            createView(view);
                        }
                    }
                }
                if (random.nextInt(3) > 0 || step == steps) {
                    both("FLUSH");
                    resyncIds();
                    check(step >= steps / 3);
                }
            }
        }

        private void createView(ViewDef view) throws SQLException {
            both("CREATE MATERIALIZED VIEW " + view.name() + " AS " + view.query(),
                    "CREATE VIEW " + view.name() + " AS " + view.postgresQuery());
        }

        private void both(String sql) throws SQLException {
            both(sql, sql);
        }

        private void both(String sql, String postgresSql) throws SQLException {
            history.add(sql);
            try (Statement statement = freshet.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new SQLException("step " + step + ": Freshet refused " + sql + ": " + e.getMessage(), e.getSQLState(), e);
            }
            if (postgres != null && !sql.equals("FLUSH")) {
                try (Statement statement = postgres.createStatement()) {
                    statement.execute(postgresSql);
                } catch (SQLException e) {
                    throw new SQLException("step " + step + ": PostgreSQL refused " + sql + ": " + e.getMessage(), e.getSQLState(), e);
                }
            }
        }

        private void check(boolean lateCreated) throws SQLException {
            for (ViewDef view : views) {
                if (view.late() && !lateCreated) {
                    continue;
                }
                List<String> maintained = rows(freshet, "SELECT * FROM " + view.name());
                List<String> recomputed = rows(freshet, view.query());
                if (!maintained.equals(recomputed)) {
                    throw new AssertionError(mismatch(view, "Freshet's ad-hoc recomputation", maintained, recomputed));
                }
                if (postgres != null) {
                    List<String> expected = rows(postgres, "SELECT * FROM " + view.name());
                    if (!maintained.equals(expected)) {
                        throw new AssertionError(mismatch(view, "PostgreSQL", maintained, expected));
                    }
                }
            }
        }

        private String mismatch(ViewDef view, String against, List<String> maintained, List<String> expected) {
            List<String> missing = new ArrayList<>(expected);
            maintained.forEach(missing::remove);
            List<String> extra = new ArrayList<>(maintained);
            expected.forEach(extra::remove);
            int from = Math.max(0, history.size() - 12);
            return "after step " + step + ", view " + view.name() + " differs from " + against + "\n  query: " + view.query()
                    + "\n  rows missing from the view: " + missing + "\n  rows the view has in excess: " + extra
                    + "\n  last statements:\n    " + String.join("\n    ", history.subList(from, history.size()));
        }

        private static List<String> rows(Connection connection, String sql) throws SQLException {
            List<String> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= columns; c++) {
                        String value = rs.getString(c);
                        row.append(c > 1 ? " | " : "").append(value == null ? "NULL" : value);
                    }
                    rows.add(row.toString());
                }
            } catch (SQLException e) {
                throw new SQLException(sql + ": " + e.getMessage(), e.getSQLState(), e);
            }
            rows.sort(null);
            return rows;
        }

        // ---- the generated history

        private String nextStatement() {
            int choice = random.nextInt(100);
            if (choice < 30) {
                return insertA();
            }
            if (choice < 45) {
                return insertB();
            }
            if (choice < 55) {
                return insertC();
            }
            if (choice < 70) {
                return update();
            }
            return delete();
        }

        private String insertA() {
            List<Integer> ids = freeIds("a", 1 + random.nextInt(4));
            if (ids.isEmpty()) {
                return delete();
            }
            List<String> rows = new ArrayList<>();
            for (int id : ids) {
                rows.add("(" + id + ", " + k() + ", " + v() + ", " + s() + ", " + n() + ", " + bool() + ", " + ts() + ")");
            }
            return "INSERT INTO a VALUES " + String.join(", ", rows);
        }

        private String insertB() {
            List<Integer> ids = freeIds("b", 1 + random.nextInt(3));
            if (ids.isEmpty()) {
                return delete();
            }
            List<String> rows = new ArrayList<>();
            for (int id : ids) {
                rows.add("(" + id + ", " + k() + ", " + v() + ", " + s() + ")");
            }
            return "INSERT INTO b VALUES " + String.join(", ", rows);
        }

        private String insertC() {
            List<String> rows = new ArrayList<>();
            int n = 1 + random.nextInt(3);
            String row = "(" + k() + ", " + v() + ")";
            for (int i = 0; i < n; i++) {
                // Duplicates on purpose: c has no primary key.
                rows.add(random.nextBoolean() ? row : "(" + k() + ", " + v() + ")");
            }
            return "INSERT INTO c VALUES " + String.join(", ", rows);
        }

        private String update() {
            switch (random.nextInt(7)) {
                case 0: return "UPDATE a SET v = " + v() + " WHERE id = " + (1 + random.nextInt(40));
                case 1: return "UPDATE a SET k = " + k() + ", s = " + s() + " WHERE id = " + (1 + random.nextInt(40));
                case 2: return "UPDATE a SET v = v + 1, n = n + 1.5 WHERE k = " + random.nextInt(5);
                case 3: return "UPDATE a SET b = NOT b, ts = ts + INTERVAL '7 minutes' WHERE v < " + random.nextInt(10);
                case 4: return "UPDATE b SET w = " + v() + ", k = " + k() + " WHERE id = " + (1 + random.nextInt(40));
                case 5: return "UPDATE b SET s = " + s() + " WHERE k = " + random.nextInt(5);
                default: return "UPDATE c SET v = v + 1 WHERE k = " + random.nextInt(5);
            }
        }

        private String delete() {
            switch (random.nextInt(6)) {
                case 0: return deleteById("a");
                case 1: return "DELETE FROM a WHERE v > " + (8 + random.nextInt(10));
                case 2: return deleteById("b");
                case 3: return "DELETE FROM b WHERE k = " + random.nextInt(5);
                case 4: return "DELETE FROM c WHERE k = " + random.nextInt(5) + " AND v < " + random.nextInt(12);
                default: return "DELETE FROM c WHERE v IS NULL OR v > " + (10 + random.nextInt(8));
            }
        }

        /**
         * Up to {@code n} ids in 1..40 that {@code table} may not hold. Reads see only committed
         * epochs, so ids are tracked here between FLUSHes: inserted ids are taken, ids deleted by id
         * are free again, and a FLUSH resynchronizes (ids a predicate deleted stay taken until then).
         */
        private List<Integer> freeIds(String table, int n) {
            java.util.Set<Integer> taken = taken(table);
            List<Integer> ids = new ArrayList<>();
            for (int attempt = 0; attempt < 20 && ids.size() < n; attempt++) {
                int id = 1 + random.nextInt(40);
                if (!taken.contains(id) && !ids.contains(id)) {
                    ids.add(id);
                }
            }
            taken.addAll(ids);
            return ids;
        }

        private java.util.Set<Integer> taken(String table) {
            return table.equals("a") ? takenA : takenB;
        }

        private void resyncIds() throws SQLException {
            for (String table : List.of("a", "b")) {
                java.util.Set<Integer> taken = taken(table);
                taken.clear();
                try (Statement statement = freshet.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT id FROM " + table)) {
                    while (rs.next()) {
                        taken.add(rs.getInt(1));
                    }
                }
            }
        }

        private String deleteById(String table) {
            int id = 1 + random.nextInt(40);
            taken(table).remove(id);
            return "DELETE FROM " + table + " WHERE id = " + id;
        }

        private String k() {
            return random.nextInt(10) == 0 ? "NULL" : Integer.toString(random.nextInt(5));
        }

        private String v() {
            return random.nextInt(10) == 0 ? "NULL" : Integer.toString(random.nextInt(20) - 4);
        }

        private String s() {
            return random.nextInt(8) == 0 ? "NULL" : "'" + STRINGS[random.nextInt(STRINGS.length)] + "'";
        }

        private String n() {
            return random.nextInt(10) == 0 ? "NULL" : String.format(Locale.ROOT, "%d.%02d", random.nextInt(200) - 50, random.nextInt(100));
        }

        private String bool() {
            int r = random.nextInt(5);
            return r == 0 ? "NULL" : r % 2 == 0 ? "TRUE" : "FALSE";
        }

        private String ts() {
            int minutes = random.nextInt(180);
            return String.format(Locale.ROOT, "TIMESTAMP '2024-01-01 %02d:%02d:%02d'", minutes / 60, minutes % 60, random.nextInt(60));
        }
    }
}
