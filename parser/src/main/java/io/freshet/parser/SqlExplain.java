package io.freshet.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Postgres-style {@code EXPLAIN <statement>}, where the statement is a query,
 * an INSERT/UPDATE/DELETE/MERGE, or a CREATE statement (typically
 * {@code CREATE MATERIALIZED VIEW}).
 *
 * <p>Not to be confused with Calcite's {@link org.apache.calcite.sql.SqlExplain},
 * which the parser still returns for {@code EXPLAIN PLAN ... FOR ...}.
 */
public final class SqlExplain extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("EXPLAIN", SqlKind.EXPLAIN) {
        @Override
        public SqlCall createCall(SqlLiteral functionQualifier, SqlParserPos pos,
                SqlNode... operands) {
            return new SqlExplain(pos, operands[0]);
        }
    };

    private SqlNode statement;

    public SqlExplain(SqlParserPos pos, SqlNode statement) {
        super(pos);
        this.statement = requireNonNull(statement, "statement is null");
    }

    /** The explained statement: a query, a DML statement, or a {@code SqlCreate}. */
    public SqlNode getStatement() {
        return statement;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(statement);
    }

    @Override
    public void setOperand(int i, SqlNode operand) {
        if (i != 0) {
            throw new IndexOutOfBoundsException("EXPLAIN has one operand, not " + (i + 1));
        }
        this.statement = requireNonNull(operand, "operand is null");
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("EXPLAIN");
        statement.unparse(writer, 0, 0);
    }
}
