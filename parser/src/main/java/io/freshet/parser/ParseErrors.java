package io.freshet.parser;

import io.freshet.parser.impl.FreshetSqlParserImplConstants;
import io.freshet.parser.impl.GrammarException;
import io.freshet.parser.impl.ParseException;
import io.freshet.parser.impl.SourceText;
import io.freshet.parser.impl.Token;
import io.freshet.parser.impl.TokenMgrError;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what the generated parser throws into {@link FreshetParseException}s worded as Postgres words them. */
final class ParseErrors {
    static final String INTERNAL_ERROR = "XX000";

    /** The message of Calcite's parser when a statement starts with an expression. */
    private static final String NON_QUERY_EXPRESSION = "Non-query expression encountered in illegal context";

    /** JavaCC's TokenMgrError message; see TokenMgrError.LexicalError. */
    private static final Pattern LEXICAL_ERROR = Pattern.compile(
            "Lexical error at line (\\d+), column (\\d+)\\.\\s+Encountered: (?:(<EOF>) |\"(.*?)\" \\(\\d+\\), )"
                    + "after : \"(.*)\"",
            Pattern.DOTALL);

    private ParseErrors() {}

    /**
     * @param sql the whole input
     * @param parser the parser that failed
     * @param firstToken the parser's token before the first one read; the
     *     tokens read so far hang off it
     */
    static FreshetParseException translate(String sql, SqlAbstractParserImpl parser, Token firstToken,
            Throwable error) {
        if (error instanceof ParseException parseException) {
            return fromParseException(sql, parser, parseException);
        }
        if (error instanceof TokenMgrError lexicalError) {
            return fromLexicalError(sql, lexicalError);
        }
        if (error instanceof GrammarException grammarException) {
            return new FreshetParseException(grammarException.sqlState(), grammarException.getMessage(),
                    position(sql, grammarException.pos().getLineNum(), grammarException.pos().getColumnNum()), error);
        }
        if (error instanceof CalciteContextException contextException) {
            return fromContextException(sql, firstToken, contextException);
        }
        return new FreshetParseException(INTERNAL_ERROR, "internal error while parsing: " + error, 0, error);
    }

    private static FreshetParseException fromParseException(String sql, SqlAbstractParserImpl parser,
            ParseException error) {
        // Calcite's cleanup moves the error to where the longest expected
        // token sequence stops matching.
        if (parser.normalizeException(error).getCause() instanceof ParseException cleaned) {
            error = cleaned;
        }
        if (error.currentToken == null || error.currentToken.next == null) {
            return new FreshetParseException(FreshetParseException.SYNTAX_ERROR, "syntax error", 0, error);
        }
        Token token = error.currentToken.next;
        if (needsOperand(token) && token.next != null
                && (token.next.kind == FreshetSqlParserImplConstants.EOF
                        || token.next.kind == FreshetSqlParserImplConstants.SEMICOLON)) {
            // An operator at the end of a statement fails the lookahead that
            // checks for its operand, so the parser stops before the operator;
            // Postgres blames what follows it.
            token = token.next;
        }
        return syntaxError(sql, token, error);
    }

    /** Whether a token is an operator that needs an operand after it. */
    private static boolean needsOperand(Token token) {
        switch (token.kind) {
            case FreshetSqlParserImplConstants.EQ:
            case FreshetSqlParserImplConstants.NE:
            case FreshetSqlParserImplConstants.NE2:
            case FreshetSqlParserImplConstants.LT:
            case FreshetSqlParserImplConstants.GT:
            case FreshetSqlParserImplConstants.LE:
            case FreshetSqlParserImplConstants.GE:
            case FreshetSqlParserImplConstants.PLUS:
            case FreshetSqlParserImplConstants.MINUS:
            case FreshetSqlParserImplConstants.STAR:
            case FreshetSqlParserImplConstants.SLASH:
            case FreshetSqlParserImplConstants.PERCENT_REMAINDER:
            case FreshetSqlParserImplConstants.CONCAT:
            case FreshetSqlParserImplConstants.INFIX_CAST:
            case FreshetSqlParserImplConstants.AND:
            case FreshetSqlParserImplConstants.OR:
            case FreshetSqlParserImplConstants.NOT:
            case FreshetSqlParserImplConstants.IS:
            case FreshetSqlParserImplConstants.IN:
            case FreshetSqlParserImplConstants.LIKE:
            case FreshetSqlParserImplConstants.ILIKE:
            case FreshetSqlParserImplConstants.BETWEEN:
                return true;
            default:
                return false;
        }
    }

    private static FreshetParseException fromContextException(String sql, Token firstToken,
            CalciteContextException error) {
        String message = error.getCause() != null && error.getCause().getMessage() != null
                ? error.getCause().getMessage()
                : error.getMessage();
        if (NON_QUERY_EXPRESSION.equals(message)) {
            // A statement that starts like an expression: Postgres blames the first word.
            Token token = tokenAt(firstToken, error.getPosLine(), error.getPosColumn());
            if (token != null) {
                return syntaxError(sql, token, error);
            }
        }
        return new FreshetParseException(FreshetParseException.SYNTAX_ERROR, message,
                position(sql, error.getPosLine(), error.getPosColumn()), error);
    }

    private static FreshetParseException syntaxError(String sql, Token token, Throwable cause) {
        if (token.kind == 0) {
            return new FreshetParseException(FreshetParseException.SYNTAX_ERROR, "syntax error at end of input",
                    endPosition(sql), cause);
        }
        int position = position(sql, token.beginLine, token.beginColumn);
        if (token.kind == FreshetSqlParserImplConstants.QUOTE
                || token.kind == FreshetSqlParserImplConstants.DOUBLE_QUOTE) {
            // The lexer found no closing quote, so the quote became a token of its own.
            String rest = sql.substring(SourceText.charIndex(sql, token.beginLine, token.beginColumn));
            String what = token.kind == FreshetSqlParserImplConstants.QUOTE
                    ? "unterminated quoted string"
                    : "unterminated quoted identifier";
            return new FreshetParseException(FreshetParseException.SYNTAX_ERROR,
                    what + " at or near \"" + rest + "\"", position, cause);
        }
        return new FreshetParseException(FreshetParseException.SYNTAX_ERROR,
                "syntax error at or near \"" + token.image + "\"", position, cause);
    }

    private static FreshetParseException fromLexicalError(String sql, TokenMgrError error) {
        Matcher matcher = LEXICAL_ERROR.matcher(error.getMessage());
        if (!matcher.matches()) {
            return new FreshetParseException(FreshetParseException.SYNTAX_ERROR, error.getMessage(), 0, error);
        }
        int line = Integer.parseInt(matcher.group(1));
        int column = Integer.parseInt(matcher.group(2));
        boolean atEnd = matcher.group(3) != null;
        String encountered = unescape(matcher.group(4) == null ? "" : matcher.group(4));
        String after = unescape(matcher.group(5));
        if (after.isEmpty()) {
            if (atEnd) {
                return new FreshetParseException(FreshetParseException.SYNTAX_ERROR, "syntax error at end of input",
                        endPosition(sql), error);
            }
            return new FreshetParseException(FreshetParseException.SYNTAX_ERROR,
                    "syntax error at or near \"" + encountered + "\"", position(sql, line, column), error);
        }
        // The lexer read "after" and then failed: the start of "after" is where the bad token begins.
        int end = atEnd ? sql.length() : SourceText.charIndex(sql, line, column);
        int start = Math.max(0, end - after.length());
        if (!sql.startsWith(after, start)) {
            start = Math.max(0, sql.lastIndexOf(after, end));
        }
        String what;
        if (after.startsWith("/*")) {
            what = "unterminated /* comment";
        } else if (after.startsWith("\"") || after.startsWith("U&\"") || after.startsWith("u&\"")) {
            what = "unterminated quoted identifier";
        } else if (after.contains("'")) {
            what = "unterminated quoted string";
        } else {
            what = "syntax error";
        }
        return new FreshetParseException(FreshetParseException.SYNTAX_ERROR,
                what + " at or near \"" + after + "\"", SourceText.position(sql, start), error);
    }

    /** The token read so far that starts at (line, column), or null. */
    private static Token tokenAt(Token firstToken, int line, int column) {
        for (Token token = firstToken; token != null; token = token.next) {
            if (token.beginLine == line && token.beginColumn == column && token.kind != 0) {
                return token;
            }
        }
        return null;
    }

    private static int position(String sql, int line, int column) {
        if (line <= 0 || column <= 0) {
            return 0;
        }
        return SourceText.position(sql, SourceText.charIndex(sql, line, column));
    }

    private static int endPosition(String sql) {
        return SourceText.position(sql, sql.length());
    }

    /** Reverses JavaCC's TokenMgrError.addEscapes. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'b' -> out.append('\b');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'f' -> out.append('\f');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    if (i + 4 < text.length()) {
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        out.append("\\u");
                    }
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
