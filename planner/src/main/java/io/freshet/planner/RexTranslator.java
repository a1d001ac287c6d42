package io.freshet.planner;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.Interval;
import io.freshet.common.SqlState;
import io.freshet.common.TypeKind;
import io.freshet.executor.expr.Arithmetic;
import io.freshet.executor.expr.CaseWhen;
import io.freshet.executor.expr.Cast;
import io.freshet.executor.expr.Coalesce;
import io.freshet.executor.expr.Comparison;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.InputRef;
import io.freshet.executor.expr.Literal;
import io.freshet.executor.expr.Logical;
import io.freshet.executor.expr.NullTest;
import io.freshet.executor.expr.RowFunction;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Translates Calcite row expressions into Freshet's vectorized {@link Expression}s. Input column
 * {@code i} of the RexNode is column {@code i} of the chunk. Dynamic parameters are replaced by the
 * bound values given at construction. An expression Freshet cannot evaluate yet fails with 0A000
 * naming it.
 */
public final class RexTranslator {
    private final RexBuilder rexBuilder;
    private final IntFunction<Object> parameters;
    private final List<DataType> inputTypes;

    public RexTranslator(RexBuilder rexBuilder, List<DataType> inputTypes, IntFunction<Object> parameters) {
        this.rexBuilder = rexBuilder;
        this.inputTypes = List.copyOf(inputTypes);
        this.parameters = parameters;
    }

    public List<Expression> translate(List<RexNode> nodes) {
        List<Expression> out = new ArrayList<>(nodes.size());
        for (RexNode node : nodes) {
            out.add(translate(node));
        }
        return out;
    }

    public Expression translate(RexNode node) {
        if (node instanceof RexInputRef ref) {
            DataType type = ref.getIndex() < inputTypes.size() ? inputTypes.get(ref.getIndex()) : TypeMapping.toDataType(ref.getType());
            return new InputRef(ref.getIndex(), type);
        }
        if (node instanceof RexLiteral literal) {
            DataType type = TypeMapping.toDataType(literal.getType());
            return new Literal(literalValue(literal, type), type);
        }
        if (node instanceof RexDynamicParam param) {
            DataType type = TypeMapping.toDataType(param.getType());
            if (parameters == null) {
                throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "parameters are not allowed here");
            }
            return new Literal(parameters.apply(param.getIndex()), type);
        }
        if (node instanceof RexCall call) {
            return translateCall(call);
        }
        throw unsupported(node.toString());
    }

    private Expression translateCall(RexCall call) {
        DataType type = TypeMapping.toDataType(call.getType());
        SqlKind kind = call.getKind();
        if (type.kind() == TypeKind.DECIMAL && kind != SqlKind.CAST && kind != SqlKind.SAFE_CAST) {
            // Postgres's numeric results are unconstrained (1.0/3 keeps 20 digits, COALESCE(x, 0) may be
            // 0); only an explicit cast to numeric(p,s) rounds. Calcite's derived precision/scale is not.
            type = DataType.DECIMAL;
        }
        List<RexNode> operands = call.getOperands();
        switch (kind) {
            case PLUS:
                if (type.kind() == TypeKind.DATE && operands.get(1).getType().getSqlTypeName() == SqlTypeName.DATE) {
                    // integer + date: evaluate as date + integer.
                    return new Arithmetic(Arithmetic.Operator.ADD, translate(operands.get(1)), translate(operands.get(0)), type);
                }
                if (type.kind() == TypeKind.DATE) {
                    return new Arithmetic(Arithmetic.Operator.ADD, translate(operands.get(0)), translate(operands.get(1)), type);
                }
                return arithmetic(Arithmetic.Operator.ADD, call, type);
            case MINUS:
                if (operands.get(0).getType().getSqlTypeName() == SqlTypeName.DATE
                        && operands.get(1).getType().getSqlTypeName() == SqlTypeName.DATE) {
                    // date - date: days between, an integer.
                    return new RowFunction("-", v -> (Long) v[0] - (Long) v[1], true, translate(operands), DataType.INTEGER);
                }
                if (type.kind() == TypeKind.DATE) {
                    return new Arithmetic(Arithmetic.Operator.SUBTRACT, translate(operands.get(0)), translate(operands.get(1)), type);
                }
                return arithmetic(Arithmetic.Operator.SUBTRACT, call, type);
            case TIMES: return arithmetic(Arithmetic.Operator.MULTIPLY, call, type);
            case DIVIDE: return arithmetic(Arithmetic.Operator.DIVIDE, call, type);
            case MOD: return arithmetic(Arithmetic.Operator.MODULO, call, type);
            case MINUS_PREFIX:
                return new Arithmetic(Arithmetic.Operator.SUBTRACT, new Literal(zero(type), type), translate(operands.get(0)), type);
            case PLUS_PREFIX: return translate(operands.get(0));
            case EQUALS: return comparison(Comparison.Operator.EQUAL, call);
            case NOT_EQUALS: return comparison(Comparison.Operator.NOT_EQUAL, call);
            case LESS_THAN: return comparison(Comparison.Operator.LESS, call);
            case LESS_THAN_OR_EQUAL: return comparison(Comparison.Operator.LESS_OR_EQUAL, call);
            case GREATER_THAN: return comparison(Comparison.Operator.GREATER, call);
            case GREATER_THAN_OR_EQUAL: return comparison(Comparison.Operator.GREATER_OR_EQUAL, call);
            case IS_DISTINCT_FROM: return comparison(Comparison.Operator.IS_DISTINCT_FROM, call);
            case IS_NOT_DISTINCT_FROM: return comparison(Comparison.Operator.IS_NOT_DISTINCT_FROM, call);
            case AND: return new Logical(Logical.Operator.AND, translate(operands));
            case OR: return new Logical(Logical.Operator.OR, translate(operands));
            case NOT: return new Logical(Logical.Operator.NOT, translate(operands));
            case IS_NULL: return new NullTest(NullTest.Test.IS_NULL, translate(operands.get(0)));
            case IS_NOT_NULL: return new NullTest(NullTest.Test.IS_NOT_NULL, translate(operands.get(0)));
            case IS_TRUE: return new NullTest(NullTest.Test.IS_TRUE, translate(operands.get(0)));
            case IS_NOT_TRUE: return new NullTest(NullTest.Test.IS_NOT_TRUE, translate(operands.get(0)));
            case IS_FALSE: return new NullTest(NullTest.Test.IS_FALSE, translate(operands.get(0)));
            case IS_NOT_FALSE: return new NullTest(NullTest.Test.IS_NOT_FALSE, translate(operands.get(0)));
            case SEARCH: return translate(RexUtil.expandSearch(rexBuilder, null, call));
            case CASE: {
                List<Expression> conditions = new ArrayList<>();
                List<Expression> results = new ArrayList<>();
                for (int i = 0; i + 1 < operands.size(); i += 2) {
                    conditions.add(translate(operands.get(i)));
                    results.add(translate(operands.get(i + 1)));
                }
                Expression otherwise = translate(operands.get(operands.size() - 1));
                return new CaseWhen(conditions, results, otherwise, type);
            }
            case COALESCE: return new Coalesce(translate(operands), type);
            case CAST:
            case SAFE_CAST: {
                Expression operand = translate(operands.get(0));
                return operand.type().equals(type) || losslessWidening(operand.type(), type) ? operand : new Cast(operand, type);
            }
            case LIKE: return like(call, type);
            case ARRAY_VALUE_CONSTRUCTOR: {
                // ARRAY[a, b, ...]: elements cast to the array's element type; NULL elements kept.
                List<Expression> elements = new ArrayList<>();
                for (Expression e : translate(operands)) {
                    elements.add(e.type().equals(type.element()) ? e : new Cast(e, type.element()));
                }
                return new RowFunction("array", v -> io.freshet.common.SqlArray.of(v), false, elements, type);
            }
            case SOME:
            case ALL: {
                if (operands.size() != 2 || operands.get(1).getType().getSqlTypeName() != SqlTypeName.ARRAY) {
                    throw unsupported(kind + " over " + operands.get(operands.size() - 1).getType());
                }
                return quantified(kind == SqlKind.ALL, ((org.apache.calcite.sql.fun.SqlQuantifyOperator) call.getOperator()).comparisonKind,
                        operands.get(0), operands.get(1), type);
            }
            case ITEM: {
                if (operands.get(0).getType().getSqlTypeName() != SqlTypeName.ARRAY) {
                    throw unsupported("subscript of " + operands.get(0).getType());
                }
                // a[i]: 1-based; NULL out of range.
                return new RowFunction("[]", v -> {
                    List<?> array = (List<?>) v[0];
                    long index = ((Number) v[1]).longValue();
                    return index >= 1 && index <= array.size() ? array.get((int) (index - 1)) : null;
                }, true, List.of(translate(operands.get(0)), castTo(translate(operands.get(1)), DataType.BIGINT)), type);
            }
            case TRIM: {
                // TRIM(flag, characters, string); the flag is a symbol.
                String flag = ((RexLiteral) operands.get(0)).getValueAs(org.apache.calcite.sql.fun.SqlTrimFunction.Flag.class).name();
                boolean leading = !flag.equals("TRAILING");
                boolean trailing = !flag.equals("LEADING");
                List<Expression> args = translate(operands.subList(1, 3));
                return new RowFunction("trim", v -> io.freshet.executor.expr.StringFunctions.trim((String) v[1], (String) v[0], leading, trailing),
                        true, args, type);
            }
            case POSITION: {
                if (operands.size() > 2) {
                    throw unsupported("POSITION with FROM");
                }
                return new RowFunction("position", v -> io.freshet.executor.expr.StringFunctions.strpos((String) v[1], (String) v[0]),
                        true, translate(operands), type);
            }
            default:
                return function(call, type);
        }
    }

    /**
     * {@code x op ANY(array)} and {@code x op ALL(array)} with Postgres's three-valued logic: ANY is
     * true when some comparison is true, else NULL when some is NULL, else false (false for an empty
     * array); ALL is false when some comparison is false, else NULL when some is NULL, else true.
     */
    private Expression quantified(boolean all, SqlKind comparison, RexNode left, RexNode array, DataType type) {
        Expression arrayExpr = translate(array);
        DataType element = arrayExpr.type().element();
        Expression value = castTo(translate(left), element);
        if (value.type().kind() != element.kind()) {
            value = new Cast(value, element);
        }
        return new RowFunction(all ? "all" : "any", v -> {
            if (v[1] == null) {
                return null;
            }
            boolean sawNull = false;
            for (Object e : (List<?>) v[1]) {
                if (v[0] == null || e == null) {
                    sawNull = true;
                    continue;
                }
                int c = io.freshet.common.Values.compare(element, v[0], e);
                boolean holds = switch (comparison) {
                    case EQUALS -> c == 0;
                    case NOT_EQUALS -> c != 0;
                    case LESS_THAN -> c < 0;
                    case LESS_THAN_OR_EQUAL -> c <= 0;
                    case GREATER_THAN -> c > 0;
                    case GREATER_THAN_OR_EQUAL -> c >= 0;
                    default -> throw new IllegalStateException("comparison " + comparison);
                };
                if (holds != all) {
                    return !all;
                }
            }
            return sawNull ? null : all;
        }, false, List.of(value, arrayExpr), type);
    }

    /** numeric(p,s) to numeric(q,s) with q &gt;= p (Calcite adds these for comparisons): no value changes. */
    private static boolean losslessWidening(DataType from, DataType to) {
        return from.kind() == TypeKind.DECIMAL && to.kind() == TypeKind.DECIMAL && from.precision() != DataType.UNBOUNDED
                && to.precision() != DataType.UNBOUNDED && from.scale() == to.scale() && to.precision() >= from.precision();
    }

    private Expression arithmetic(Arithmetic.Operator operator, RexCall call, DataType type) {
        Expression left = translate(call.getOperands().get(0));
        Expression right = translate(call.getOperands().get(1));
        // Calcite reports datetime +/- interval with the datetime's type; integer operands widen.
        if (type.kind().isIntegral()) {
            left = widen(left, type);
            right = widen(right, type);
        } else if (type.kind() == TypeKind.DOUBLE || type.kind() == TypeKind.REAL) {
            left = left.type().kind().isNumeric() && left.type().kind() != type.kind() ? new Cast(left, type) : left;
            right = right.type().kind().isNumeric() && right.type().kind() != type.kind() ? new Cast(right, type) : right;
        }
        return new Arithmetic(operator, left, right, type);
    }

    private static Expression widen(Expression e, DataType type) {
        return e.type().kind() == type.kind() || !e.type().kind().isIntegral() ? e : new Cast(e, type);
    }

    private Expression comparison(Comparison.Operator operator, RexCall call) {
        return new Comparison(operator, translate(call.getOperands().get(0)), translate(call.getOperands().get(1)));
    }

    private Expression like(RexCall call, DataType type) {
        List<Expression> args = translate(call.getOperands());
        boolean ignoreCase = call.getOperator().getName().toUpperCase(Locale.ROOT).contains("ILIKE");
        boolean negated = call.getOperator().getName().toUpperCase(Locale.ROOT).startsWith("NOT");
        return new RowFunction("like", values -> {
            String text = (String) values[0];
            String pattern = (String) values[1];
            String escape = values.length > 2 ? (String) values[2] : "\\";
            java.util.regex.Pattern regex = java.util.regex.Pattern.compile(likeToRegex(pattern, escape),
                    ignoreCase ? java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE | java.util.regex.Pattern.DOTALL
                            : java.util.regex.Pattern.DOTALL);
            return regex.matcher(text).matches() != negated;
        }, true, args, type);
    }

    static String likeToRegex(String pattern, String escape) {
        StringBuilder sb = new StringBuilder();
        char esc = escape == null || escape.isEmpty() ? 0 : escape.charAt(0);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (esc != 0 && c == esc && i + 1 < pattern.length()) {
                sb.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                sb.append(".*");
            } else if (c == '_') {
                sb.append('.');
            } else {
                sb.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    private Expression function(RexCall call, DataType type) {
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        if (PgFunctions.isVolatile(name)) {
            if (parameters == null) {
                throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "function " + name
                        + "() is not supported in a materialized view: its result is not deterministic");
            }
            if (name.equals("now")) {
                return new Literal(io.freshet.executor.expr.StatementContext.startMicros(), type);
            }
            if (name.equals("current_date")) {
                long micros = io.freshet.executor.expr.StatementContext.startMicros();
                java.time.Instant instant = java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L));
                return new Literal(java.time.LocalDate.ofInstant(instant, io.freshet.executor.expr.StatementContext.zone()).toEpochDay(), type);
            }
        }
        List<Expression> args = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            // A named-argument call leaves DEFAULT for omitted arguments (make_interval's are 0).
            args.add(operand.getKind() == SqlKind.DEFAULT ? new Literal(0L, DataType.BIGINT) : translate(operand));
        }
        args = coerceArguments(name, args, type);
        RowFunction.Body body = ScalarFunctions.lookup(name, args, type);
        if (body == null) {
            throw unsupported("function " + name);
        }
        return new RowFunction(name, body, ScalarFunctions.isStrict(name), args, type);
    }

    /** Casts arguments to the type a Postgres function computes in (float8 or numeric, or the common type). */
    private static List<Expression> coerceArguments(String name, List<Expression> args, DataType type) {
        List<Expression> out = new ArrayList<>(args);
        if ((name.startsWith("jsonb_") || io.freshet.parser.JsonOperators.NAMES.contains(name))
                && args.get(0) instanceof Literal && args.get(0).type().kind() == TypeKind.VARCHAR) {
            // A string literal where jsonb is expected is jsonb text, as Postgres reads an unknown-type literal.
            out.set(0, castTo(args.get(0), DataType.JSONB));
        }
        switch (name) {
            case "round":
            case "trunc":
                if (args.size() == 2) {
                    out.set(0, castTo(args.get(0), DataType.DECIMAL));
                    out.set(1, castTo(args.get(1), DataType.BIGINT));
                    return out;
                }
                // fall through
            case "ceil": case "ceiling": case "floor": case "sign": case "sqrt": case "power": case "pow": case "exp":
            case "ln": case "log": case "log10": case "cbrt": case "sin": case "cos": case "tan": case "cot": case "asin":
            case "acos": case "atan": case "atan2": case "radians": case "degrees":
                for (int i = 0; i < out.size(); i++) {
                    out.set(i, castTo(out.get(i), type.kind() == TypeKind.DECIMAL ? DataType.DECIMAL : DataType.DOUBLE));
                }
                return out;
            case "greatest":
            case "least":
                for (int i = 0; i < out.size(); i++) {
                    out.set(i, castTo(out.get(i), type));
                }
                return out;
            default:
                for (int i = 0; i < out.size(); i++) {
                    // Integer arguments arrive as Long whatever their width; widen nothing else.
                    if (out.get(i).type().kind().isIntegral()) {
                        out.set(i, out.get(i));
                    }
                }
                return out;
        }
    }

    private static Expression castTo(Expression e, DataType type) {
        if (e.type().kind() == type.kind() && (type.kind() != TypeKind.DECIMAL || e.type().equals(type) || type.precision() == DataType.UNBOUNDED)) {
            return e;
        }
        return new Cast(e, type);
    }

    private static Object zero(DataType type) {
        switch (type.kind().physical()) {
            case LONG: return 0L;
            case DOUBLE: return 0.0;
            case DECIMAL: return BigDecimal.ZERO;
            case INTERVAL: return Interval.ZERO;
            default: throw new FreshetException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: - " + type.sqlName());
        }
    }

    /** The Java value (see {@link TypeKind}) of a Calcite literal. */
    public static Object literalValue(RexLiteral literal, DataType type) {
        if (literal.isNull()) {
            return null;
        }
        SqlTypeName name = literal.getTypeName();
        switch (type.kind()) {
            case BOOLEAN: return literal.getValueAs(Boolean.class);
            case SMALLINT:
            case INTEGER:
            case BIGINT: return literal.getValueAs(BigDecimal.class).longValueExact();
            case REAL:
            case DOUBLE: return literal.getValueAs(Double.class);
            case DECIMAL: return literal.getValueAs(BigDecimal.class);
            case VARCHAR: {
                NlsString nls = literal.getValueAs(NlsString.class);
                return nls == null ? literal.getValueAs(String.class) : nls.getValue();
            }
            case BYTEA: return literal.getValueAs(org.apache.calcite.avatica.util.ByteString.class).getBytes();
            case DATE: return (long) literal.getValueAs(DateString.class).getDaysSinceEpoch();
            case TIME: {
                TimeString time = literal.getValueAs(TimeString.class);
                return io.freshet.common.TextFormat.parseTime(time.toString());
            }
            case TIMESTAMP:
            case TIMESTAMPTZ: {
                TimestampString ts = literal.getValueAs(TimestampString.class);
                return io.freshet.common.TextFormat.parseTimestamp(ts.toString());
            }
            case INTERVAL: {
                BigDecimal value = literal.getValueAs(BigDecimal.class);
                if (SqlTypeName.YEAR_INTERVAL_TYPES.contains(name)) {
                    return new Interval(value.intValueExact(), 0, 0);
                }
                long millis = value.longValue();
                return new Interval(0, 0, millis * 1000L);
            }
        }
        throw new AssertionError(type);
    }

    /** The rows of a VALUES list as Freshet values. */
    public static List<Object[]> valuesRows(org.apache.calcite.rel.core.Values values) {
        List<DataType> types = values.getRowType().getFieldList().stream().map(f -> TypeMapping.toDataType(f.getType())).toList();
        List<Object[]> rows = new ArrayList<>();
        for (List<RexLiteral> tuple : values.getTuples()) {
            Object[] row = new Object[tuple.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = literalValue(tuple.get(i), types.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    static FreshetException unsupported(String what) {
        return new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, what + " is not supported in this context yet");
    }
}
