package io.freshet.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code SHOW TABLES}, {@code SHOW MATERIALIZED VIEWS}, {@code SHOW SOURCES},
 * {@code SHOW VIEWS}, {@code SHOW SINKS}, {@code SHOW ALL}, or
 * {@code SHOW <variable>} for a session variable.
 *
 * <p>Postgres' spelled-out forms are normalized to the variable they read:
 * {@code SHOW TRANSACTION ISOLATION LEVEL} reads {@code transaction_isolation}
 * and {@code SHOW TIME ZONE} reads {@code timezone}.
 */
public final class SqlShow extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("SHOW", SqlKind.OTHER);

    /** What is shown. */
    public enum Kind {
        TABLES("TABLES"),
        MATERIALIZED_VIEWS("MATERIALIZED VIEWS"),
        SOURCES("SOURCES"),
        VIEWS("VIEWS"),
        SINKS("SINKS"),
        /** Every session variable ({@code SHOW ALL}). */
        ALL("ALL"),
        /** One session variable; see {@link #getVariableName()}. */
        VARIABLE(null);

        private final String sql;

        Kind(String sql) {
            this.sql = sql;
        }
    }

    private final Kind kind;
    private final SqlIdentifier variable;

    /**
     * @param variable the variable's name for {@link Kind#VARIABLE}, else null
     */
    public SqlShow(SqlParserPos pos, Kind kind, SqlIdentifier variable) {
        super(pos);
        this.kind = requireNonNull(kind, "kind is null");
        if ((kind == Kind.VARIABLE) != (variable != null)) {
            throw new IllegalArgumentException("a variable name goes with kind VARIABLE only: " + kind);
        }
        this.variable = variable;
    }

    public Kind getShowKind() {
        return kind;
    }

    /** The variable's identifier for {@link Kind#VARIABLE}, else null. */
    public SqlIdentifier getVariable() {
        return variable;
    }

    /**
     * The variable's name, components joined with '.', for
     * {@link Kind#VARIABLE}; else null. Unquoted names are lower case.
     */
    public String getVariableName() {
        return variable == null ? null : String.join(".", variable.names);
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(variable);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("SHOW");
        if (kind == Kind.VARIABLE) {
            variable.unparse(writer, 0, 0);
        } else {
            writer.keyword(kind.sql);
        }
    }
}
