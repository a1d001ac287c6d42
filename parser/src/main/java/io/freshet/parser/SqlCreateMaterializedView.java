package io.freshet.parser;

import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code CREATE MATERIALIZED VIEW [IF NOT EXISTS] name [(column [, ...])] AS query}.
 * The query may carry ORDER BY / LIMIT / OFFSET, and is then a
 * {@link org.apache.calcite.sql.SqlOrderBy}.
 */
public final class SqlCreateMaterializedView extends SqlCreate {
    public static final SqlOperator OPERATOR =
            new SqlSpecialOperator("CREATE MATERIALIZED VIEW", SqlKind.CREATE_MATERIALIZED_VIEW);

    private final SqlIdentifier name;
    private final SqlNodeList columnList;
    private SqlNode query;
    private final String queryText;

    /**
     * @param columnList the column names after the view's name, or null
     * @param queryText the query exactly as written in the statement, or null if unknown
     */
    public SqlCreateMaterializedView(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
            SqlNodeList columnList, SqlNode query, String queryText) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.name = requireNonNull(name, "name is null");
        this.columnList = columnList;
        this.query = requireNonNull(query, "query is null");
        this.queryText = queryText;
    }

    public SqlIdentifier getName() {
        return name;
    }

    public boolean isIfNotExists() {
        return ifNotExists;
    }

    /** The column names given after the view's name; empty when none were. */
    public List<SqlIdentifier> getColumnList() {
        if (columnList == null) {
            return List.of();
        }
        List<SqlIdentifier> list = new ArrayList<>(columnList.size());
        for (SqlNode column : columnList) {
            list.add((SqlIdentifier) column);
        }
        return List.copyOf(list);
    }

    /** The defining query: a SELECT, set operation, VALUES, or an {@code SqlOrderBy} around one. */
    public SqlNode getQuery() {
        return query;
    }

    /** The query's source text as written (from its first to its last token), or null if unknown. */
    public String getQueryText() {
        return queryText;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, columnList, query);
    }

    @Override
    public void setOperand(int i, SqlNode operand) {
        if (i != 2) {
            throw new UnsupportedOperationException("only the query (operand 2) can be replaced, not " + i);
        }
        this.query = requireNonNull(operand, "operand is null");
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE");
        if (getReplace()) {
            writer.keyword("OR REPLACE");
        }
        writer.keyword("MATERIALIZED VIEW");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        if (columnList != null) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode column : columnList) {
                writer.sep(",");
                column.unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
        writer.keyword("AS");
        writer.newlineAndIndent();
        query.unparse(writer, 0, 0);
    }
}
