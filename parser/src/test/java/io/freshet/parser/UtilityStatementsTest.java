package io.freshet.parser;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.freshet.parser.Parsing.parse;
import static io.freshet.parser.Parsing.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DROP, SHOW, FLUSH and EXPLAIN. */
class UtilityStatementsTest {
    @Test
    void dropEachKind() {
        SqlDropObject table = parse("DROP TABLE IF EXISTS a, s.b CASCADE", SqlDropObject.class);
        assertEquals(SqlDropObject.ObjectKind.TABLE, table.getObjectKind());
        assertEquals(SqlKind.DROP_TABLE, table.getKind());
        assertTrue(table.isIfExists());
        assertEquals(List.of(List.of("a"), List.of("s", "b")),
                table.getNames().stream().map(name -> name.names).toList());
        assertEquals(SqlDropObject.Behavior.CASCADE, table.getBehavior());
        assertTrue(table.isCascade());
        assertEquals("DROP TABLE IF EXISTS a, s.b CASCADE", sql(table));

        SqlDropObject view = parse("drop materialized view MV restrict", SqlDropObject.class);
        assertEquals(SqlDropObject.ObjectKind.MATERIALIZED_VIEW, view.getObjectKind());
        assertEquals(SqlKind.DROP_MATERIALIZED_VIEW, view.getKind());
        assertFalse(view.isIfExists());
        assertEquals("mv", view.getNames().get(0).getSimple());
        assertEquals(SqlDropObject.Behavior.RESTRICT, view.getBehavior());
        assertFalse(view.isCascade());

        assertEquals(SqlDropObject.ObjectKind.SOURCE, parse("drop source s", SqlDropObject.class).getObjectKind());
        assertEquals(SqlDropObject.ObjectKind.VIEW, parse("drop view v", SqlDropObject.class).getObjectKind());
        SqlDropObject sink = parse("drop sink k", SqlDropObject.class);
        assertEquals(SqlDropObject.ObjectKind.SINK, sink.getObjectKind());
        assertEquals(SqlDropObject.Behavior.UNSPECIFIED, sink.getBehavior());
    }

    @Test
    void dropTableNamedIf() {
        SqlDropObject drop = parse("drop table if", SqlDropObject.class);
        assertFalse(drop.isIfExists());
        assertEquals("if", drop.getNames().get(0).getSimple());
    }

    @Test
    void showObjectLists() {
        assertEquals(SqlShow.Kind.TABLES, parse("SHOW TABLES", SqlShow.class).getShowKind());
        assertEquals(SqlShow.Kind.MATERIALIZED_VIEWS,
                parse("show materialized views", SqlShow.class).getShowKind());
        assertEquals(SqlShow.Kind.SOURCES, parse("show sources", SqlShow.class).getShowKind());
        assertEquals(SqlShow.Kind.VIEWS, parse("show views", SqlShow.class).getShowKind());
        assertEquals(SqlShow.Kind.SINKS, parse("show sinks", SqlShow.class).getShowKind());
        SqlShow all = parse("show all", SqlShow.class);
        assertEquals(SqlShow.Kind.ALL, all.getShowKind());
        assertNull(all.getVariableName());
        assertEquals("SHOW MATERIALIZED VIEWS", sql(parse("show materialized views", SqlShow.class)));
    }

    @Test
    void showVariables() {
        for (String variable : List.of("search_path", "server_version", "standard_conforming_strings", "timezone")) {
            SqlShow show = parse("SHOW " + variable, SqlShow.class);
            assertEquals(SqlShow.Kind.VARIABLE, show.getShowKind());
            assertEquals(variable, show.getVariableName());
        }
        assertEquals("timezone", parse("SHOW TimeZone", SqlShow.class).getVariableName());
        assertEquals("TimeZone", parse("SHOW \"TimeZone\"", SqlShow.class).getVariableName());
        assertEquals("timezone", parse("SHOW TIME ZONE", SqlShow.class).getVariableName());
        assertEquals("transaction_isolation",
                parse("SHOW TRANSACTION ISOLATION LEVEL", SqlShow.class).getVariableName());
        assertEquals("my.setting", parse("show my.setting", SqlShow.class).getVariableName());
        assertEquals("SHOW search_path", sql(parse("show search_path", SqlShow.class)));
    }

    @Test
    void flush() {
        SqlFlush flush = parse("FLUSH", SqlFlush.class);
        assertEquals("FLUSH", sql(flush));
        assertEquals(2, FreshetParser.parseStatements("flush; flush;").size());
    }

    @Test
    void explainQuery() {
        SqlExplain explain = parse("EXPLAIN SELECT a FROM t WHERE a > 1", SqlExplain.class);
        assertEquals(SqlKind.EXPLAIN, explain.getKind());
        SqlSelect select = assertInstanceOf(SqlSelect.class, explain.getStatement());
        assertEquals("SELECT a FROM t WHERE a > 1", sql(select));
        assertEquals("EXPLAIN SELECT a FROM t WHERE a > 1", sql(explain));
    }

    @Test
    void explainCreateMaterializedViewAndDml() {
        SqlExplain explain = parse("explain create materialized view m as select a from t order by a limit 1",
                SqlExplain.class);
        SqlCreateMaterializedView view = assertInstanceOf(SqlCreateMaterializedView.class, explain.getStatement());
        assertEquals("m", view.getName().getSimple());

        SqlExplain insert = parse("explain insert into t values (1)", SqlExplain.class);
        assertInstanceOf(SqlInsert.class, insert.getStatement());
    }

    @Test
    void calcitesExplainPlanStillParses() {
        SqlNode node = FreshetParser.parseStatement("EXPLAIN PLAN WITHOUT IMPLEMENTATION FOR SELECT 1");
        org.apache.calcite.sql.SqlExplain explain =
                assertInstanceOf(org.apache.calcite.sql.SqlExplain.class, node);
        assertEquals(org.apache.calcite.sql.SqlExplain.Depth.LOGICAL, explain.getDepth());
        assertEquals("SELECT 1", sql(explain.getExplicandum()));
    }

    @Test
    void newKeywordsStayUsableAsNames() {
        SqlSelect select = parse("select flush, tables, sources, materialized, show, encode, format, source, sink, "
                + "sinks, views, abort, if, name, key, value, cascade, restrict from if", SqlSelect.class);
        assertEquals(18, select.getSelectList().size());
        assertEquals("value", ((SqlIdentifier) select.getSelectList().get(15)).getSimple());
        assertEquals("if", ((SqlIdentifier) select.getFrom()).getSimple());
    }
}
