package io.freshet.parser;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE TABLE}: a table whose rows come from INSERT/UPDATE/DELETE or,
 * with a {@code connector} option, from a connector. See
 * {@link SqlCreateRelation} for the syntax.
 */
public final class SqlCreateTable extends SqlCreateRelation {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

    public SqlCreateTable(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
            SqlNodeList columns, SqlNodeList primaryKeyConstraint, SqlNodeList options,
            SqlFormatEncode formatEncode) {
        super(OPERATOR, pos, replace, ifNotExists, name, columns, primaryKeyConstraint, options, formatEncode);
    }

    public SqlCreateTable(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
            SqlNodeList columns, SqlNodeList primaryKeyConstraint, SqlNodeList options,
            SqlFormatEncode formatEncode, SqlNodeList includes) {
        super(OPERATOR, pos, replace, ifNotExists, name, columns, primaryKeyConstraint, options, formatEncode, includes);
    }

    @Override
    protected String objectKeyword() {
        return "TABLE";
    }
}
