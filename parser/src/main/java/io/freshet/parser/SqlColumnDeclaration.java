package io.freshet.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
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
 * A column in {@code CREATE TABLE} or {@code CREATE SOURCE}:
 * {@code name type [NOT NULL | NULL] [PRIMARY KEY] [DEFAULT expression]}
 * (the constraints in any order).
 *
 * <p>The type is already normalized to Calcite's names (see the module
 * README). Its {@link SqlDataTypeSpec#getNullable()} is FALSE after
 * {@code NOT NULL}, TRUE after an explicit {@code NULL}, and null when
 * neither was written; a primary key column is not null whatever it says.
 */
public final class SqlColumnDeclaration extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("COLUMN_DECL", SqlKind.COLUMN_DECL);

    private final SqlIdentifier name;
    private final SqlDataTypeSpec dataType;
    private final boolean notNull;
    private final boolean primaryKey;
    private final SqlNode defaultValue;

    /** @param defaultValue the DEFAULT expression, or null */
    public SqlColumnDeclaration(SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec dataType, boolean notNull,
            boolean primaryKey, SqlNode defaultValue) {
        super(pos);
        this.name = requireNonNull(name, "name is null");
        this.dataType = requireNonNull(dataType, "dataType is null");
        this.notNull = notNull;
        this.primaryKey = primaryKey;
        this.defaultValue = defaultValue;
    }

    public SqlIdentifier getName() {
        return name;
    }

    /** The column's name: lower case unless it was double-quoted. */
    public String getSimpleName() {
        return name.getSimple();
    }

    public SqlDataTypeSpec getDataType() {
        return dataType;
    }

    /** Whether {@code NOT NULL} was written. */
    public boolean isNotNull() {
        return notNull;
    }

    /** Whether the column carries an inline {@code PRIMARY KEY}. */
    public boolean isPrimaryKey() {
        return primaryKey;
    }

    /** The DEFAULT expression, or null. */
    public SqlNode getDefaultValue() {
        return defaultValue;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, dataType, defaultValue);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        name.unparse(writer, 0, 0);
        dataType.unparse(writer, 0, 0);
        if (notNull) {
            writer.keyword("NOT NULL");
        } else if (Boolean.TRUE.equals(dataType.getNullable())) {
            writer.keyword("NULL");
        }
        if (primaryKey) {
            writer.keyword("PRIMARY KEY");
        }
        if (defaultValue != null) {
            writer.keyword("DEFAULT");
            defaultValue.unparse(writer, 0, 0);
        }
    }
}
