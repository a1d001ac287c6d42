package io.freshet.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;

import java.util.List;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One {@code key = value} entry of a {@code WITH (...)} or {@code ENCODE ... (...)}
 * option list.
 *
 * <p>The key is a dotted path such as {@code fields.id.kind}: unquoted words
 * (keywords included) are folded to lower case, double-quoted words keep their
 * case, and a single-quoted key is taken as written, dots and all. The value
 * is a string literal, a number (kept as its text, sign included, e.g.
 * {@code -1.50}) or {@code TRUE}/{@code FALSE}. The node's position covers
 * key and value, for error messages about a particular option.
 */
public final class SqlOption extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("OPTION", SqlKind.OTHER);

    private static final Pattern PLAIN_KEY = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*");

    private final String key;
    private final SqlLiteral keyLiteral;
    private final SqlLiteral value;
    private final String valueText;

    /**
     * @param value the value as a literal, for unparsing
     * @param valueText the value as {@link #getValue()} returns it
     */
    public SqlOption(SqlParserPos pos, String key, SqlLiteral value, String valueText) {
        super(pos);
        this.key = requireNonNull(key, "key is null");
        this.keyLiteral = SqlLiteral.createCharString(key, pos);
        this.value = requireNonNull(value, "value is null");
        this.valueText = requireNonNull(valueText, "valueText is null");
    }

    public String getKey() {
        return key;
    }

    /** The value's text: a string's content, or a number or boolean as written. */
    public String getValue() {
        return valueText;
    }

    /** The value as a literal (character, numeric or boolean). */
    public SqlLiteral getValueLiteral() {
        return value;
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(keyLiteral, value);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        if (PLAIN_KEY.matcher(key).matches()) {
            writer.literal(key);
        } else {
            writer.literal("'" + key.replace("'", "''") + "'");
        }
        writer.keyword("=");
        if (value.getTypeName().getFamily() == SqlTypeFamily.NUMERIC) {
            writer.literal(valueText);
        } else {
            value.unparse(writer, 0, 0);
        }
    }
}
