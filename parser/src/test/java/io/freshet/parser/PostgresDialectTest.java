package io.freshet.parser;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.freshet.parser.Parsing.parse;
import static io.freshet.parser.Parsing.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Postgres details in queries, and Calcite's own statements passing through unchanged. */
class PostgresDialectTest {
    @Test
    void infixCastsBecomeStandardCasts() {
        SqlNode cast = FreshetParser.parseExpression("'2026-01-01'::timestamp");
        SqlBasicCall call = assertInstanceOf(SqlBasicCall.class, cast);
        assertSame(SqlStdOperatorTable.CAST, call.getOperator());
        assertEquals("'2026-01-01'", sql(call.operand(0)));
        assertEquals("TIMESTAMP", sql(call.operand(1)));

        assertEquals("CAST(x AS INTEGER)", sql(FreshetParser.parseExpression("x::int4")));
        assertEquals("CAST(a + b AS DECIMAL(10, 2))", sql(FreshetParser.parseExpression("(a+b)::numeric(10,2)")));
    }

    @Test
    void jsonbOperatorsAreLeftAssociativeAtTheLevelOfConcatenation() {
        assertEquals("j -> 'a' ->> 1", sql(FreshetParser.parseExpression("j->'a'->>1")));
        assertEquals("j #> '{a,b}' = CAST('1' AS VARIANT)", sql(FreshetParser.parseExpression("j #> '{a,b}' = '1'::jsonb")));
        assertEquals("j #>> '{a}' || '!'", sql(FreshetParser.parseExpression("j #>> '{a}' || '!'")));
        assertEquals("f(j -> 'a')", sql(FreshetParser.parseExpression("f(j -> 'a')")));
        assertEquals("j -> CAST(k AS VARCHAR)", sql(FreshetParser.parseExpression("j -> k::text")));
    }

    @Test
    void infixCastBindsTighterThanOperatorsButNotThanDotsAndSubscripts() {
        assertEquals("1 + CAST(2 AS INTEGER) * 3", sql(FreshetParser.parseExpression("1 + 2::int * 3")));
        assertEquals("- CAST(a.b AS INTEGER)", sql(FreshetParser.parseExpression("-a.b::int")));
        assertEquals("CAST(a[1] AS BIGINT)", sql(FreshetParser.parseExpression("a[1]::int8")));
        assertEquals("CAST(CAST(x AS INTEGER) AS VARCHAR) || 'x'",
                sql(FreshetParser.parseExpression("x::int::text || 'x'")));
        assertEquals("NOT CAST(b AS BOOLEAN)", sql(FreshetParser.parseExpression("not b::bool")));
        assertEquals("CAST(f(x) AS DOUBLE)", sql(FreshetParser.parseExpression("f(x)::float8")));
        assertEquals("CAST((SELECT 1) AS SMALLINT)", sql(FreshetParser.parseExpression("(select 1)::int2")));
    }

    @Test
    void postgresTypeNamesInCasts() {
        SqlSelect select = parse("""
                select x::int2, x::int8, x::float4, x::float8, x::text, x::bool, x::bytea,
                       x::timestamptz, x::timestamp with time zone, x::double precision, x::float,
                       cast(x as int4), cast(x as text), x::varchar(5), x::character varying
                from t""", SqlSelect.class);
        assertEquals(List.of("SMALLINT", "BIGINT", "REAL", "DOUBLE", "VARCHAR", "BOOLEAN", "VARBINARY",
                        "TIMESTAMP WITH LOCAL TIME ZONE", "TIMESTAMP WITH LOCAL TIME ZONE", "DOUBLE", "DOUBLE",
                        "INTEGER", "VARCHAR", "VARCHAR(5)", "VARCHAR"),
                select.getSelectList().stream().map(item -> sql(((SqlCall) item).operand(1))).toList());
    }

    @Test
    void intervalCasts() {
        SqlBasicCall plain = (SqlBasicCall) FreshetParser.parseExpression("'1 day'::interval");
        SqlDataTypeSpec type = assertInstanceOf(SqlDataTypeSpec.class, plain.operand(1));
        assertTrue(((SqlIntervalTypeNameSpec) type.getTypeNameSpec()).isPostgresInterval());

        SqlBasicCall qualified = (SqlBasicCall) FreshetParser.parseExpression("x::interval day to second");
        assertInstanceOf(SqlIntervalQualifier.class, qualified.operand(1));
        assertEquals("CAST(x AS INTERVAL DAY TO SECOND)", sql(qualified));

        SqlBasicCall standard = (SqlBasicCall) FreshetParser.parseExpression("cast(x as interval hour)");
        assertInstanceOf(SqlIntervalQualifier.class, standard.operand(1));
        SqlBasicCall bare = (SqlBasicCall) FreshetParser.parseExpression("cast(x as interval)");
        assertInstanceOf(SqlDataTypeSpec.class, bare.operand(1));

        SqlSelect aliased = parse("select '1 h'::interval foo from t", SqlSelect.class);
        assertEquals("CAST('1 h' AS INTERVAL) AS foo", sql(aliased.getSelectList().get(0)));
    }

    @Test
    void postgresIntervalLiteralIsACastOfItsText() {
        SqlBasicCall literal = (SqlBasicCall) FreshetParser.parseExpression("INTERVAL '2 days 3 hours'");
        assertEquals(SqlKind.CAST, literal.getKind());
        assertEquals("2 days 3 hours", ((SqlLiteral) literal.operand(0)).getValueAs(String.class));
        SqlDataTypeSpec type = (SqlDataTypeSpec) literal.operand(1);
        assertTrue(((SqlIntervalTypeNameSpec) type.getTypeNameSpec()).isPostgresInterval());
        assertEquals("CAST('2 days 3 hours' AS INTERVAL)", sql(literal));

        assertEquals("ts + CAST('5 minutes' AS INTERVAL)",
                sql(FreshetParser.parseExpression("ts + interval '5 minutes'")));
    }

    @Test
    void calcitesIntervalFormsStillWork() {
        SqlIntervalLiteral minute =
                assertInstanceOf(SqlIntervalLiteral.class, FreshetParser.parseExpression("INTERVAL '1' MINUTE"));
        assertEquals("INTERVAL '1' MINUTE", sql(minute));
        assertEquals("INTERVAL '1-2' YEAR TO MONTH",
                sql(FreshetParser.parseExpression("interval '1-2' year to month")));
        assertEquals("INTERVAL -'3' HOUR", sql(FreshetParser.parseExpression("interval -'3' hour")));
        assertEquals("INTERVAL 3 MINUTE", sql(FreshetParser.parseExpression("interval 3 minutes")));
        SqlSelect windows = parse("""
                select window_start, count(*) from table(
                  tumble(table t, descriptor(ts), interval '1' minute)) group by window_start""",
                SqlSelect.class);
        assertEquals("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), "
                + "INTERVAL '1' MINUTE)) GROUP BY window_start", sql(windows));
        SqlSelect match = parse("""
                select * from t match_recognize (order by ts measures a.x as x pattern (a b)
                  within interval '3' second define a as a.x > 0)""", SqlSelect.class);
        assertTrue(sql(match).contains("WITHIN INTERVAL '3' SECOND"), sql(match));
    }

    @Test
    void risingWaveTimeWindowShortFormBecomesTheTableFunction() {
        assertEquals("SELECT * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
                sql(parse("select * from tumble(t, ts, interval '1' minute)", SqlSelect.class)));
        assertEquals("SELECT w.window_start FROM TABLE(HOP(TABLE s.t, DESCRIPTOR(ts), INTERVAL '1' MINUTE, "
                        + "INTERVAL '5' MINUTE)) AS w INNER JOIN u ON TRUE",
                sql(parse("select w.window_start from hop(s.t, ts, interval '1' minute, interval '5' minute) as w "
                        + "join u on true", SqlSelect.class)));
        // Inside a view's query, and the standard form stays as it is.
        assertTrue(sql(parse("create materialized view v as select * from tumble(t, ts, interval '1' hour)",
                SqlCreateMaterializedView.class)).contains("TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' HOUR))"));
        assertEquals("SELECT * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
                sql(parse("select * from table(tumble(table t, descriptor(ts), interval '1' minute))", SqlSelect.class)));
    }

    @Test
    void stringsAndOperators() {
        SqlLiteral escaped = (SqlLiteral) FreshetParser.parseExpression("E'a\\nb\\'c'");
        assertEquals("a\nb'c", escaped.getValueAs(String.class));

        SqlCall notEquals = (SqlCall) FreshetParser.parseExpression("a != 1");
        assertEquals(SqlKind.NOT_EQUALS, notEquals.getKind());
        assertEquals(SqlKind.NOT_EQUALS, ((SqlCall) FreshetParser.parseExpression("a <> 1")).getKind());
        SqlCall ilike = (SqlCall) FreshetParser.parseExpression("name ILIKE 'a%'");
        assertSame(SqlLibraryOperators.ILIKE, ilike.getOperator());
    }

    @Test
    void identifiersFoldToLowerCaseUnlessQuoted() {
        assertEquals("foo", parse("CREATE TABLE Foo (A int)", SqlCreateTable.class).getName().getSimple());
        SqlCreateTable quoted = parse("CREATE TABLE \"Foo\" (\"A\" int)", SqlCreateTable.class);
        assertEquals("Foo", quoted.getName().getSimple());
        assertEquals("A", quoted.getColumns().get(0).getSimpleName());

        SqlSelect select = parse("SELECT MyCol, \"MyCol\" FROM S.T", SqlSelect.class);
        assertEquals("mycol", ((SqlIdentifier) select.getSelectList().get(0)).getSimple());
        assertEquals("MyCol", ((SqlIdentifier) select.getSelectList().get(1)).getSimple());
        assertEquals(List.of("s", "t"), ((SqlIdentifier) select.getFrom()).names);
    }

    @Test
    void columnNamesThatAreKeywordsElsewhere() {
        SqlSelect select = parse("""
                select key, value, name, source, format, type, data, level, t.value from t
                where value > 1 and (value + 1) > 2 and value in (value, 2)""", SqlSelect.class);
        assertEquals(List.of("key", "value", "name", "source", "format", "type", "data", "level"),
                select.getSelectList().getList().subList(0, 8).stream()
                        .map(item -> ((SqlIdentifier) item).getSimple()).toList());
        assertEquals("value IN (value, 2)", sql(((SqlCall) select.getWhere()).operand(1)));
        SqlOrderBy ordered = parse("select value from t order by value desc", SqlOrderBy.class);
        assertEquals("value DESC", sql(ordered.orderList.get(0)));

        SqlCreateTable table = parse("create table kv (key text, value text, name text)", SqlCreateTable.class);
        assertEquals("value", table.getColumns().get(1).getSimpleName());
        SqlInsert insert = parse("insert into kv (key, value) values ('k', 'v')", SqlInsert.class);
        assertEquals("key, value", sql(insert.getTargetColumnList()));
        // VALUE is still a keyword where Calcite needs it.
        assertEquals("INSERT INTO kv VALUES ('k', 'v')",
                sql(parse("insert into kv value ('k', 'v')", SqlInsert.class)));
        assertEquals("SELECT JSON_OBJECT(KEY 'a' VALUE value NULL ON NULL) FROM t",
                sql(parse("select json_object(key 'a' value value) from t", SqlSelect.class)));
    }

    @Test
    void reservedWordsNeedQuotesAsNames() {
        SqlCreateTable table = parse("create table e (\"timestamp\" timestamp, \"offset\" bigint)",
                SqlCreateTable.class);
        assertEquals(List.of("timestamp", "offset"),
                table.getColumns().stream().map(SqlColumnDeclaration::getSimpleName).toList());
        Parsing.failure("create table e (timestamp timestamp)");
    }

    @Test
    void calcitesQueriesAndDml() {
        SqlOrderBy limited = parse("select a, b from t where x != 3 order by a limit 10 offset 5", SqlOrderBy.class);
        assertEquals("10", sql(limited.fetch));
        assertEquals("5", sql(limited.offset));
        SqlOrderBy reversed = parse("select a from t offset 5 limit 10", SqlOrderBy.class);
        assertEquals("10", sql(reversed.fetch));
        assertEquals("5", sql(reversed.offset));

        SqlInsert rows = parse("INSERT INTO t VALUES (1, 'a'), (2, 'b')", SqlInsert.class);
        assertEquals(2, ((SqlCall) rows.getSource()).operandCount());
        SqlInsert columns = parse("insert into t (a, b) select x, y from u where x > 0", SqlInsert.class);
        assertEquals(2, columns.getTargetColumnList().size());
        assertInstanceOf(SqlSelect.class, columns.getSource());

        SqlUpdate update = parse("UPDATE t SET a = 1, b = b + 1 WHERE c = 2", SqlUpdate.class);
        assertEquals(2, update.getTargetColumnList().size());
        assertEquals("c = 2", sql(update.getCondition()));

        SqlDelete delete = parse("DELETE FROM t WHERE a = 1", SqlDelete.class);
        assertEquals("a = 1", sql(delete.getCondition()));
        assertNull(parse("delete from t", SqlDelete.class).getCondition());

        SqlWith with = parse("""
                with r as (select * from regions)
                select o.id, r.name from orders o join r on o.region = r.id
                where o.amount between 1 and 10 group by 1, 2 having count(*) > 1""", SqlWith.class);
        assertEquals(1, with.withList.size());
        assertEquals(2, ((SqlSelect) with.body).getSelectList().size());
    }

    @Test
    void multipleStatements() {
        List<SqlNode> statements = FreshetParser.parseStatements(
                ";; select 1;; create table t (a int);\n\ninsert into t values (1) ;\n;");
        assertEquals(3, statements.size());
        assertInstanceOf(SqlSelect.class, statements.get(0));
        assertInstanceOf(SqlCreateTable.class, statements.get(1));
        assertInstanceOf(SqlInsert.class, statements.get(2));

        assertEquals(List.of(), FreshetParser.parseStatements(""));
        assertEquals(List.of(), FreshetParser.parseStatements("  ;\n -- just a comment\n"));
        assertEquals(1, FreshetParser.parseStatements("select 1").size());
    }
}
