package io.freshet.planner;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.Interval;
import io.freshet.common.SqlState;
import io.freshet.common.TypeKind;
import io.freshet.common.Values;
import io.freshet.executor.expr.DateTimeFunctions;
import io.freshet.executor.expr.MathFunctions;
import io.freshet.executor.expr.StatementContext;
import io.freshet.executor.expr.StringFunctions;
import java.time.ZoneId;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.RowFunction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/** Row-at-a-time implementations of scalar functions, by Postgres name. */
final class ScalarFunctions {
    private ScalarFunctions() {
    }

    private static void requireJsonb(String name, Expression arg) {
        if (arg.type().kind() != TypeKind.JSONB) {
            throw new FreshetException(SqlState.UNDEFINED_FUNCTION, name.startsWith("jsonb")
                    ? "function " + name + "(" + arg.type().sqlName() + ") does not exist"
                    : "operator does not exist: " + arg.type().sqlName() + " " + name);
        }
    }

    static boolean isStrict(String name) {
        return !name.equals("concat") && !name.equals("||") && !name.equals("concat_ws") && !name.equals("greatest")
                && !name.equals("least");
    }

    /** The body for {@code name} over these arguments, or null when Freshet does not have it. */
    static RowFunction.Body lookup(String name, List<Expression> args, DataType type) {
        switch (name) {
            case "->":
            case "->>": {
                boolean text = name.equals("->>");
                boolean byIndex = args.get(1).type().kind().isIntegral();
                requireJsonb(name, args.get(0));
                return a -> {
                    Object tree = io.freshet.common.Jsonb.parse((String) a[0]);
                    Object v = byIndex ? io.freshet.common.Jsonb.element(tree, (Long) a[1])
                            : io.freshet.common.Jsonb.field(tree, (String) a[1]);
                    return text ? io.freshet.common.Jsonb.asText(v) : v == null ? null : io.freshet.common.Jsonb.print(v);
                };
            }
            case "#>":
            case "#>>": {
                boolean text = name.equals("#>>");
                requireJsonb(name, args.get(0));
                return a -> {
                    Object v = io.freshet.common.Jsonb.path(io.freshet.common.Jsonb.parse((String) a[0]),
                            io.freshet.common.Jsonb.parseTextArray((String) a[1]));
                    return text ? io.freshet.common.Jsonb.asText(v) : v == null ? null : io.freshet.common.Jsonb.print(v);
                };
            }
            case "jsonb_typeof":
                requireJsonb(name, args.get(0));
                return a -> io.freshet.common.Jsonb.typeOf(io.freshet.common.Jsonb.parse((String) a[0]));
            case "jsonb_array_length":
                requireJsonb(name, args.get(0));
                return a -> io.freshet.common.Jsonb.arrayLength(io.freshet.common.Jsonb.parse((String) a[0]));
            // Character by character, as Postgres does (upper('ß') stays 'ß').
            case "lower": return a -> StringFunctions.mapCase((String) a[0], false);
            case "upper": return a -> StringFunctions.mapCase((String) a[0], true);
            case "char_length":
            case "character_length":
            case "length": return a -> (long) ((String) a[0]).codePointCount(0, ((String) a[0]).length());
            case "||":
                return a -> a[0] == null || a[1] == null ? null : text(a[0], args.get(0)) + text(a[1], args.get(1));
            case "concat":
                return a -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < a.length; i++) {
                        if (a[i] != null) {
                            sb.append(text(a[i], args.get(i)));
                        }
                    }
                    return sb.toString();
                };
            case "abs":
                return a -> {
                    Object v = a[0];
                    if (v instanceof Long l) {
                        long r = Math.abs(l);
                        if (l == Long.MIN_VALUE || (type.kind() == TypeKind.INTEGER && r > Integer.MAX_VALUE)
                                || (type.kind() == TypeKind.SMALLINT && r > Short.MAX_VALUE)) {
                            throw new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, type.sqlName() + " out of range");
                        }
                        return r;
                    }
                    if (v instanceof Double d) {
                        return Math.abs(d);
                    }
                    return ((BigDecimal) v).abs();
                };
            case "round":
                if (args.size() == 2) {
                    return a -> MathFunctions.round((BigDecimal) a[0], (Long) a[1]);
                }
                return a -> a[0] instanceof Double d ? MathFunctions.round(d) : MathFunctions.round((BigDecimal) a[0], 0);
            case "trunc":
                if (args.size() == 2) {
                    return a -> MathFunctions.trunc((BigDecimal) a[0], (Long) a[1]);
                }
                return a -> a[0] instanceof Double d ? MathFunctions.trunc(d) : MathFunctions.trunc((BigDecimal) a[0], 0);
            case "floor":
                return a -> a[0] instanceof Double d ? Math.floor(d) : MathFunctions.floor((BigDecimal) a[0]);
            case "ceil":
            case "ceiling":
                return a -> a[0] instanceof Double d ? Math.ceil(d) : MathFunctions.ceil((BigDecimal) a[0]);
            case "sign":
                return a -> a[0] instanceof Double d ? Math.signum(d) : MathFunctions.sign((BigDecimal) a[0]);
            case "sqrt":
                return a -> a[0] instanceof Double d ? MathFunctions.sqrt(d) : MathFunctions.sqrt((BigDecimal) a[0]);
            case "power":
            case "pow":
                return doubleOnly(name, type, a -> MathFunctions.power((Double) a[0], (Double) a[1]));
            case "exp": return doubleOnly(name, type, a -> MathFunctions.exp((Double) a[0]));
            case "ln": return doubleOnly(name, type, a -> MathFunctions.ln((Double) a[0]));
            case "log":
                if (args.size() == 2) {
                    throw unsupportedNumeric(name);
                }
                return doubleOnly(name, type, a -> MathFunctions.log10((Double) a[0]));
            case "log10": return doubleOnly(name, type, a -> MathFunctions.log10((Double) a[0]));
            case "cbrt": return a -> MathFunctions.cbrt((Double) a[0]);
            case "sin": return a -> StrictMath.sin((Double) a[0]);
            case "cos": return a -> StrictMath.cos((Double) a[0]);
            case "tan": return a -> StrictMath.tan((Double) a[0]);
            case "cot": return a -> 1.0 / StrictMath.tan((Double) a[0]);
            case "asin": return a -> MathFunctions.asin((Double) a[0]);
            case "acos": return a -> MathFunctions.acos((Double) a[0]);
            case "atan": return a -> StrictMath.atan((Double) a[0]);
            case "atan2": return a -> StrictMath.atan2((Double) a[0], (Double) a[1]);
            case "radians": return a -> (Double) a[0] * 0.0174532925199432957692; // Postgres multiplies by RADIANS_PER_DEGREE
            case "degrees": return a -> (Double) a[0] / 0.0174532925199432957692; // and divides by it
            case "pi": return a -> Math.PI;
            case "random": return a -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();
            case "greatest":
            case "least": {
                boolean greatest = name.equals("greatest");
                return a -> {
                    Object best = null;
                    for (Object v : a) {
                        if (v != null && (best == null || (Values.compare(type, v, best) > 0) == greatest && Values.compare(type, v, best) != 0)) {
                            best = v;
                        }
                    }
                    return best;
                };
            }
            // Strings.
            case "substr":
            case "substring":
                return a -> StringFunctions.substr((String) a[0], (Long) a[1], a.length > 2 ? (Long) a[2] : null);
            case "strpos": return a -> StringFunctions.strpos((String) a[0], (String) a[1]);
            case "position": return a -> StringFunctions.strpos((String) a[1], (String) a[0]);
            case "replace": return a -> StringFunctions.replace((String) a[0], (String) a[1], (String) a[2]);
            case "split_part": return a -> StringFunctions.splitPart((String) a[0], (String) a[1], (Long) a[2]);
            case "concat_ws":
                return a -> {
                    if (a[0] == null) {
                        return null;
                    }
                    StringBuilder sb = new StringBuilder();
                    boolean first = true;
                    for (int i = 1; i < a.length; i++) {
                        if (a[i] != null) {
                            if (!first) {
                                sb.append((String) a[0]);
                            }
                            sb.append(text(a[i], args.get(i)));
                            first = false;
                        }
                    }
                    return sb.toString();
                };
            case "btrim": return a -> StringFunctions.trim((String) a[0], a.length > 1 ? (String) a[1] : " ", true, true);
            case "ltrim": return a -> StringFunctions.trim((String) a[0], a.length > 1 ? (String) a[1] : " ", true, false);
            case "rtrim": return a -> StringFunctions.trim((String) a[0], a.length > 1 ? (String) a[1] : " ", false, true);
            case "lpad": return a -> StringFunctions.pad((String) a[0], (Long) a[1], a.length > 2 ? (String) a[2] : " ", true);
            case "rpad": return a -> StringFunctions.pad((String) a[0], (Long) a[1], a.length > 2 ? (String) a[2] : " ", false);
            case "left": return a -> StringFunctions.left((String) a[0], (Long) a[1]);
            case "right": return a -> StringFunctions.right((String) a[0], (Long) a[1]);
            case "reverse": return a -> StringFunctions.reverse((String) a[0]);
            case "repeat": return a -> StringFunctions.repeat((String) a[0], (Long) a[1]);
            case "initcap": return a -> StringFunctions.initcap((String) a[0]);
            case "regexp_replace":
                return a -> StringFunctions.regexpReplace((String) a[0], (String) a[1], (String) a[2], a.length > 3 ? (String) a[3] : "");
            case "regexp_match":
                return a -> {
                    List<String> groups = StringFunctions.regexpMatch((String) a[0], (String) a[1], a.length > 2 ? (String) a[2] : "");
                    return groups == null ? null : io.freshet.common.SqlArray.of(groups);
                };
            // Arrays (one-dimensional, lower bound 1).
            case "cardinality": return a -> (long) ((List<?>) a[0]).size();
            case "array_length":
            case "array_upper":
                // NULL for an empty array or a dimension other than 1, as Postgres.
                return a -> ((Long) a[1]) != 1 || ((List<?>) a[0]).isEmpty() ? null : (Object) (long) ((List<?>) a[0]).size();
            case "array_lower":
                return a -> ((Long) a[1]) != 1 || ((List<?>) a[0]).isEmpty() ? null : (Object) 1L;
            case "array_to_string": {
                DataType element = args.get(0).type().element();
                ZoneId zone = StatementContext.zone();
                return a -> {
                    StringBuilder out = new StringBuilder();
                    boolean first = true;
                    for (Object e : (List<?>) a[0]) {
                        String text = e == null ? (a.length > 2 ? (String) a[2] : null) : io.freshet.common.TextFormat.format(element, e, zone);
                        if (text == null) {
                            continue; // NULL elements are skipped unless a null string is given
                        }
                        if (!first) {
                            out.append((String) a[1]);
                        }
                        out.append(text);
                        first = false;
                    }
                    return out.toString();
                };
            }
            case "starts_with": return a -> ((String) a[0]).startsWith((String) a[1]);
            case "md5": return a -> StringFunctions.md5((String) a[0]);
            // Date and time.
            case "extract": {
                TypeKind kind = args.get(1).type().kind();
                ZoneId zone = StatementContext.zone();
                return a -> DateTimeFunctions.extract((String) a[0], a[1], kind, zone);
            }
            case "date_part": {
                TypeKind kind = args.get(1).type().kind();
                ZoneId zone = StatementContext.zone();
                return a -> DateTimeFunctions.extract((String) a[0], a[1], kind, zone).doubleValue();
            }
            case "date_trunc": {
                TypeKind kind = args.get(1).type().kind();
                ZoneId zone = StatementContext.zone();
                if (kind == TypeKind.INTERVAL) {
                    return a -> DateTimeFunctions.truncate((String) a[0], (Interval) a[1]);
                }
                return a -> DateTimeFunctions.truncate((String) a[0], (Long) a[1], kind, zone);
            }
            case "to_char": {
                TypeKind kind = args.get(0).type().kind();
                ZoneId zone = StatementContext.zone();
                if (kind == TypeKind.TIMESTAMP || kind == TypeKind.TIMESTAMPTZ || kind == TypeKind.DATE) {
                    return a -> DateTimeFunctions.toChar((Long) a[0], kind, (String) a[1], zone);
                }
                if (kind.isNumeric()) {
                    DataType from = args.get(0).type();
                    return a -> DateTimeFunctions.toChar((BigDecimal) io.freshet.executor.expr.Casts.cast(a[0], from, DataType.DECIMAL), (String) a[1]);
                }
                return null;
            }
            case "make_date": return a -> DateTimeFunctions.makeDate((Long) a[0], (Long) a[1], (Long) a[2]);
            case "make_timestamp":
                return a -> DateTimeFunctions.makeTimestamp((Long) a[0], (Long) a[1], (Long) a[2], (Long) a[3], (Long) a[4],
                        ((Number) a[5]).doubleValue());
            case "make_interval":
                return a -> DateTimeFunctions.makeInterval(arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3), arg(a, 4), arg(a, 5),
                        a.length > 6 ? ((Number) a[6]).doubleValue() : 0.0);
            default:
                return null;
        }
    }

    private static long arg(Object[] a, int i) {
        return i < a.length ? (Long) a[i] : 0L;
    }

    /** Numeric versions of ln/log/exp/power need Postgres's precision rules, which Freshet does not have yet. */
    private static RowFunction.Body doubleOnly(String name, DataType type, RowFunction.Body body) {
        if (type.kind() == TypeKind.DECIMAL) {
            throw unsupportedNumeric(name);
        }
        return body;
    }

    private static FreshetException unsupportedNumeric(String name) {
        return new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, name + "(numeric) is not supported yet; cast the argument to double precision");
    }

    private static String text(Object value, Expression arg) {
        return value instanceof String s ? s : io.freshet.common.TextFormat.format(arg.type(), value);
    }
}
