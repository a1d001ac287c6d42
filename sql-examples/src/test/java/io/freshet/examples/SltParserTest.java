package io.freshet.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.examples.SltRecord.ExpectedError;
import io.freshet.examples.SltRecord.Location;
import io.freshet.examples.SltRecord.Query;
import io.freshet.examples.SltRecord.SortMode;
import io.freshet.examples.SltRecord.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SltParserTest {
    private static final String SCRIPT = """
            # a comment before the first record
            statement ok
            CREATE TABLE t (id INT PRIMARY KEY,
              name VARCHAR)

            statement error SQLSTATE 23505 duplicate key
            INSERT INTO t VALUES (1, 'a')

            statement error
            SELEC 1

            query IT rowsort first
            SELECT id, name
            FROM t
            ----
            1 a
            2 (empty)

            query I
            SELECT COUNT(*) FROM t WHERE false
            ----

            query T nosort
            SELECT name FROM t WHERE false

            # why: not on freshet
            skipif freshet
            statement ok
            SELECT 'not on freshet'

            # why: only on postgres
            onlyif postgres
            statement ok
            SELECT 'only on postgres'

            # why: only on freshet
            onlyif freshet
            query error SQLSTATE 42P01
            SELECT * FROM nope

            halt

            statement ok
            SELECT 'after halt'
            """;

    @Test
    void readsEveryRecordKind() {
        List<SltRecord> records = SltParser.parse("inline.slt", "freshet", SCRIPT);

        assertEquals(7, records.size());
        assertEquals(new Statement(new Location("inline.slt", 2), "CREATE TABLE t (id INT PRIMARY KEY,\n  name VARCHAR)",
                Optional.empty()), records.get(0));

        Statement duplicate = (Statement) records.get(1);
        assertEquals(new Location("inline.slt", 6), duplicate.location());
        ExpectedError error = duplicate.error().orElseThrow();
        assertEquals(Optional.of("23505"), error.sqlState());
        assertEquals("duplicate key", error.message().orElseThrow().pattern());

        Statement anyError = (Statement) records.get(2);
        assertEquals("any error", anyError.error().orElseThrow().toString());

        Query query = (Query) records.get(3);
        assertEquals("SELECT id, name\nFROM t", query.sql());
        assertEquals("IT", query.columnTypes());
        assertEquals(SortMode.ROWSORT, query.sortMode());
        assertEquals(Optional.of("first"), query.label());
        assertEquals(List.of("1 a", "2 (empty)"), query.expectedRows());
        assertEquals(Optional.empty(), query.error());

        assertEquals(List.of(), ((Query) records.get(4)).expectedRows());
        assertEquals(SortMode.NOSORT, ((Query) records.get(4)).sortMode());
        assertEquals(List.of(), ((Query) records.get(5)).expectedRows());

        Query failing = (Query) records.get(6);
        assertEquals(new Location("inline.slt", 38), failing.location());
        assertEquals(Optional.of("42P01"), failing.error().orElseThrow().sqlState());
        assertEquals(Optional.empty(), failing.error().orElseThrow().message());
    }

    @Test
    void conditionsDependOnTheEngine() {
        List<SltRecord> records = SltParser.parse("inline.slt", "postgres", SCRIPT);

        List<String> sql = records.stream().map(SltRecord::sql).toList();
        assertEquals(8, records.size());
        assertEquals(List.of("SELECT 'not on freshet'", "SELECT 'only on postgres'"), sql.subList(6, 8));
    }

    @Test
    void mistakesNameTheFileAndLine() {
        assertError("inline.slt:4: 'sleep' is not supported", "statement ok\nFLUSH\n\nsleep 100\n");
        assertError("inline.slt:1: unknown record type 'stetement'", "stetement ok\nSELECT 1\n");
        assertError("inline.slt:1: unknown sort mode 'sorted'", "query I sorted\nSELECT 1\n");
        assertError("inline.slt:1: column types 'X'", "query X\nSELECT 1\n");
        assertError("inline.slt:1: the record has no SQL", "statement ok\n\nSELECT 1\n");
        assertError("inline.slt:1: a statement has no results", "statement ok\nSELECT 1\n----\n1\n");
        assertError("inline.slt:1: expected a five-character code after SQLSTATE", "statement error SQLSTATE 235\nSELECT 1\n");
        assertError("inline.slt:4: a skipif/onlyif mark needs a '#' comment", "statement ok\nSELECT 1\n\nskipif postgres\nstatement ok\nSELECT 2\n");
        assertError("inline.slt:1: a skipif/onlyif mark needs a '#' comment", "onlyif freshet\nstatement ok\nSELECT 2\n");
    }

    @Test
    void postgresRunsMaterializedViewsAsViewsAndSkipsFlush() {
        assertEquals("CREATE VIEW v AS SELECT 1", SltTarget.Postgres.translate("CREATE MATERIALIZED VIEW v AS SELECT 1"));
        assertEquals("create VIEW v as\nselect 1", SltTarget.Postgres.translate("create materialized  view v as\nselect 1"));
        assertEquals("DROP VIEW IF EXISTS v CASCADE", SltTarget.Postgres.translate("DROP MATERIALIZED VIEW IF EXISTS v CASCADE"));
        assertEquals(null, SltTarget.Postgres.translate("FLUSH"));
        assertEquals(null, SltTarget.Postgres.translate("SET implicit_flush = on"));
        assertEquals("SELECT 'CREATE MATERIALIZED VIEW'", SltTarget.Postgres.translate("SELECT 'CREATE MATERIALIZED VIEW'"));
        assertEquals("SET TimeZone = 'UTC'", SltTarget.Postgres.translate("SET TimeZone = 'UTC'"));
    }

    private static void assertError(String expectedStart, String script) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SltParser.parse("inline.slt", "freshet", script));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
