package io.freshet.shell;

import java.sql.SQLException;
import java.sql.SQLWarning;
import org.jline.utils.WCWidth;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;

/**
 * Formats errors and notices as psql does with its default verbosity:
 * <pre>
 * ERROR:  syntax error at or near "selec"
 * LINE 1: selec 1;
 *         ^
 * DETAIL:  …
 * HINT:  …
 * SQLSTATE: 42601
 * </pre>
 * The position line is shown when the server sent a position: the statement line holding it, cut
 * to about 60 columns around it, and a caret under the character. Unlike psql, the SQLSTATE line is
 * always there (it is what to search for in the docs). Errors that did not come from the server (a
 * lost connection) are shown as their message alone.
 */
final class ErrorPrinter {
    private static final int DISPLAY_SIZE = 60;
    private static final int MIN_RIGHT_CUT = 10;

    private ErrorPrinter() {
    }

    /**
     * The report of an error, every line ending with a newline. {@code statement} is the statement
     * as typed (the server's position counts characters in it), or {@code null}.
     */
    static String format(SQLException error, String statement) {
        ServerErrorMessage message = serverMessage(error);
        StringBuilder out = new StringBuilder();
        if (message == null) {
            return out.append(error.getMessage()).append('\n').toString();
        }
        appendField(out, severity(message, "ERROR"), message.getMessage());
        if (statement != null && message.getPosition() > 0) {
            appendPosition(out, statement, message.getPosition());
        }
        appendDetails(out, message);
        if (message.getSQLState() != null) {
            out.append("SQLSTATE: ").append(message.getSQLState()).append('\n');
        }
        return out.toString();
    }

    /** A notice or warning the server sent while a statement ran. */
    static String formatNotice(SQLWarning warning) {
        StringBuilder out = new StringBuilder();
        ServerErrorMessage message = warning instanceof PSQLWarning ? ((PSQLWarning) warning).getServerErrorMessage() : null;
        if (message == null) {
            appendField(out, "WARNING", warning.getMessage());
            return out.toString();
        }
        appendField(out, severity(message, "NOTICE"), message.getMessage());
        appendDetails(out, message);
        return out.toString();
    }

    private static ServerErrorMessage serverMessage(SQLException error) {
        return error instanceof PSQLException ? ((PSQLException) error).getServerErrorMessage() : null;
    }

    private static String severity(ServerErrorMessage message, String otherwise) {
        return message.getSeverity() == null ? otherwise : message.getSeverity();
    }

    private static void appendDetails(StringBuilder out, ServerErrorMessage message) {
        appendField(out, "DETAIL", message.getDetail());
        appendField(out, "HINT", message.getHint());
        appendField(out, "CONTEXT", message.getWhere());
    }

    private static void appendField(StringBuilder out, String label, String text) {
        if (text != null) {
            out.append(label).append(":  ").append(text).append('\n');
        }
    }

    /**
     * The {@code LINE n:} line and the caret line under 1-based character {@code position} of
     * {@code statement}; nothing when the position lies beyond its end.
     */
    static void appendPosition(StringBuilder out, String statement, int position) {
        int location = position - 1;
        int[] characters = statement.codePoints().toArray();
        // columns[i]: the screen column where character i starts, from the statement's start.
        int[] columns = new int[characters.length + 1];
        int lineNumber = 1;
        int begin = 0;
        int end = -1;
        int column = 0;
        int index = 0;
        for (; index < characters.length; index++) {
            int character = characters[index];
            columns[index] = column;
            if (character == '\t') {
                characters[index] = ' ';
            } else if (character == '\r' || character == '\n') {
                if (index >= location) {
                    end = index;
                    break;
                }
                if (character == '\r' || index == 0 || characters[index - 1] != '\r') {
                    lineNumber++;
                }
                begin = index + 1;
            }
            column += Math.max(1, WCWidth.wcwidth(character));
        }
        if (end < 0) {
            end = index;
            columns[end] = column;
        }
        if (location > index) {
            return;
        }
        boolean cutLeft = false;
        boolean cutRight = false;
        if (columns[end] - columns[begin] > DISPLAY_SIZE) {
            if (columns[begin] + DISPLAY_SIZE >= columns[location] + MIN_RIGHT_CUT) {
                while (columns[end] - columns[begin] > DISPLAY_SIZE) {
                    end--;
                }
                cutRight = true;
            } else {
                while (columns[location] + MIN_RIGHT_CUT < columns[end]) {
                    end--;
                    cutRight = true;
                }
                while (columns[end] - columns[begin] > DISPLAY_SIZE) {
                    begin++;
                    cutLeft = true;
                }
            }
        }
        String prefix = "LINE " + lineNumber + ": " + (cutLeft ? "..." : "");
        out.append(prefix).append(new String(characters, begin, end - begin)).append(cutRight ? "..." : "").append('\n');
        int caretColumn = ResultPrinter.displayWidth(prefix) + columns[location] - columns[begin];
        out.append(" ".repeat(caretColumn)).append("^\n");
    }
}
