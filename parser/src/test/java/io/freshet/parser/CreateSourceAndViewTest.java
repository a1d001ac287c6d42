package io.freshet.parser;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.freshet.parser.Parsing.parse;
import static io.freshet.parser.Parsing.sql;
import static io.freshet.parser.Parsing.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreateSourceAndViewTest {
    @Test
    void createSourceHasTheShapeOfCreateTable() {
        SqlCreateSource source = parse("""
                CREATE SOURCE IF NOT EXISTS clicks (user_id bigint, url text, ts timestamptz)
                WITH (connector = 'kafka', topic = 'clicks', properties.bootstrap.server = 'broker:9092')
                FORMAT PLAIN ENCODE JSON""", SqlCreateSource.class);

        assertEquals(SqlKind.OTHER_DDL, source.getKind());
        assertEquals("clicks", source.getName().getSimple());
        assertTrue(source.isIfNotExists());
        assertEquals(List.of("BIGINT", "VARCHAR", "TIMESTAMP WITH LOCAL TIME ZONE"),
                source.getColumns().stream().map(column -> type(column.getDataType())).toList());
        assertEquals(Map.of("connector", "kafka", "topic", "clicks", "properties.bootstrap.server", "broker:9092"),
                source.getOptions());
        assertEquals("PLAIN", source.getFormat());
        assertEquals("JSON", source.getEncode());
        assertEquals("CREATE SOURCE IF NOT EXISTS clicks (user_id BIGINT, url VARCHAR, "
                + "ts TIMESTAMP WITH LOCAL TIME ZONE) WITH (connector = 'kafka', topic = 'clicks', "
                + "properties.bootstrap.server = 'broker:9092') FORMAT PLAIN ENCODE JSON", sql(source));
    }

    @Test
    void materializedViewKeepsQueryAndItsText() {
        String query = "SELECT region, count(*) AS n\n  FROM orders\n  GROUP BY region";
        SqlCreateMaterializedView view =
                parse("CREATE MATERIALIZED VIEW Sales_By_Region AS " + query + ";", SqlCreateMaterializedView.class);

        assertEquals(SqlKind.CREATE_MATERIALIZED_VIEW, view.getKind());
        assertEquals("sales_by_region", view.getName().getSimple());
        assertFalse(view.isIfNotExists());
        assertTrue(view.getColumnList().isEmpty());
        SqlSelect select = assertInstanceOf(SqlSelect.class, view.getQuery());
        assertEquals("SELECT region, COUNT(*) AS n FROM orders GROUP BY region", sql(select));
        assertEquals(query, view.getQueryText());
    }

    @Test
    void materializedViewWithOrderByLimitAndColumnList() {
        SqlCreateMaterializedView view = parse("""
                create materialized view if not exists top3 (name, total) as
                select name, sum(v) from t group by name order by 2 desc limit 3""", SqlCreateMaterializedView.class);

        assertTrue(view.isIfNotExists());
        assertEquals(List.of("name", "total"), view.getColumnList().stream().map(id -> id.getSimple()).toList());
        SqlOrderBy orderBy = assertInstanceOf(SqlOrderBy.class, view.getQuery());
        assertEquals("3", sql(orderBy.fetch));
        assertEquals(1, orderBy.orderList.size());
        assertEquals("select name, sum(v) from t group by name order by 2 desc limit 3", view.getQueryText());
        assertEquals("CREATE MATERIALIZED VIEW IF NOT EXISTS top3 (name, total) AS "
                + "SELECT name, SUM(v) FROM t GROUP BY name ORDER BY 2 DESC FETCH NEXT 3 ROWS ONLY", sql(view));
    }

    @Test
    void queryTextOfALaterStatementInAScript() {
        List<org.apache.calcite.sql.SqlNode> statements = FreshetParser.parseStatements(
                "create table t (a int);\ncreate materialized view m as select a from t where a > 1 ;");
        SqlCreateMaterializedView view = assertInstanceOf(SqlCreateMaterializedView.class, statements.get(1));
        assertEquals("select a from t where a > 1", view.getQueryText());
    }
}
