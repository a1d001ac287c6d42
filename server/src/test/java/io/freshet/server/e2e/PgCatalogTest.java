package io.freshet.server.e2e;

import static io.freshet.server.TestServer.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.server.TestServer;
import io.freshet.server.engine.PgCatalog;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.core.Oid;
import org.postgresql.core.TypeInfo;
import org.postgresql.jdbc.PgConnection;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;
import org.postgresql.util.PSQLException;

/**
 * pgjdbc's type API for the types it has no built-in entry for: it looks them up with its
 * TypeInfoCache catalog queries, which Freshet answers from its {@code pg_type} rows. Every test
 * uses a fresh connection, so pgjdbc's per-connection cache is empty and the lookups reach the
 * server.
 *
 * <p>With {@code -Dfreshet.pg.reference=jdbc:postgresql://…} the same calls also run against that
 * PostgreSQL server and must give the same answers (the expected values here are PostgreSQL 15's).
 */
class PgCatalogTest {
    @TempDir
    static Path dataDir;

    private static TestServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = new TestServer(dataDir);
        try (Connection c = server.connect()) {
            execute(c, "CREATE TABLE spans (id INT PRIMARY KEY, iv INTERVAL, b BOOLEAN, s SMALLINT, i INTEGER, l BIGINT, "
                    + "r REAL, d DOUBLE PRECISION, n NUMERIC, vc VARCHAR, bt BYTEA, dt DATE, tm TIME, ts TIMESTAMP, tz TIMESTAMPTZ)");
            execute(c, "CREATE MATERIALIZED VIEW known_spans AS SELECT id, iv FROM spans WHERE iv IS NOT NULL");
            execute(c, "INSERT INTO spans (id, iv) VALUES (1, '1 year 2 mons 3 days 04:05:06.5'), (2, '-00:00:01'), (3, NULL)");
            execute(c, "FLUSH");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs {@code check} on a fresh Freshet connection and, if configured, on a fresh PostgreSQL one. */
    private static void onBoth(ConnectionCheck check) throws SQLException {
        try (Connection c = server.connect()) {
            check.accept(c);
        }
        String reference = System.getProperty("freshet.pg.reference");
        if (reference != null && !reference.isEmpty()) {
            try (Connection c = DriverManager.getConnection(reference)) {
                check.accept(c);
            }
        }
    }

    @Test
    void intervalColumnMetadataAndValues() throws SQLException {
        try (Connection c = server.connect();
             PreparedStatement select = c.prepareStatement("SELECT id, iv FROM known_spans WHERE id IN (1, 2) ORDER BY id")) {
            for (int run = 0; run < 7; run++) {  // past pgjdbc's prepare threshold
                try (ResultSet rs = select.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    assertEquals("interval", meta.getColumnTypeName(2));
                    assertEquals(Types.OTHER, meta.getColumnType(2));
                    assertEquals(PGInterval.class.getName(), meta.getColumnClassName(2));
                    assertTrue(rs.next());
                    assertEquals(new PGInterval(1, 2, 3, 4, 5, 6.5), rs.getObject(2));
                    assertEquals("1 year 2 mons 3 days 04:05:06.5", rs.getString(2));
                    assertTrue(rs.next());
                    assertEquals(new PGInterval(0, 0, 0, 0, 0, -1), rs.getObject(2));
                    assertEquals("-00:00:01", rs.getString(2));
                    assertTrue(!rs.next());
                }
            }
        }
    }

    @Test
    void intervalParametersAndNulls() throws SQLException {
        try (Connection c = server.connect()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO spans (id, iv) VALUES (?, ?)")) {
                insert.setInt(1, 10);
                insert.setObject(2, new PGInterval(0, 0, 2, 0, 0, 0));
                insert.executeUpdate();
                insert.setInt(1, 11);
                insert.setNull(2, Types.OTHER);
                insert.executeUpdate();
            }
            execute(c, "FLUSH");
            try (PreparedStatement select = c.prepareStatement("SELECT iv FROM spans WHERE id IN (10, 11) ORDER BY id");
                 ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(new PGInterval(0, 0, 2, 0, 0, 0), rs.getObject(1));
                assertTrue(rs.next());
                assertNull(rs.getObject(1));
            }
            try (PreparedStatement select = c.prepareStatement("SELECT id, iv FROM known_spans WHERE id IN (10, 11)");
                 ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(10, rs.getInt(1));
                assertEquals(new PGInterval(0, 0, 2, 0, 0, 0), rs.getObject(2));
                assertTrue(!rs.next(), "the NULL interval is not in the view");
            }
        }
    }

    @Test
    void everyColumnTypeNamesItself() throws SQLException {
        // What pgjdbc reports against PostgreSQL for these column types.
        List<String> names = List.of("int4", "interval", "bool", "int2", "int4", "int8", "float4", "float8", "numeric",
                "varchar", "bytea", "date", "time", "timestamp", "timestamptz");
        List<Integer> sqlTypes = List.of(Types.INTEGER, Types.OTHER, Types.BIT, Types.SMALLINT, Types.INTEGER, Types.BIGINT,
                Types.REAL, Types.DOUBLE, Types.NUMERIC, Types.VARCHAR, Types.BINARY, Types.DATE, Types.TIME,
                Types.TIMESTAMP, Types.TIMESTAMP);
        try (Connection c = server.connect();
             PreparedStatement select = c.prepareStatement("SELECT * FROM spans WHERE id = 1");
             ResultSet rs = select.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            assertEquals(names.size(), meta.getColumnCount());
            for (int column = 1; column <= names.size(); column++) {
                assertEquals(names.get(column - 1), meta.getColumnTypeName(column), meta.getColumnName(column));
                assertEquals(sqlTypes.get(column - 1), meta.getColumnType(column), meta.getColumnName(column));
            }
        }
    }

    @Test
    void typeInfoOfTypesPgjdbcDoesNotKnow() throws SQLException {
        onBoth(c -> {
            TypeInfo types = c.unwrap(PgConnection.class).getTypeInfo();
            // By OID: names and JDBC types.
            assertEquals("jsonb", types.getPGType(Oid.JSONB));
            assertEquals(Types.OTHER, types.getSQLType(Oid.JSONB));
            assertEquals("_interval", types.getPGType(Oid.INTERVAL_ARRAY));
            assertEquals(Types.ARRAY, types.getSQLType(Oid.INTERVAL_ARRAY));
            assertEquals("_jsonb", types.getPGType(Oid.JSONB_ARRAY));
            assertEquals(Types.ARRAY, types.getSQLType(Oid.JSONB_ARRAY));
            assertEquals(Oid.INTERVAL, types.getPGArrayElement(Oid.INTERVAL_ARRAY));
            assertEquals(Oid.JSONB, types.getPGArrayElement(Oid.JSONB_ARRAY));
            assertEquals(',', types.getArrayDelimiter(Oid.INTERVAL_ARRAY));
            // By name: plain, array, qualified and quoted.
            assertEquals(Oid.INTERVAL, types.getPGType("interval"));
            assertEquals(Oid.JSONB, types.getPGType("jsonb"));
            assertEquals(Oid.INTERVAL_ARRAY, types.getPGType("interval[]"));
            assertEquals(Oid.JSONB_ARRAY, types.getPGType("_jsonb"));
            assertEquals(Oid.UUID_ARRAY, types.getPGArrayType("uuid"));
            assertEquals(Oid.JSONB, types.getPGType("pg_catalog.jsonb"));
            assertEquals(Oid.INTERVAL, types.getPGType("\"pg_catalog\".\"interval\""));
            assertEquals(Oid.UNSPECIFIED, types.getPGType("public.jsonb"), "jsonb is in pg_catalog, not public");
            // Types that do not exist.
            assertEquals(Oid.UNSPECIFIED, types.getPGType("no_such_type"));
            assertEquals(Oid.UNSPECIFIED, types.getPGType("no_such_type[]"));
            assertNull(types.getPGType(987654));
            assertEquals(Types.OTHER, types.getSQLType(987654));
        });
    }

    /** Every pg_type row, looked up by OID and by name, each on a fresh connection. */
    @Test
    void everyPgTypeRowThroughTypeInfo() throws SQLException {
        List<String> freshet = describeEveryType(server::connect);
        List<String> expected = new ArrayList<>();
        for (PgCatalog.TypeRow row : PgCatalog.types()) {
            expected.add(row.typname() + "|" + row.oid() + "|" + (row.isArray() ? "ARRAY of " + row.typelem() : "element"));
        }
        assertEquals(expected, freshet.stream().map(d -> d.substring(0, d.lastIndexOf('|'))).toList());
        String reference = System.getProperty("freshet.pg.reference");
        if (reference != null && !reference.isEmpty()) {
            assertEquals(describeEveryType(() -> DriverManager.getConnection(reference)), freshet);
        }
    }

    /** typname|oid|array or element|JDBC type of every pg_type row, as pgjdbc finds them. */
    private static List<String> describeEveryType(Connector connector) throws SQLException {
        List<String> out = new ArrayList<>();
        for (PgCatalog.TypeRow row : PgCatalog.types()) {
            try (Connection c = connector.open()) {
                TypeInfo types = c.unwrap(PgConnection.class).getTypeInfo();
                String name = types.getPGType((int) row.oid());
                int oid = types.getPGType(row.typname());
                int sqlType = types.getSQLType((int) row.oid());
                String kind = sqlType == Types.ARRAY ? "ARRAY of " + types.getPGArrayElement((int) row.oid()) : "element";
                out.add(name + "|" + oid + "|" + kind + "|" + sqlType);
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Connector {
        Connection open() throws SQLException;
    }

    @Test
    void arraysOfTypesPgjdbcDoesNotKnow() throws SQLException {
        onBoth(c -> {
            Array intervals = c.createArrayOf("interval", new Object[] {"1 day", null});
            assertEquals("interval", intervals.getBaseTypeName());
            assertEquals(Types.OTHER, intervals.getBaseType());
            Array jsons = c.createArrayOf("jsonb", new Object[] {"{}"});
            assertEquals("jsonb", jsons.getBaseTypeName());
            assertEquals(Types.OTHER, jsons.getBaseType());
        });
    }

    @Test
    void catalogLookupsFollowSearchPath() throws SQLException {
        // pg_catalog is searched implicitly whatever search_path says, so interval stays on the path.
        onBoth(c -> {
            execute(c, "SET search_path = public");
            TypeInfo types = c.unwrap(PgConnection.class).getTypeInfo();
            assertEquals("interval", types.getPGType(Oid.INTERVAL));
            assertEquals(Oid.INTERVAL, types.getPGType("interval"));
        });
        onBoth(c -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT n.nspname = ANY(current_schemas(true)), n.nspname, t.typname "
                    + "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid WHERE t.oid = ?")) {
                for (int oid : new int[] {Oid.INTERVAL, Oid.JSONB_ARRAY, 0}) {
                    s.setInt(1, oid);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            rows.add(rs.getBoolean(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
                        }
                    }
                }
            }
            assertEquals(List.of("true|pg_catalog|interval", "true|pg_catalog|_jsonb"), rows);
        });
    }

    @Test
    void jsonbParameterIsLookedUpAndSentAsText() throws SQLException {
        onBoth(c -> {
            PGobject json = new PGobject();
            json.setType("jsonb");
            json.setValue("{\"a\": 1}");
            try (PreparedStatement s = c.prepareStatement("SELECT CAST(? AS VARCHAR) AS v")) {
                s.setObject(1, json);
                try (ResultSet rs = s.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("{\"a\": 1}", rs.getString(1));
                }
            }
            assertEquals(Oid.JSONB, c.unwrap(PgConnection.class).getTypeInfo().getPGType("jsonb"));
        });
    }

    @Test
    void otherCatalogQueriesStillFail() throws SQLException {
        try (Connection c = server.connect()) {
            PSQLException e = assertThrows(PSQLException.class,
                    () -> execute(c, "SELECT typname FROM pg_catalog.pg_type WHERE oid = 1186"));
            assertEquals("42P01", e.getSQLState(), Objects.toString(e.getMessage()));
        }
    }

    @FunctionalInterface
    private interface ConnectionCheck {
        void accept(Connection c) throws SQLException;
    }
}
