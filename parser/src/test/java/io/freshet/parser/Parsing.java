package io.freshet.parser;

import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Test helpers: parse one statement of an expected class, and print nodes as SQL. */
final class Parsing {
    private Parsing() {}

    static <T extends SqlNode> T parse(String sql, Class<T> type) {
        return assertInstanceOf(type, FreshetParser.parseStatement(sql));
    }

    /** The node as Postgres-dialect SQL on one line, identifiers quoted only where needed. */
    static String sql(SqlNode node) {
        return node.toSqlString(config -> config
                        .withDialect(PostgresqlSqlDialect.DEFAULT)
                        .withQuoteAllIdentifiers(false)
                        .withAlwaysUseParentheses(false)
                        .withSelectListItemsOnSeparateLines(false)
                        .withUpdateSetListNewline(false)
                        .withIndentation(0))
                .getSql()
                .replaceAll("\\s+", " ")
                .strip();
    }

    /** A type as SQL, e.g. {@code INTEGER} or {@code DECIMAL(10, 2)}. */
    static String type(SqlDataTypeSpec type) {
        return sql(type);
    }

    /** The failure of parsing {@code sql}. */
    static FreshetParseException failure(String sql) {
        return org.junit.jupiter.api.Assertions.assertThrows(FreshetParseException.class,
                () -> FreshetParser.parseStatements(sql));
    }
}
