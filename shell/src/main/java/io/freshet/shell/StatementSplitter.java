package io.freshet.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts input lines into SQL statements and meta-commands, the way psql does.
 *
 * <p>A statement ends at a semicolon outside single-quoted strings (with {@code ''}, and backslash
 * escapes in {@code E'…'} strings), double-quoted identifiers, dollar-quoted strings, {@code --}
 * comments and nested {@code /* *}{@code /} comments; it may span lines, and a line may hold several.
 * A line whose first non-blank character is a backslash, outside any quote or comment, is a
 * meta-command; a partly typed statement stays pending across it. Whitespace and comments before a
 * statement are dropped, so error positions count from the statement's first token.
 *
 * <p>Not thread-safe: one reader feeds it, line by line, in input order.
 */
final class StatementSplitter {
    /** What the splitter cuts out of the input. */
    sealed interface Command permits Sql, Meta {
    }

    /**
     * One SQL statement. {@code text} is what is sent to the server: no terminating semicolon, no
     * trailing blanks. {@code source} is {@code text} as typed, up to and including the semicolon.
     */
    record Sql(String text, String source) implements Command {
    }

    /** A meta-command line without its backslash, e.g. {@code "timing on"} for {@code \timing on}. */
    record Meta(String line) implements Command {
    }

    /** Why input is incomplete, which the continuation prompt shows (psql's {@code %R}). */
    enum Continuation {
        /** Nothing pending: the next line starts a new statement. */
        NONE("="),
        STATEMENT("-"),
        SINGLE_QUOTE("'"),
        DOUBLE_QUOTE("\""),
        DOLLAR_QUOTE("$"),
        BLOCK_COMMENT("*"),
        PARENTHESIS("(");

        private final String promptMark;

        Continuation(String promptMark) {
            this.promptMark = promptMark;
        }

        String promptMark() {
            return promptMark;
        }
    }

    private enum State { CODE, SINGLE_QUOTE, DOUBLE_QUOTE, DOLLAR_QUOTE, BLOCK_COMMENT }

    private final StringBuilder pending = new StringBuilder();
    /** Where the statement's first token starts in {@code pending}, or -1 while there is none. */
    private int statementStart = -1;
    private State state = State.CODE;
    private boolean escapeString;
    private String dollarTag;
    private int commentDepth;
    private int parenthesisDepth;

    /** Feeds one line (without its line terminator) and returns the commands it completed. */
    List<Command> addLine(String line) {
        List<Command> commands = new ArrayList<>();
        if (state == State.CODE && line.strip().startsWith("\\")) {
            commands.add(new Meta(line.strip().substring(1)));
            return commands;
        }
        int i = 0;
        while (i < line.length()) {
            i = scan(line, i, commands);
        }
        pending.append('\n');
        return commands;
    }

    /** Ends the input: the unterminated statement, if any, as psql sends it at end of file. */
    Optional<Sql> finish() {
        Optional<Sql> last = Optional.empty();
        if (statementStart >= 0) {
            String source = pending.substring(statementStart).stripTrailing();
            last = Optional.of(new Sql(source, source));
        }
        reset();
        return last;
    }

    /** Drops whatever is pending (Ctrl-C at the prompt). */
    void reset() {
        pending.setLength(0);
        statementStart = -1;
        state = State.CODE;
        escapeString = false;
        dollarTag = null;
        commentDepth = 0;
        parenthesisDepth = 0;
    }

    Continuation continuation() {
        switch (state) {
            case SINGLE_QUOTE:
                return Continuation.SINGLE_QUOTE;
            case DOUBLE_QUOTE:
                return Continuation.DOUBLE_QUOTE;
            case DOLLAR_QUOTE:
                return Continuation.DOLLAR_QUOTE;
            case BLOCK_COMMENT:
                return Continuation.BLOCK_COMMENT;
            case CODE:
                if (statementStart < 0) {
                    return Continuation.NONE;
                }
                return parenthesisDepth > 0 ? Continuation.PARENTHESIS : Continuation.STATEMENT;
        }
        throw new AssertionError(state);
    }

    StatementSplitter copy() {
        StatementSplitter copy = new StatementSplitter();
        copy.pending.append(pending);
        copy.statementStart = statementStart;
        copy.state = state;
        copy.escapeString = escapeString;
        copy.dollarTag = dollarTag;
        copy.commentDepth = commentDepth;
        copy.parenthesisDepth = parenthesisDepth;
        return copy;
    }

    /** Consumes input from {@code i} on and returns where to continue. */
    private int scan(String line, int i, List<Command> commands) {
        switch (state) {
            case CODE:
                return scanCode(line, i, commands);
            case SINGLE_QUOTE:
                return scanSingleQuoted(line, i);
            case DOUBLE_QUOTE:
                return scanDoubleQuoted(line, i);
            case DOLLAR_QUOTE:
                return scanDollarQuoted(line, i);
            case BLOCK_COMMENT:
                return scanBlockComment(line, i);
        }
        throw new AssertionError(state);
    }

    private int scanCode(String line, int i, List<Command> commands) {
        char c = line.charAt(i);
        if (c == '-' && line.startsWith("--", i)) {
            pending.append(line, i, line.length());
            return line.length();
        }
        if (c == '/' && line.startsWith("/*", i)) {
            state = State.BLOCK_COMMENT;
            commentDepth = 1;
            pending.append("/*");
            return i + 2;
        }
        if (c == ';') {
            if (statementStart >= 0) {
                String text = pending.substring(statementStart).stripTrailing();
                commands.add(new Sql(text, pending.substring(statementStart) + ";"));
            }
            reset();
            return i + 1;
        }
        if (Character.isWhitespace(c)) {
            pending.append(c);
            return i + 1;
        }
        if (statementStart < 0) {
            statementStart = pending.length();
        }
        pending.append(c);
        switch (c) {
            case '\'':
                state = State.SINGLE_QUOTE;
                escapeString = i > 0 && (line.charAt(i - 1) == 'E' || line.charAt(i - 1) == 'e')
                        && (i == 1 || !isIdentifierPart(line.charAt(i - 2)));
                break;
            case '"':
                state = State.DOUBLE_QUOTE;
                break;
            case '(':
                parenthesisDepth++;
                break;
            case ')':
                parenthesisDepth = Math.max(0, parenthesisDepth - 1);
                break;
            case '$':
                return startDollarQuote(line, i);
            default:
                break;
        }
        return i + 1;
    }

    /** At a {@code $} already appended: opens a dollar quote if a tag like {@code $$} or {@code $x$} starts here. */
    private int startDollarQuote(String line, int i) {
        if (i > 0 && isIdentifierPart(line.charAt(i - 1))) {
            return i + 1;
        }
        int end = i + 1;
        while (end < line.length() && isIdentifierPart(line.charAt(end)) && line.charAt(end) != '$') {
            end++;
        }
        boolean validTag = end < line.length() && line.charAt(end) == '$'
                && (end == i + 1 || !Character.isDigit(line.charAt(i + 1)));
        if (!validTag) {
            return i + 1;
        }
        dollarTag = line.substring(i, end + 1);
        state = State.DOLLAR_QUOTE;
        pending.append(line, i + 1, end + 1);
        return end + 1;
    }

    private int scanSingleQuoted(String line, int i) {
        char c = line.charAt(i);
        pending.append(c);
        if (c == '\\' && escapeString && i + 1 < line.length()) {
            pending.append(line.charAt(i + 1));
            return i + 2;
        }
        if (c == '\'') {
            if (i + 1 < line.length() && line.charAt(i + 1) == '\'') {
                pending.append('\'');
                return i + 2;
            }
            state = State.CODE;
        }
        return i + 1;
    }

    private int scanDoubleQuoted(String line, int i) {
        char c = line.charAt(i);
        pending.append(c);
        if (c == '"') {
            if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                pending.append('"');
                return i + 2;
            }
            state = State.CODE;
        }
        return i + 1;
    }

    private int scanDollarQuoted(String line, int i) {
        if (line.startsWith(dollarTag, i)) {
            pending.append(dollarTag);
            state = State.CODE;
            int next = i + dollarTag.length();
            dollarTag = null;
            return next;
        }
        pending.append(line.charAt(i));
        return i + 1;
    }

    private int scanBlockComment(String line, int i) {
        if (line.startsWith("*/", i)) {
            pending.append("*/");
            commentDepth--;
            if (commentDepth == 0) {
                state = State.CODE;
            }
            return i + 2;
        }
        if (line.startsWith("/*", i)) {
            pending.append("/*");
            commentDepth++;
            return i + 2;
        }
        pending.append(line.charAt(i));
        return i + 1;
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
