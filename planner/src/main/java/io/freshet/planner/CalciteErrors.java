package io.freshet.planner;

import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Turns Calcite's validation errors into Postgres-style messages with SQLSTATEs and positions. */
public final class CalciteErrors {
    private static final Pattern OBJECT_NOT_FOUND = Pattern.compile("(?:Object|Table) '([^']+)' not found.*");
    private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']+)' not found in (?:any table|table '([^']+)')");
    private static final Pattern FUNCTION_NOT_FOUND = Pattern.compile("No match found for function signature ([^\\s(]+)\\((.*)\\)");
    private static final Pattern CANNOT_APPLY = Pattern.compile("Cannot apply '([^']+)' to arguments of type '(.*)'\\..*", Pattern.DOTALL);
    private static final Pattern AMBIGUOUS = Pattern.compile("Column '([^']+)' is ambiguous");
    private static final Pattern NOT_GROUPED = Pattern.compile("Expression '([^']+)' is not being grouped");

    private CalciteErrors() {
    }

    /** Converts a Calcite exception to a FreshetException; {@code text} is the statement's full text. */
    public static FreshetException translate(Throwable e, String text) {
        Throwable t = e;
        while (t != null && !(t instanceof CalciteContextException) && !(t instanceof FreshetException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof FreshetException fe) {
            return fe;
        }
        if (t instanceof CalciteContextException context) {
            int position = offset(text, context.getPosLine(), context.getPosColumn());
            String message = context.getCause() != null && context.getCause().getMessage() != null
                    ? context.getCause().getMessage() : context.getMessage();
            return classify(message, position);
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return classify(message, 0);
    }

    private static FreshetException classify(String message, int position) {
        Matcher m;
        if ((m = OBJECT_NOT_FOUND.matcher(message)).matches()) {
            return new FreshetException(SqlState.UNDEFINED_TABLE, "relation \"" + m.group(1) + "\" does not exist", position, null, null);
        }
        if ((m = COLUMN_NOT_FOUND.matcher(message)).matches()) {
            return new FreshetException(SqlState.UNDEFINED_COLUMN, "column \"" + m.group(1) + "\" does not exist", position, null, null);
        }
        if ((m = FUNCTION_NOT_FOUND.matcher(message)).find()) {
            return new FreshetException(SqlState.UNDEFINED_FUNCTION, "function " + m.group(1).toLowerCase(java.util.Locale.ROOT)
                    + "(" + m.group(2).toLowerCase(java.util.Locale.ROOT) + ") does not exist", position,
                    "No function matches the given name and argument types.", null);
        }
        if ((m = CANNOT_APPLY.matcher(message)).matches()) {
            return new FreshetException(SqlState.UNDEFINED_FUNCTION, "operator does not exist: " + m.group(1)
                    + " for argument types " + m.group(2).toLowerCase(java.util.Locale.ROOT), position, null, null);
        }
        if ((m = AMBIGUOUS.matcher(message)).matches()) {
            return new FreshetException(SqlState.AMBIGUOUS_COLUMN, "column reference \"" + m.group(1) + "\" is ambiguous", position, null, null);
        }
        if ((m = NOT_GROUPED.matcher(message)).matches()) {
            return new FreshetException(SqlState.GROUPING_ERROR, "column \"" + m.group(1)
                    + "\" must appear in the GROUP BY clause or be used in an aggregate function", position, null, null);
        }
        if (message.contains("clause must be a condition")) {
            return new FreshetException(SqlState.DATATYPE_MISMATCH, message.replace("WHERE clause must be a condition",
                    "argument of WHERE must be type boolean"), position, null, null);
        }
        if (message.contains("Illegal use of dynamic parameter")) {
            return new FreshetException(SqlState.DATATYPE_MISMATCH, "could not determine data type of parameter", position,
                    "Add a cast, e.g. $1::integer.", null);
        }
        return new FreshetException(SqlState.SYNTAX_ERROR, message, position, null, null);
    }

    /** 1-based character offset of a 1-based (line, column) in {@code text}; 0 when unknown. */
    public static int offset(String text, int line, int column) {
        if (line <= 0 || text == null) {
            return 0;
        }
        int index = 0;
        for (int l = 1; l < line; l++) {
            int next = text.indexOf('\n', index);
            if (next < 0) {
                return 0;
            }
            index = next + 1;
        }
        return index + Math.max(column, 1);
    }

    public static int offset(String text, SqlParserPos pos) {
        return pos == null ? 0 : offset(text, pos.getLineNum(), pos.getColumnNum());
    }
}
