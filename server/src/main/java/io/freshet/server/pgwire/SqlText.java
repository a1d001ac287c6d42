package io.freshet.server.pgwire;

/** Small facts about SQL text that the protocol needs before the engine sees it. */
final class SqlText {
    private SqlText() {
    }

    /**
     * Whether the text holds no statement: only whitespace, semicolons and comments ({@code --}
     * to end of line, nested {@code /* *}{@code /}). Parse accepts such text and Execute then
     * answers EmptyQueryResponse, which drivers use as a ping.
     */
    static boolean isEmptyQuery(String sql) {
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? length : newline + 1;
            } else if (sql.startsWith("/*", i)) {
                i = skipBlockComment(sql, i);
                if (i < 0) {
                    return false; // unterminated: the engine reports the syntax error
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /** The index after the block comment starting at {@code start}, or -1 when it never ends. */
    private static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return -1;
    }
}
