package io.freshet.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
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
 * Postgres' {@code SET} and {@code RESET} of session variables.
 *
 * <ul>
 *   <li>{@link Kind#SET}: {@code SET [SESSION | LOCAL] name {= | TO} value [, value ...]},
 *       where a value is a literal, an identifier, {@code ON} or {@code DEFAULT}.
 *       {@code SET TIME ZONE value} is SET of {@code timezone}
 *       ({@code LOCAL} there means {@code DEFAULT}).
 *   <li>{@link Kind#RESET}: {@code RESET name}, {@code RESET TIME ZONE}, or
 *       {@code RESET ALL} (then {@link #getName()} is null).
 *   <li>{@link Kind#SET_TRANSACTION}: {@code SET TRANSACTION modes}.
 *   <li>{@link Kind#SET_SESSION_CHARACTERISTICS}:
 *       {@code SET SESSION CHARACTERISTICS AS TRANSACTION modes}.
 * </ul>
 *
 * <p>Unquoted names are lower case, as all unquoted identifiers.
 */
public final class SqlSetVariable extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("SET", SqlKind.SET_OPTION);

    public enum Kind { SET, RESET, SET_TRANSACTION, SET_SESSION_CHARACTERISTICS }

    /** {@code SET SESSION}, {@code SET LOCAL}, or neither (which means SESSION in Postgres). */
    public enum Scope { UNSPECIFIED, SESSION, LOCAL }

    private final Kind kind;
    private final Scope scope;
    private final SqlIdentifier name;
    private final SqlNodeList values;
    private final TransactionCharacteristics characteristics;

    private SqlSetVariable(SqlParserPos pos, Kind kind, Scope scope, SqlIdentifier name, SqlNodeList values,
            TransactionCharacteristics characteristics) {
        super(pos);
        this.kind = requireNonNull(kind, "kind is null");
        this.scope = requireNonNull(scope, "scope is null");
        this.name = name;
        this.values = requireNonNull(values, "values is null");
        this.characteristics = requireNonNull(characteristics, "characteristics is null");
    }

    /** {@code SET [scope] name = values}; {@code values} is not empty. */
    public static SqlSetVariable set(SqlParserPos pos, Scope scope, SqlIdentifier name, List<SqlNode> values) {
        requireNonNull(name, "name is null");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("SET needs a value");
        }
        return new SqlSetVariable(pos, Kind.SET, scope, name, new SqlNodeList(values, pos),
                TransactionCharacteristics.NONE);
    }

    /** {@code RESET name}, or {@code RESET ALL} when {@code name} is null. */
    public static SqlSetVariable reset(SqlParserPos pos, SqlIdentifier name) {
        return new SqlSetVariable(pos, Kind.RESET, Scope.UNSPECIFIED, name, SqlNodeList.EMPTY,
                TransactionCharacteristics.NONE);
    }

    public static SqlSetVariable setTransaction(SqlParserPos pos, TransactionCharacteristics characteristics) {
        return new SqlSetVariable(pos, Kind.SET_TRANSACTION, Scope.UNSPECIFIED, null, SqlNodeList.EMPTY,
                characteristics);
    }

    public static SqlSetVariable setSessionCharacteristics(SqlParserPos pos,
            TransactionCharacteristics characteristics) {
        return new SqlSetVariable(pos, Kind.SET_SESSION_CHARACTERISTICS, Scope.SESSION, null, SqlNodeList.EMPTY,
                characteristics);
    }

    public Kind getSetKind() {
        return kind;
    }

    public Scope getScope() {
        return scope;
    }

    /** The variable; null for {@code RESET ALL} and the two transaction kinds. */
    public SqlIdentifier getName() {
        return name;
    }

    /** The variable's name, components joined with '.'; null where {@link #getName()} is. */
    public String getVariableName() {
        return name == null ? null : String.join(".", name.names);
    }

    /**
     * The values of a SET as parsed: {@link SqlLiteral}s, {@link SqlIdentifier}s
     * (also for {@code ON} and bare keywords), or one {@code DEFAULT} call.
     */
    public List<SqlNode> getValues() {
        return values.getList();
    }

    /** Whether this is {@code SET name = DEFAULT} (or {@code SET TIME ZONE LOCAL}), which resets. */
    public boolean isDefault() {
        return values.size() == 1 && values.get(0).getKind() == SqlKind.DEFAULT;
    }

    public boolean isResetAll() {
        return kind == Kind.RESET && name == null;
    }

    /**
     * The values as Postgres would receive them: a string literal's content,
     * a number's text, an identifier's name, {@code true}/{@code false} for
     * boolean literals. Empty for {@code DEFAULT}.
     */
    public List<String> getValueStrings() {
        if (isDefault()) {
            return List.of();
        }
        List<String> strings = new ArrayList<>(values.size());
        for (SqlNode value : values) {
            strings.add(valueString(value));
        }
        return List.copyOf(strings);
    }

    /** The modes of the two transaction kinds; {@link TransactionCharacteristics#NONE} otherwise. */
    public TransactionCharacteristics getCharacteristics() {
        return characteristics;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, values);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        switch (kind) {
            case SET -> {
                writer.keyword("SET");
                if (scope != Scope.UNSPECIFIED) {
                    writer.keyword(scope.name());
                }
                name.unparse(writer, 0, 0);
                writer.keyword("=");
                SqlWriter.Frame frame = writer.startList("", "");
                for (SqlNode value : values) {
                    writer.sep(",");
                    value.unparse(writer, 0, 0);
                }
                writer.endList(frame);
            }
            case RESET -> {
                writer.keyword("RESET");
                if (name == null) {
                    writer.keyword("ALL");
                } else {
                    name.unparse(writer, 0, 0);
                }
            }
            case SET_TRANSACTION -> {
                writer.keyword("SET TRANSACTION");
                characteristics.unparse(writer);
            }
            case SET_SESSION_CHARACTERISTICS -> {
                writer.keyword("SET SESSION CHARACTERISTICS AS TRANSACTION");
                characteristics.unparse(writer);
            }
        }
    }

    private static String valueString(SqlNode value) {
        if (value instanceof SqlIdentifier identifier) {
            return String.join(".", identifier.names);
        }
        if (value instanceof SqlLiteral literal) {
            return literal.toValue();
        }
        return value.toString();
    }
}
