package io.freshet.parser;

import org.junit.jupiter.api.Test;

import static io.freshet.parser.Parsing.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Error messages and positions, which psql uses to draw its caret. */
class ParseErrorTest {
    @Test
    void positionInALaterLineOfALaterStatement() {
        String sql = "SELECT 1;\nCREATE TABLE t (a int);\nSELECT a\n  FORM t;\nSELECT 3";
        FreshetParseException error = failure(sql);
        assertEquals("42601", error.sqlState());
        assertEquals("syntax error at or near \"t\"", error.getMessage());
        // "FORM" reads as an alias of a; the parser then stumbles on "t".
        assertEquals(sql.indexOf("t;") + 1, error.position());
        assertEquals(51, error.position());
    }

    @Test
    void misspelledKeywordOnTheSecondLine() {
        String sql = "select 1;\nselec 2;";
        FreshetParseException error = failure(sql);
        assertEquals("syntax error at or near \"selec\"", error.getMessage());
        assertEquals(11, error.position());
    }

    @Test
    void crlfLineEndsAndTabs() {
        String sql = "select 1;\r\n\tselect\t2 from;";
        FreshetParseException error = failure(sql);
        assertEquals("syntax error at or near \";\"", error.getMessage());
        assertEquals(sql.length(), error.position());
    }

    @Test
    void positionsCountCharactersNotUtf16Units() {
        String sql = "select '\uD83D\uDE00' from t where";
        FreshetParseException error = failure(sql);
        assertEquals("syntax error at end of input", error.getMessage());
        assertEquals(sql.codePointCount(0, sql.length()) + 1, error.position());
        assertEquals(sql.length(), error.position());
    }

    @Test
    void endOfInput() {
        FreshetParseException error = failure("select a from t where b =");
        assertEquals("syntax error at end of input", error.getMessage());
        assertEquals(26, error.position());

        assertEquals("syntax error at end of input", failure("select 1 +").getMessage());
        assertEquals("syntax error at or near \";\"", failure("select a from t where b = ; select 1").getMessage());
    }

    @Test
    void unterminatedQuotes() {
        FreshetParseException string = failure("select 1;\nselect 'abc");
        assertEquals("unterminated quoted string at or near \"'abc\"", string.getMessage());
        assertEquals(18, string.position());

        FreshetParseException identifier = failure("select \"abc");
        assertEquals("unterminated quoted identifier at or near \"\"abc\"", identifier.getMessage());
        assertEquals(8, identifier.position());
    }

    @Test
    void unexpectedCharacter() {
        FreshetParseException error = failure("select 1 # 2");
        assertEquals("syntax error at or near \"#\"", error.getMessage());
        assertEquals(10, error.position());
    }

    @Test
    void parseStatementWantsExactlyOne() {
        FreshetParseException two = assertThrows(FreshetParseException.class,
                () -> FreshetParser.parseStatement("select 1;\n select 2;"));
        assertEquals("expected one statement but found 2", two.getMessage());
        assertEquals(12, two.position());

        FreshetParseException none = assertThrows(FreshetParseException.class,
                () -> FreshetParser.parseStatement(" ; "));
        assertEquals("empty statement", none.getMessage());
    }

    @Test
    void parseExpressionRejectsTrailingInput() {
        FreshetParseException error = assertThrows(FreshetParseException.class,
                () -> FreshetParser.parseExpression("1 + 2 3"));
        assertEquals("syntax error at or near \"3\"", error.getMessage());
        assertEquals(7, error.position());
    }
}
