package io.freshet.parser;

import java.util.Set;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * Postgres's jsonb operators. jsonb is Calcite's VARIANT type; the planner gives these operators
 * Postgres's semantics. Postgres gives them and {@code ||} one precedence, left-associative
 * ({@code j ->> 'a' || '!'} concatenates the field); they take Calcite's precedence of {@code ||}.
 */
public final class JsonOperators {
    private JsonOperators() {
    }

    private static SqlBinaryOperator op(String name, SqlTypeName result, SqlTypeFamily right) {
        return new SqlBinaryOperator(name, SqlKind.OTHER, 60, true,
                ReturnTypes.explicit(result).andThen(SqlTypeTransforms.FORCE_NULLABLE), InferTypes.FIRST_KNOWN,
                OperandTypes.family(SqlTypeFamily.ANY, right));
    }

    /** {@code jsonb -> text|int}: an object's member or an array's element. */
    public static final SqlBinaryOperator GET = new SqlBinaryOperator("->", SqlKind.OTHER, 60, true,
            ReturnTypes.explicit(SqlTypeName.VARIANT).andThen(SqlTypeTransforms.FORCE_NULLABLE), InferTypes.FIRST_KNOWN,
            OperandTypes.or(OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.CHARACTER),
                    OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.INTEGER)));
    /** {@code jsonb ->> text|int}: as {@link #GET}, as text. */
    public static final SqlBinaryOperator GET_TEXT = new SqlBinaryOperator("->>", SqlKind.OTHER, 60, true,
            ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.FORCE_NULLABLE), InferTypes.FIRST_KNOWN,
            OperandTypes.or(OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.CHARACTER),
                    OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.INTEGER)));
    /** {@code jsonb #> text[]}: the value at a path. */
    public static final SqlBinaryOperator PATH = op("#>", SqlTypeName.VARIANT, SqlTypeFamily.CHARACTER);
    /** {@code jsonb #>> text[]}: as {@link #PATH}, as text. */
    public static final SqlBinaryOperator PATH_TEXT = op("#>>", SqlTypeName.VARCHAR, SqlTypeFamily.CHARACTER);

    public static final Set<String> NAMES = Set.of("->", "->>", "#>", "#>>");
}
