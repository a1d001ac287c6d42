package io.freshet.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One {@code INCLUDE what ['header name'] [AS column]} clause of CREATE TABLE / SOURCE: a column
 * filled from the connector's record metadata (for Kafka: {@code key}, {@code partition},
 * {@code offset}, {@code timestamp}, {@code header 'name'}). {@link #getWhat()} is upper case; the
 * parser does not check it (the connector does).
 */
public final class SqlIncludeColumn extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("INCLUDE", SqlKind.OTHER);

    private final String what;
    private final String header;
    private final SqlIdentifier alias;

    /**
     * @param header the header name after {@code header}, or null
     * @param alias the column name after AS, or null
     */
    public SqlIncludeColumn(SqlParserPos pos, String what, String header, SqlIdentifier alias) {
        super(pos);
        this.what = requireNonNull(what, "what is null");
        this.header = header;
        this.alias = alias;
    }

    public String getWhat() {
        return what;
    }

    /** The header name of {@code INCLUDE header 'name'}, or null. */
    public String getHeader() {
        return header;
    }

    /** The column name given with AS (unquoted: lower case), or null. */
    public String getAlias() {
        return alias == null ? null : alias.getSimple();
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(SqlLiteral.createCharString(what, pos),
                header == null ? null : SqlLiteral.createCharString(header, pos), alias);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("INCLUDE");
        writer.literal(what);
        if (header != null) {
            writer.literal("'" + header.replace("'", "''") + "'");
        }
        if (alias != null) {
            writer.keyword("AS");
            alias.unparse(writer, 0, 0);
        }
    }
}
