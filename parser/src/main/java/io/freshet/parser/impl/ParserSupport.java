package io.freshet.parser.impl;

import io.freshet.parser.SqlColumnDeclaration;
import io.freshet.parser.SqlIntervalTypeNameSpec;
import io.freshet.parser.SqlOption;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.type.SqlTypeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Java side of the grammar in {@code parserImpls.ftl}: what is easier to
 * write, read and test as Java than inside JavaCC actions.
 */
final class ParserSupport {
    static final String SYNTAX_ERROR = "42601";
    static final String INVALID_TABLE_DEFINITION = "42P16";
    static final String INVALID_PARAMETER_VALUE = "22023";

    /** Postgres type names Calcite does not know, by lower-case name. */
    private static final Map<String, SqlTypeName> POSTGRES_TYPE_ALIASES = Map.ofEntries(
            Map.entry("int2", SqlTypeName.SMALLINT),
            Map.entry("int4", SqlTypeName.INTEGER),
            Map.entry("int8", SqlTypeName.BIGINT),
            Map.entry("float4", SqlTypeName.REAL),
            Map.entry("float8", SqlTypeName.DOUBLE),
            Map.entry("text", SqlTypeName.VARCHAR),
            Map.entry("string", SqlTypeName.VARCHAR),
            Map.entry("bool", SqlTypeName.BOOLEAN),
            Map.entry("bytea", SqlTypeName.VARBINARY),
            Map.entry("timestamptz", SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE),
            Map.entry("jsonb", SqlTypeName.VARIANT));

    private ParserSupport() {}

    /** Whether a token is a bare word: an unquoted identifier or any keyword. */
    static boolean isWord(Token token) {
        String image = token.image;
        if (token.kind == FreshetSqlParserImplConstants.EOF || image == null || image.isEmpty()) {
            return false;
        }
        char first = image.charAt(0);
        if (!(Character.isLetter(first) || first == '_')) {
            return false;
        }
        for (int i = 1; i < image.length(); i++) {
            char c = image.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
                return false;
            }
        }
        return true;
    }

    /** A bare word with the casing of unquoted identifiers applied. */
    static String word(Token token, Casing unquotedCasing) {
        return switch (unquotedCasing) {
            case TO_LOWER -> token.image.toLowerCase(Locale.ROOT);
            case TO_UPPER -> token.image.toUpperCase(Locale.ROOT);
            case UNCHANGED -> token.image;
        };
    }

    static boolean isPostgresTypeAlias(Token token) {
        return token.kind == FreshetSqlParserImplConstants.IDENTIFIER
                && POSTGRES_TYPE_ALIASES.containsKey(token.image.toLowerCase(Locale.ROOT));
    }

    /** The Calcite type for a Postgres type name such as {@code int4}; {@code precision} is -1 if none. */
    static SqlTypeNameSpec postgresTypeAlias(String image, int precision, SqlParserPos pos) {
        SqlTypeName typeName = POSTGRES_TYPE_ALIASES.get(image.toLowerCase(Locale.ROOT));
        if (precision >= 0 && typeName != SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
            throw new GrammarException(SYNTAX_ERROR,
                    "type modifier is not allowed for type \"" + image.toLowerCase(Locale.ROOT) + "\"", pos);
        }
        return new SqlBasicTypeNameSpec(typeName, precision, pos);
    }

    /** Postgres' {@code float(p)}: REAL for 1 to 24 bits, DOUBLE for 25 to 53 or without {@code p}. */
    /** {@code element[]}: Calcite's {@code element ARRAY}. */
    static org.apache.calcite.sql.SqlDataTypeSpec arrayOf(org.apache.calcite.sql.SqlDataTypeSpec element, SqlParserPos pos) {
        return new org.apache.calcite.sql.SqlDataTypeSpec(
                new org.apache.calcite.sql.SqlCollectionTypeNameSpec(element.getTypeNameSpec(), SqlTypeName.ARRAY, pos),
                element.getTimeZone(), element.getNullable(), pos);
    }

    static SqlTypeNameSpec floatType(int precision, SqlParserPos pos) {
        if (precision == -1) {
            return new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, pos);
        }
        if (precision < 1) {
            throw new GrammarException(INVALID_PARAMETER_VALUE, "precision for type float must be at least 1 bit",
                    pos);
        }
        if (precision > 53) {
            throw new GrammarException(INVALID_PARAMETER_VALUE, "precision for type float must be less than 54 bits",
                    pos);
        }
        return new SqlBasicTypeNameSpec(precision <= 24 ? SqlTypeName.REAL : SqlTypeName.DOUBLE, pos);
    }

    static SqlDataTypeSpec postgresIntervalType(SqlParserPos pos) {
        return new SqlDataTypeSpec(new SqlIntervalTypeNameSpec(null, pos), pos);
    }

    /** The target of {@code ::interval [qualifier]}: Calcite's qualifier if given, else Postgres' interval. */
    static SqlNode intervalCastTarget(SqlIntervalQualifier qualifier, SqlParserPos pos) {
        return qualifier != null ? qualifier : postgresIntervalType(pos);
    }

    /** {@code INTERVAL '1 hour'} as {@code CAST('1 hour' AS INTERVAL)}, the interval being Postgres'. */
    static SqlNode postgresIntervalLiteral(SqlNode text, SqlParserPos pos) {
        return SqlStdOperatorTable.CAST.createCall(pos, text, postgresIntervalType(pos));
    }

    /**
     * Applies {@code ::type} to the operand just parsed, which ends the flat
     * operator/operand list that {@code Expression2} builds. As in Postgres,
     * {@code ::} binds tighter than every operator but {@code .} and
     * {@code [ ]}, so it takes the trailing chain of those as its operand:
     * {@code -a.b[1]::int} is {@code -(CAST(a.b[1] AS INTEGER))}.
     */
    static void applyInfixCast(List<Object> list, SqlNode target, SqlParserPos pos) {
        int start = list.size() - 1;
        while (start >= 2 && bindsTighterThanCast(list.get(start - 1))) {
            start -= 2;
        }
        // After a postfix operator ("x IS NULL::text") there is no single operand
        // to take: the cast applies to everything before it.
        List<Object> operandItems = list.subList(list.get(start) instanceof SqlNode ? start : 0, list.size());
        SqlNode operand = operandItems.size() == 1
                ? (SqlNode) operandItems.get(0)
                : SqlParserUtil.toTree(new ArrayList<>(operandItems));
        operandItems.clear();
        list.add(SqlStdOperatorTable.CAST.createCall(operand.getParserPosition().plus(pos), operand, target));
    }

    private static boolean bindsTighterThanCast(Object item) {
        if (!(item instanceof SqlParserUtil.ToTreeListItem listItem)) {
            return false;
        }
        SqlOperator operator = listItem.getOperator();
        return operator.getKind() == SqlKind.DOT || operator.getKind() == SqlKind.ITEM;
    }

    /** A string option value: the content of a string literal, continued literals joined. */
    static SqlOption stringOption(SqlIdentifier key, SqlNode literal, SqlParserPos pos) {
        String value = SqlLiteral.unchain(literal).getValueAs(String.class);
        return new SqlOption(pos, optionKey(key), SqlLiteral.createCharString(value, literal.getParserPosition()),
                value);
    }

    /** A numeric option value, kept as written (with its sign, if any). */
    static SqlOption numericOption(SqlIdentifier key, String sign, Token number, SqlParserPos valuePos,
            SqlParserPos pos) {
        String text = sign + number.image;
        SqlLiteral literal = number.kind == FreshetSqlParserImplConstants.APPROX_NUMERIC_LITERAL
                ? SqlLiteral.createApproxNumeric(text, valuePos)
                : SqlLiteral.createExactNumeric(text, valuePos);
        return new SqlOption(pos, optionKey(key), literal, text);
    }

    static SqlOption booleanOption(SqlIdentifier key, boolean value, SqlParserPos valuePos, SqlParserPos pos) {
        return new SqlOption(pos, optionKey(key), SqlLiteral.createBoolean(value, valuePos), Boolean.toString(value));
    }

    /** Adds an option, rejecting a key that is already in the list. */
    static void addOption(List<SqlNode> options, SqlOption option) {
        for (SqlNode node : options) {
            if (((SqlOption) node).getKey().equals(option.getKey())) {
                throw new GrammarException(SYNTAX_ERROR,
                        "option \"" + option.getKey() + "\" specified more than once", option.getParserPosition());
            }
        }
        options.add(option);
    }

    private static String optionKey(SqlIdentifier key) {
        return String.join(".", key.names);
    }

    /** Adds a column declaration; at most one primary key per table, inline or as a constraint. */
    static void addColumn(SqlIdentifier table, List<SqlNode> columns, List<SqlNode> primaryKeyConstraint,
            SqlColumnDeclaration column) {
        if (column.isPrimaryKey() && hasPrimaryKey(columns, primaryKeyConstraint)) {
            throw multiplePrimaryKeys(table, column.getParserPosition());
        }
        columns.add(column);
    }

    static void addPrimaryKeyConstraint(SqlIdentifier table, List<SqlNode> columns,
            List<SqlNode> primaryKeyConstraint, SqlNodeList keyColumns, SqlParserPos pos) {
        if (hasPrimaryKey(columns, primaryKeyConstraint)) {
            throw multiplePrimaryKeys(table, pos);
        }
        primaryKeyConstraint.addAll(keyColumns.getList());
    }

    private static boolean hasPrimaryKey(List<SqlNode> columns, List<SqlNode> primaryKeyConstraint) {
        if (!primaryKeyConstraint.isEmpty()) {
            return true;
        }
        for (SqlNode column : columns) {
            if (((SqlColumnDeclaration) column).isPrimaryKey()) {
                return true;
            }
        }
        return false;
    }

    private static GrammarException multiplePrimaryKeys(SqlIdentifier table, SqlParserPos pos) {
        return new GrammarException(INVALID_TABLE_DEFINITION,
                "multiple primary keys for table \"" + String.join(".", table.names) + "\" are not allowed", pos);
    }

    /** The source text between two tokens, or null when the parser was not given the SQL as a string. */
    static String sourceText(String sql, Token first, Token last) {
        return sql == null ? null : SourceText.slice(sql, first, last);
    }
}
