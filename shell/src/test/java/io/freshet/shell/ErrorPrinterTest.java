package io.freshet.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

class ErrorPrinterTest {
    @Test
    void errorWithPositionHintAndSqlState() {
        PSQLException error = serverError("SERROR\0C42703\0Mcolumn \"nosuch\" does not exist\0P8\0HCheck the spelling.\0");
        assertEquals(""
                        + "ERROR:  column \"nosuch\" does not exist\n"
                        + "LINE 1: SELECT nosuch FROM t;\n"
                        + "               ^\n"
                        + "HINT:  Check the spelling.\n"
                        + "SQLSTATE: 42703\n",
                ErrorPrinter.format(error, "SELECT nosuch FROM t;"));
    }

    @Test
    void positionOnALaterLine() {
        assertEquals("LINE 3:   FROM nosuch;\n               ^\n", position("SELECT 1\n  + 2\n  FROM nosuch;", 23));
    }

    @Test
    void positionAtTheEndOfTheStatement() {
        assertEquals("LINE 1: SELECT 1 +;\n                  ^\n", position("SELECT 1 +;", 11));
    }

    @Test
    void positionBeyondTheStatementIsNotShown() {
        assertEquals("", position("SELECT 1", 20));
    }

    @Test
    void longLinesAreCutAroundThePosition() {
        String statement = "SELECT   1 + nosuch_column_with_a_long_name_that_goes_far_far_away + another_column_far_right_x + 1 FROM t;";
        assertEquals(""
                + "LINE 1: SELECT   1 + nosuch_column_with_a_long_name_that_goes_far_fa...\n"
                + "                     ^\n", position(statement, 14));
        statement = "select 1 as a, 2 as b, 3 as c, 4 as d, 5 as e, 6 as f, 7 as g, 8 as h, 9 as i, 10 as j, nosuch_column_here from t;";
        assertEquals(""
                + "LINE 1: ... 5 as e, 6 as f, 7 as g, 8 as h, 9 as i, 10 as j, nosuch_col...\n"
                + "                                                             ^\n", position(statement, 89));
    }

    @Test
    void wideCharactersAndTabsKeepTheCaretAligned() {
        assertEquals("LINE 1: SELECT '日本' x\n                      ^\n", position("SELECT '日本'\tx", 13));
    }

    @Test
    void clientSideErrorsAreTheirMessage() {
        SQLException error = new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE);
        assertEquals("An I/O error occurred while sending to the backend.\n", ErrorPrinter.format(error, "SELECT 1"));
    }

    private static String position(String statement, int position) {
        StringBuilder out = new StringBuilder();
        ErrorPrinter.appendPosition(out, statement, position);
        return out.toString();
    }

    private static PSQLException serverError(String fields) {
        return new PSQLException(new ServerErrorMessage(fields));
    }
}
