package io.freshet.parser;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE SOURCE}: an append-only stream from a connector that is not
 * stored unless a materialized view reads it. See {@link SqlCreateRelation}
 * for the syntax.
 */
public final class SqlCreateSource extends SqlCreateRelation {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE SOURCE", SqlKind.OTHER_DDL);

    public SqlCreateSource(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
            SqlNodeList columns, SqlNodeList primaryKeyConstraint, SqlNodeList options,
            SqlFormatEncode formatEncode) {
        super(OPERATOR, pos, replace, ifNotExists, name, columns, primaryKeyConstraint, options, formatEncode);
    }

    public SqlCreateSource(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
            SqlNodeList columns, SqlNodeList primaryKeyConstraint, SqlNodeList options,
            SqlFormatEncode formatEncode, SqlNodeList includes) {
        super(OPERATOR, pos, replace, ifNotExists, name, columns, primaryKeyConstraint, options, formatEncode, includes);
    }

    @Override
    protected String objectKeyword() {
        return "SOURCE";
    }
}
