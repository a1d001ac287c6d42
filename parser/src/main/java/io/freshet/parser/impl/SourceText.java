package io.freshet.parser.impl;

/**
 * Maps the parser's (line, column) positions back to offsets in the SQL text.
 *
 * <p>The lexer counts as JavaCC does with the tab size of 1 that
 * {@code SqlParser} sets: every UTF-16 char is one column (a tab too), and
 * {@code \n}, {@code \r} and {@code \r\n} each end a line.
 */
public final class SourceText {
    private SourceText() {}

    /** The 0-based char index of a 1-based (line, column) position, clamped to the text's length. */
    public static int charIndex(String sql, int line, int column) {
        int currentLine = 1;
        int index = 0;
        while (currentLine < line && index < sql.length()) {
            char c = sql.charAt(index++);
            if (c == '\n') {
                currentLine++;
            } else if (c == '\r') {
                if (index < sql.length() && sql.charAt(index) == '\n') {
                    index++;
                }
                currentLine++;
            }
        }
        return Math.max(0, Math.min(index + column - 1, sql.length()));
    }

    /**
     * The 1-based character position, counted in Unicode code points as
     * Postgres counts characters, of a 0-based char index.
     */
    public static int position(String sql, int charIndex) {
        return sql.codePointCount(0, Math.min(charIndex, sql.length())) + 1;
    }

    /** The text from the start of {@code first} to the end of {@code last}, both tokens included. */
    static String slice(String sql, Token first, Token last) {
        int begin = charIndex(sql, first.beginLine, first.beginColumn);
        int end = charIndex(sql, last.endLine, last.endColumn) + 1;
        return sql.substring(begin, Math.min(Math.max(begin, end), sql.length()));
    }
}
