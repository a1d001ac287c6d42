package io.freshet.planner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicFunction;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlMonotonicBinaryOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * Postgres's scalar functions with Postgres's names, argument types and result types. Looked up
 * before Calcite's own tables: a name defined here hides Calcite's functions of that name, whose
 * result types (and semantics) often differ from Postgres's. Their bodies are in
 * {@link ScalarFunctions}; {@link #rewrite} replaces the few standard operators the parser builds
 * directly (EXTRACT, FLOOR, CEIL, binary minus, CURRENT_TIMESTAMP ...) with Postgres-typed ones.
 */
final class PgFunctions {
    private PgFunctions() {
    }

    private static final SqlReturnTypeInference TEXT = ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.TO_NULLABLE);
    private static final SqlReturnTypeInference INT = ReturnTypes.INTEGER_NULLABLE;
    private static final SqlReturnTypeInference BOOL = ReturnTypes.BOOLEAN_NULLABLE;
    private static final SqlReturnTypeInference DOUBLE = ReturnTypes.DOUBLE_NULLABLE;
    private static final SqlReturnTypeInference NUMERIC = ReturnTypes.explicit(SqlTypeName.DECIMAL).andThen(SqlTypeTransforms.TO_NULLABLE);

    /** numeric for a numeric (DECIMAL) first argument, otherwise double precision (Postgres prefers float8). */
    private static final SqlReturnTypeInference DOUBLE_OR_NUMERIC = binding -> {
        boolean decimal = false;
        for (int i = 0; i < binding.getOperandCount(); i++) {
            decimal |= binding.getOperandType(i).getSqlTypeName() == SqlTypeName.DECIMAL;
        }
        RelDataTypeFactory f = binding.getTypeFactory();
        RelDataType type = decimal ? f.createSqlType(SqlTypeName.DECIMAL) : f.createSqlType(SqlTypeName.DOUBLE);
        return nullableIfAny(binding, type);
    };

    /** The type of the first argument for integers and numeric, double precision otherwise. */
    private static final SqlReturnTypeInference SAME_EXACT_OR_DOUBLE = binding -> {
        RelDataType arg = binding.getOperandType(0);
        RelDataTypeFactory f = binding.getTypeFactory();
        RelDataType type = SqlTypeUtil.isExactNumeric(arg) ? (arg.getSqlTypeName() == SqlTypeName.DECIMAL
                ? f.createSqlType(SqlTypeName.DECIMAL) : arg) : f.createSqlType(SqlTypeName.DOUBLE);
        return nullableIfAny(binding, type);
    };

    private static final SqlReturnTypeInference TIMESTAMP_WITH_ZONE = binding ->
            binding.getTypeFactory().createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6);

    private static final SqlReturnTypeInference DATE = ReturnTypes.DATE_NULLABLE;

    /** text[] (elements nullable), nullable. */
    private static final SqlReturnTypeInference TEXT_ARRAY = binding -> {
        RelDataTypeFactory f = binding.getTypeFactory();
        RelDataType element = f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true);
        return f.createTypeWithNullability(f.createArrayType(element, -1), true);
    };

    private static RelDataType nullableIfAny(SqlOperatorBinding binding, RelDataType type) {
        boolean nullable = false;
        for (int i = 0; i < binding.getOperandCount(); i++) {
            nullable |= binding.getOperandType(i).isNullable();
        }
        return binding.getTypeFactory().createTypeWithNullability(type, nullable);
    }

    private static final Map<String, List<SqlOperator>> BY_NAME = new HashMap<>();

    private static SqlFunction fn(String name, SqlReturnTypeInference returns, SqlOperandTypeChecker operands) {
        SqlFunction function = SqlBasicFunction.create(name.toUpperCase(Locale.ROOT), returns, operands, SqlFunctionCategory.USER_DEFINED_FUNCTION);
        BY_NAME.computeIfAbsent(name, k -> new ArrayList<>()).add(function);
        return function;
    }

    private static SqlOperandTypeChecker fam(SqlTypeFamily... families) {
        return OperandTypes.family(families);
    }

    private static final SqlTypeFamily S = SqlTypeFamily.CHARACTER;
    private static final SqlTypeFamily I = SqlTypeFamily.INTEGER;
    private static final SqlTypeFamily N = SqlTypeFamily.NUMERIC;

    static final SqlFunction NOW;
    static final SqlFunction CURRENT_DATE;
    static final SqlFunction EXTRACT;
    static final SqlFunction FLOOR;
    static final SqlFunction CEIL;
    static final SqlFunction TRUNC;

    static {
        // Strings.
        fn("substr", TEXT, OperandTypes.or(fam(S, I), fam(S, I, I)));
        fn("strpos", INT, fam(S, S));
        fn("replace", TEXT, fam(S, S, S));
        fn("split_part", TEXT, fam(S, S, I));
        fn("concat_ws", binding -> binding.getTypeFactory().createTypeWithNullability(
                binding.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), binding.getOperandType(0).isNullable()),
                OperandTypes.variadic(SqlOperandCountRanges.from(1)));
        for (String name : List.of("btrim", "ltrim", "rtrim")) {
            fn(name, TEXT, OperandTypes.or(fam(S), fam(S, S)));
        }
        fn("lpad", TEXT, OperandTypes.or(fam(S, I), fam(S, I, S)));
        fn("rpad", TEXT, OperandTypes.or(fam(S, I), fam(S, I, S)));
        fn("left", TEXT, fam(S, I));
        fn("right", TEXT, fam(S, I));
        fn("reverse", TEXT, fam(S));
        fn("repeat", TEXT, fam(S, I));
        fn("initcap", TEXT, fam(S));
        fn("regexp_replace", TEXT, OperandTypes.or(fam(S, S, S), fam(S, S, S, S)));
        fn("starts_with", BOOL, fam(S, S));
        fn("regexp_match", TEXT_ARRAY, OperandTypes.or(fam(S, S), fam(S, S, S)));

        // Arrays.
        fn("array_length", INT, fam(SqlTypeFamily.ARRAY, I));
        fn("array_lower", INT, fam(SqlTypeFamily.ARRAY, I));
        fn("array_upper", INT, fam(SqlTypeFamily.ARRAY, I));
        fn("array_to_string", TEXT, OperandTypes.or(fam(SqlTypeFamily.ARRAY, S), fam(SqlTypeFamily.ARRAY, S, S)));
        fn("md5", TEXT, fam(S));
        fn("lower", TEXT, fam(S));
        fn("upper", TEXT, fam(S));

        // Math.
        fn("abs", SAME_EXACT_OR_DOUBLE, fam(N));
        fn("round", DOUBLE_OR_NUMERIC, fam(N));
        fn("round", NUMERIC, fam(N, I));
        TRUNC = fn("trunc", DOUBLE_OR_NUMERIC, fam(N));
        fn("trunc", NUMERIC, fam(N, I));
        CEIL = fn("ceil", DOUBLE_OR_NUMERIC, fam(N));
        fn("ceiling", DOUBLE_OR_NUMERIC, fam(N));
        FLOOR = fn("floor", DOUBLE_OR_NUMERIC, fam(N));
        fn("power", DOUBLE_OR_NUMERIC, fam(N, N));
        fn("pow", DOUBLE_OR_NUMERIC, fam(N, N));
        fn("sqrt", DOUBLE_OR_NUMERIC, fam(N));
        fn("cbrt", DOUBLE, fam(N));
        fn("exp", DOUBLE_OR_NUMERIC, fam(N));
        fn("ln", DOUBLE_OR_NUMERIC, fam(N));
        fn("log", DOUBLE_OR_NUMERIC, fam(N));
        fn("log10", DOUBLE_OR_NUMERIC, fam(N));
        fn("log", NUMERIC, fam(N, N));
        fn("sign", DOUBLE_OR_NUMERIC, fam(N));
        for (String name : List.of("sin", "cos", "tan", "cot", "asin", "acos", "atan", "radians", "degrees")) {
            fn(name, DOUBLE, fam(N));
        }
        fn("atan2", DOUBLE, fam(N, N));
        fn("pi", ReturnTypes.DOUBLE, OperandTypes.NILADIC);
        fn("random", ReturnTypes.DOUBLE, OperandTypes.NILADIC);
        fn("greatest", ReturnTypes.LEAST_RESTRICTIVE.andThen(SqlTypeTransforms.TO_NULLABLE), OperandTypes.SAME_VARIADIC);
        fn("least", ReturnTypes.LEAST_RESTRICTIVE.andThen(SqlTypeTransforms.TO_NULLABLE), OperandTypes.SAME_VARIADIC);

        // jsonb (Calcite's VARIANT; see io.freshet.parser.JsonOperators for the operators).
        fn("jsonb_typeof", TEXT, OperandTypes.ANY);
        fn("jsonb_array_length", INT, OperandTypes.ANY);

        // Date and time.
        NOW = fn("now", TIMESTAMP_WITH_ZONE, OperandTypes.NILADIC);
        CURRENT_DATE = fn("current_date", ReturnTypes.DATE, OperandTypes.NILADIC);
        EXTRACT = fn("extract", NUMERIC, OperandTypes.ANY_ANY);
        fn("date_part", DOUBLE, OperandTypes.or(fam(S, SqlTypeFamily.DATETIME), fam(S, SqlTypeFamily.DATE),
                fam(S, SqlTypeFamily.DATETIME_INTERVAL)));
        fn("date_trunc", ReturnTypes.ARG1_NULLABLE, OperandTypes.or(fam(S, SqlTypeFamily.TIMESTAMP),
                fam(S, SqlTypeFamily.DATETIME_INTERVAL)));
        fn("to_char", TEXT, OperandTypes.or(fam(SqlTypeFamily.DATETIME, S), fam(SqlTypeFamily.DATE, S), fam(N, S),
                fam(SqlTypeFamily.DATETIME_INTERVAL, S)));
        fn("make_date", DATE, fam(I, I, I));
        fn("make_timestamp", ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 6).andThen(SqlTypeTransforms.TO_NULLABLE),
                fam(I, I, I, I, I, N));
        List<String> intervalParts = List.of("years", "months", "weeks", "days", "hours", "mins", "secs");
        fn("make_interval", binding -> nullableIfAny(binding, binding.getTypeFactory().createSqlIntervalType(
                        new SqlIntervalQualifier(org.apache.calcite.avatica.util.TimeUnit.DAY,
                                org.apache.calcite.avatica.util.TimeUnit.SECOND, SqlParserPos.ZERO))),
                OperandTypes.operandMetadata(List.of(I, I, I, I, I, I, N),
                        f -> List.of(f.createSqlType(SqlTypeName.INTEGER), f.createSqlType(SqlTypeName.INTEGER),
                                f.createSqlType(SqlTypeName.INTEGER), f.createSqlType(SqlTypeName.INTEGER),
                                f.createSqlType(SqlTypeName.INTEGER), f.createSqlType(SqlTypeName.INTEGER),
                                f.createSqlType(SqlTypeName.DOUBLE)),
                        intervalParts::get, i -> true));
    }

    private static final Map<String, SqlOperator> JSON_OPERATORS = Map.of(
            "->", io.freshet.parser.JsonOperators.GET, "->>", io.freshet.parser.JsonOperators.GET_TEXT,
            "#>", io.freshet.parser.JsonOperators.PATH, "#>>", io.freshet.parser.JsonOperators.PATH_TEXT);

    /** generate_series's single column: integer, bigint or numeric as its arguments, or their timestamp type. */
    private static final SqlReturnTypeInference SERIES_ROW = binding -> {
        RelDataTypeFactory f = binding.getTypeFactory();
        RelDataType element;
        RelDataType first = binding.getOperandType(0);
        if (SqlTypeUtil.isDatetime(first)) {
            element = f.createSqlType(first.getSqlTypeName(), 6);
        } else {
            boolean decimal = false;
            boolean bigint = false;
            for (int i = 0; i < binding.getOperandCount(); i++) {
                SqlTypeName name = binding.getOperandType(i).getSqlTypeName();
                decimal |= name == SqlTypeName.DECIMAL || !SqlTypeUtil.isExactNumeric(binding.getOperandType(i));
                bigint |= name == SqlTypeName.BIGINT;
            }
            element = f.createSqlType(decimal ? SqlTypeName.DECIMAL : bigint ? SqlTypeName.BIGINT : SqlTypeName.INTEGER);
        }
        return f.builder().add("generate_series", element).build();
    };

    /** generate_series(start, stop[, step]) in FROM: ad-hoc queries only (see BatchInterpreter). */
    static final SqlFunction GENERATE_SERIES = new GenerateSeries();

    private static final class GenerateSeries extends SqlFunction implements org.apache.calcite.sql.SqlTableFunction {
        GenerateSeries() {
            super("GENERATE_SERIES", SqlKind.OTHER_FUNCTION, ReturnTypes.CURSOR, null,
                    OperandTypes.or(OperandTypes.family(SqlTypeFamily.EXACT_NUMERIC, SqlTypeFamily.EXACT_NUMERIC),
                            OperandTypes.family(SqlTypeFamily.EXACT_NUMERIC, SqlTypeFamily.EXACT_NUMERIC, SqlTypeFamily.EXACT_NUMERIC),
                            OperandTypes.family(SqlTypeFamily.TIMESTAMP, SqlTypeFamily.TIMESTAMP, SqlTypeFamily.DATETIME_INTERVAL),
                            OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME_INTERVAL)),
                    SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
        }

        @Override
        public SqlReturnTypeInference getRowTypeInference() {
            return SERIES_ROW;
        }
    }

    static {
        BY_NAME.computeIfAbsent("generate_series", k -> new ArrayList<>()).add(GENERATE_SERIES);
    }

    /** Whether the operator is one of ours (converted to a plain call, without Calcite's rewrites). */
    static boolean isOurs(SqlOperator op) {
        List<SqlOperator> ours = BY_NAME.get(op.getName().toLowerCase(Locale.ROOT));
        return op == MINUS || op == PLUS || ours != null && ours.contains(op)
                || op instanceof org.apache.calcite.sql.SqlBinaryOperator && io.freshet.parser.JsonOperators.NAMES.contains(op.getName());
    }

    /** Function names that are not deterministic: refused in views. */
    static boolean isVolatile(String name) {
        return name.equals("random") || name.equals("now") || name.equals("current_date");
    }

    /** Our functions first; a name we define hides Calcite's overloads of that name. */
    static SqlOperatorTable overriding(SqlOperatorTable calcite) {
        return new SqlOperatorTable() {
            @Override
            public void lookupOperatorOverloads(SqlIdentifier name, SqlFunctionCategory category, SqlSyntax syntax,
                                                List<SqlOperator> operators, SqlNameMatcher matcher) {
                if (name.isSimple() && (syntax == SqlSyntax.FUNCTION || syntax == SqlSyntax.FUNCTION_ID)) {
                    List<SqlOperator> ours = BY_NAME.get(name.getSimple().toLowerCase(Locale.ROOT));
                    if (ours != null && !name.getSimple().equalsIgnoreCase("current_date")) {
                        operators.addAll(ours);
                        return;
                    }
                }
                if (name.isSimple() && syntax == SqlSyntax.BINARY && JSON_OPERATORS.containsKey(name.getSimple())) {
                    operators.add(JSON_OPERATORS.get(name.getSimple()));
                    return;
                }
                if (name.isSimple() && syntax == SqlSyntax.BINARY && name.getSimple().equals("-")) {
                    operators.add(MINUS);
                    return;
                }
                if (name.isSimple() && syntax == SqlSyntax.BINARY && name.getSimple().equals("+")) {
                    operators.add(PLUS);
                    return;
                }
                calcite.lookupOperatorOverloads(name, category, syntax, operators, matcher);
            }

            @Override
            public List<SqlOperator> getOperatorList() {
                List<SqlOperator> all = new ArrayList<>(calcite.getOperatorList());
                BY_NAME.values().forEach(all::addAll);
                all.addAll(JSON_OPERATORS.values());
                return all;
            }
        };
    }

    /** Binary minus that also takes timestamp - timestamp (interval) and date - date (integer), as Postgres does. */
    static final SqlMonotonicBinaryOperator MINUS = new SqlMonotonicBinaryOperator("-", SqlKind.MINUS, 40, true,
            binding -> {
                RelDataType a = binding.getOperandType(0);
                RelDataType b = binding.getOperandType(1);
                RelDataTypeFactory f = binding.getTypeFactory();
                boolean nullable = a.isNullable() || b.isNullable();
                if (a.getSqlTypeName() == SqlTypeName.DATE && b.getSqlTypeName() == SqlTypeName.DATE) {
                    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), nullable);
                }
                if (a.getSqlTypeName() == SqlTypeName.DATE && SqlTypeUtil.isIntType(b)) {
                    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.DATE), nullable);
                }
                if (a.getSqlTypeName() == SqlTypeName.DATE && SqlTypeUtil.isInterval(b)) {
                    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.TIMESTAMP, 6), nullable);
                }
                if (SqlTypeUtil.isTimestamp(a) && SqlTypeUtil.isTimestamp(b) || isTimestampTz(a) && isTimestampTz(b)) {
                    return f.createTypeWithNullability(f.createSqlIntervalType(
                            new SqlIntervalQualifier(org.apache.calcite.avatica.util.TimeUnit.DAY,
                                    org.apache.calcite.avatica.util.TimeUnit.SECOND, SqlParserPos.ZERO)), nullable);
                }
                return ReturnTypes.NULLABLE_SUM.inferReturnType(binding);
            },
            InferTypes.FIRST_KNOWN,
            OperandTypes.or(OperandTypes.MINUS_OPERATOR, fam(SqlTypeFamily.DATE, SqlTypeFamily.DATE),
                    fam(SqlTypeFamily.DATE, SqlTypeFamily.INTEGER),
                    fam(SqlTypeFamily.TIMESTAMP, SqlTypeFamily.TIMESTAMP))) {
    };

    /** Binary plus that also takes date + integer and integer + date (a date), as Postgres does. */
    static final SqlMonotonicBinaryOperator PLUS = new SqlMonotonicBinaryOperator("+", SqlKind.PLUS, 40, true,
            binding -> {
                RelDataType a = binding.getOperandType(0);
                RelDataType b = binding.getOperandType(1);
                RelDataTypeFactory f = binding.getTypeFactory();
                boolean nullable = a.isNullable() || b.isNullable();
                if (a.getSqlTypeName() == SqlTypeName.DATE && SqlTypeUtil.isIntType(b)
                        || b.getSqlTypeName() == SqlTypeName.DATE && SqlTypeUtil.isIntType(a)) {
                    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.DATE), nullable);
                }
                if (a.getSqlTypeName() == SqlTypeName.DATE && SqlTypeUtil.isInterval(b)
                        || b.getSqlTypeName() == SqlTypeName.DATE && SqlTypeUtil.isInterval(a)) {
                    return f.createTypeWithNullability(f.createSqlType(SqlTypeName.TIMESTAMP, 6), nullable);
                }
                return ReturnTypes.NULLABLE_SUM.inferReturnType(binding);
            },
            InferTypes.FIRST_KNOWN,
            OperandTypes.or(OperandTypes.PLUS_OPERATOR, fam(SqlTypeFamily.DATE, SqlTypeFamily.INTEGER),
                    fam(SqlTypeFamily.INTEGER, SqlTypeFamily.DATE))) {
    };

    /**
     * Calcite's Enumerable runtime implements operators by identity: before an ad-hoc plan runs
     * there, our binary plus and minus go back to the standard operators (keeping the call's
     * Postgres result type). Numeric and timestamp/interval arithmetic then run as Calcite's;
     * date +/- integer and date - date are for Freshet's own expressions only.
     */
    static org.apache.calcite.rel.RelNode standardArithmetic(org.apache.calcite.rel.RelNode root) {
        org.apache.calcite.rex.RexBuilder builder = root.getCluster().getRexBuilder();
        org.apache.calcite.rex.RexShuttle rex = new org.apache.calcite.rex.RexShuttle() {
            @Override
            public org.apache.calcite.rex.RexNode visitCall(org.apache.calcite.rex.RexCall call) {
                org.apache.calcite.rex.RexNode node = super.visitCall(call);
                if (!(node instanceof org.apache.calcite.rex.RexCall visited)) {
                    return node;
                }
                SqlOperator op = visited.getOperator();
                if (op == PLUS || op == MINUS) {
                    return builder.makeCall(visited.getType(), op == PLUS ? SqlStdOperatorTable.PLUS : SqlStdOperatorTable.MINUS,
                            visited.getOperands());
                }
                return visited;
            }
        };
        return root.accept(new org.apache.calcite.rel.RelHomogeneousShuttle() {
            @Override
            public org.apache.calcite.rel.RelNode visit(org.apache.calcite.rel.RelNode other) {
                return super.visit(other).accept(rex);
            }
        });
    }

    private static boolean isTimestampTz(RelDataType type) {
        return type.getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }

    private static final List<String> INTERVAL_PARTS = List.of("years", "months", "weeks", "days", "hours", "mins", "secs");

    /**
     * make_interval(days => n, ...) as a positional call with 0 for the omitted parts: Calcite's
     * identifier expansion would otherwise look the argument names up as columns.
     */
    private static SqlNode positionalMakeInterval(SqlCall call) {
        SqlParserPos pos = call.getParserPosition();
        SqlNode[] args = new SqlNode[INTERVAL_PARTS.size()];
        int positional = 0;
        for (SqlNode operand : call.getOperandList()) {
            if (operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
                SqlCall assignment = (SqlCall) operand;
                String name = ((SqlIdentifier) assignment.operand(1)).getSimple().toLowerCase(Locale.ROOT);
                int index = INTERVAL_PARTS.indexOf(name);
                if (index < 0) {
                    throw new io.freshet.common.FreshetException(io.freshet.common.SqlState.UNDEFINED_FUNCTION,
                            "function make_interval(" + name + " => ...) does not exist");
                }
                args[index] = assignment.operand(0);
            } else if (positional < args.length) {
                args[positional++] = operand;
            }
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                args[i] = SqlLiteral.createExactNumeric("0", pos);
            }
        }
        return call.getOperator().createCall(pos, args);
    }

    /** Replaces standard operators the parser builds directly with their Postgres-typed versions. */
    static SqlNode rewrite(SqlNode node) {
        return node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                SqlCall visited = (SqlCall) super.visit(call);
                if (visited == null) {
                    return null;
                }
                SqlOperator op = visited.getOperator();
                SqlParserPos pos = visited.getParserPosition();
                List<SqlNode> operands = visited.getOperandList();
                if (op.getName().equalsIgnoreCase("make_interval")
                        && operands.stream().anyMatch(o -> o.getKind() == SqlKind.ARGUMENT_ASSIGNMENT)) {
                    return positionalMakeInterval(visited);
                }
                if (op instanceof org.apache.calcite.sql.fun.SqlQuantifyOperator && operands.size() == 2
                        && operands.get(0) instanceof org.apache.calcite.sql.SqlCharStringLiteral
                        && !(operands.get(1) instanceof org.apache.calcite.sql.SqlSelect)) {
                    // 'x' = ANY(text_array): Calcite finds no common type for a CHAR literal and a
                    // VARCHAR element; Postgres reads the literal as the element's type (text here).
                    SqlNode text = SqlStdOperatorTable.CAST.createCall(pos, operands.get(0),
                            new org.apache.calcite.sql.SqlDataTypeSpec(
                                    new org.apache.calcite.sql.SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos));
                    return op.createCall(visited.getFunctionQuantifier(), pos, text, operands.get(1));
                }
                if (op == SqlStdOperatorTable.MINUS) {
                    return MINUS.createCall(pos, operands);
                }
                if (op == SqlStdOperatorTable.PLUS) {
                    return PLUS.createCall(pos, operands);
                }
                if (op == SqlStdOperatorTable.EXTRACT) {
                    // EXTRACT(unit FROM x): the unit is an interval qualifier; pass its name as text.
                    SqlIntervalQualifier unit = (SqlIntervalQualifier) operands.get(0);
                    String text = unit.timeFrameName != null ? unit.timeFrameName : unit.getStartUnit().name();
                    return EXTRACT.createCall(pos, SqlLiteral.createCharString(text.toLowerCase(Locale.ROOT), pos), operands.get(1));
                }
                if ((op == SqlStdOperatorTable.FLOOR || op == SqlStdOperatorTable.CEIL) && operands.size() == 1) {
                    return (op == SqlStdOperatorTable.FLOOR ? FLOOR : CEIL).createCall(pos, operands);
                }
                if (op == SqlStdOperatorTable.CURRENT_TIMESTAMP) {
                    return NOW.createCall(pos);
                }
                if (op == SqlStdOperatorTable.CURRENT_DATE) {
                    return CURRENT_DATE.createCall(pos);
                }
                return visited;
            }

            @Override
            public SqlNode visit(SqlIdentifier id) {
                if (id.isSimple() && id.getSimple().equalsIgnoreCase("CURRENT_TIMESTAMP")) {
                    return NOW.createCall(id.getParserPosition());
                }
                if (id.isSimple() && id.getSimple().equalsIgnoreCase("CURRENT_DATE")) {
                    return CURRENT_DATE.createCall(id.getParserPosition());
                }
                return id;
            }
        });
    }
}
