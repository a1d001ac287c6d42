package io.freshet.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The text form of chunks used by operator tests:
 *
 * <pre>
 * +  1 alice 10.50
 * -  2 bob   NULL
 * U- 3 carol 1
 * U+ 3 carol 2
 * </pre>
 *
 * <p>Format: one row per non-blank line; tokens are separated by whitespace. In a stream chunk the
 * first token is the op ({@code +}, {@code -}, {@code U-}, {@code U+}, see {@link Op#text()}); then
 * comes one token per column. The unquoted word {@code NULL} is SQL NULL. A token may be enclosed in
 * single quotes to hold whitespace, to be empty, or to be the string {@code 'NULL'}; inside quotes
 * {@code ''} stands for one quote; no value may hold a line break. Values are read with {@link TextFormat#parse(DataType, String)}
 * and written with {@link TextFormat#format(DataType, Object)}, both in UTC, so a DECIMAL keeps the
 * scale it was written with ({@code 10.5} and {@code 10.50} are different texts).
 *
 * <p>{@link #format} writes only visible rows, in order, with columns aligned; it quotes a value
 * when reading it back would otherwise fail (whitespace, empty, {@code NULL}, a leading quote), so
 * {@code parse(types, format(chunk))} rebuilds the visible rows. {@link #lines} and
 * {@link #sortedLines} give a canonical single-spaced form for comparing chunks as sequences or as
 * multisets of (op, row).
 *
 * <p>A test helper: malformed text is a programmer error and throws
 * {@link IllegalArgumentException} naming the line.
 */
public final class ChunkText {
    private static final String NULL = "NULL";

    private ChunkText() {
    }

    /** Parses a stream chunk: an op and one value per column on each non-blank line. */
    public static StreamChunk parse(List<DataType> types, String text) {
        List<Op> ops = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        readLines(types, text, true, ops, rows);
        return StreamChunk.ofRows(types, ops, rows);
    }

    /** Parses a chunk without ops: one value per column on each non-blank line. */
    public static Chunk parseRows(List<DataType> types, String text) {
        List<Object[]> rows = new ArrayList<>();
        readLines(types, text, false, new ArrayList<>(), rows);
        return Chunk.ofRows(types, rows);
    }

    /** The visible rows of a stream chunk, one line each, columns aligned; ends with a newline. */
    public static String format(StreamChunk chunk) {
        return align(tokens(chunk, true));
    }

    /** The visible rows of a chunk without ops, one line each, columns aligned. */
    public static String formatRows(Chunk chunk) {
        return align(tokens(chunk, false));
    }

    /** The visible rows in order, each as one single-spaced line: compare as a sequence. */
    public static List<String> lines(StreamChunk chunk) {
        List<String> lines = new ArrayList<>();
        for (List<String> row : tokens(chunk, true)) {
            lines.add(String.join(" ", row));
        }
        return lines;
    }

    /** {@link #lines} sorted: compare two chunks as multisets of (op, row). */
    public static List<String> sortedLines(StreamChunk chunk) {
        List<String> lines = lines(chunk);
        Collections.sort(lines);
        return lines;
    }

    private static void readLines(List<DataType> types, String text, boolean withOps, List<Op> ops, List<Object[]> rows) {
        String[] lines = text.split("\\R", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.isBlank()) {
                continue;
            }
            try {
                List<Token> tokens = tokenize(line);
                int first = withOps ? 1 : 0;
                if (tokens.size() != types.size() + first) {
                    throw new IllegalArgumentException("expected " + (withOps ? "an op and " : "") + types.size()
                            + " values, found " + tokens.size() + " tokens");
                }
                if (withOps) {
                    Token op = tokens.get(0);
                    if (op.quoted()) {
                        throw new IllegalArgumentException("the op must not be quoted");
                    }
                    ops.add(Op.fromText(op.text()));
                }
                Object[] row = new Object[types.size()];
                for (int c = 0; c < row.length; c++) {
                    Token token = tokens.get(first + c);
                    boolean isNull = !token.quoted() && token.text().equals(NULL);
                    row[c] = isNull ? null : TextFormat.parse(types.get(c), token.text());
                }
                rows.add(row);
            } catch (IllegalArgumentException | FreshetException e) {
                throw new IllegalArgumentException("line " + (n + 1) + " \"" + line.strip() + "\": " + e.getMessage(), e);
            }
        }
    }

    private record Token(String text, boolean quoted) {
    }

    private static List<Token> tokenize(String line) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            if (Character.isWhitespace(line.charAt(i))) {
                i++;
                continue;
            }
            StringBuilder text = new StringBuilder();
            if (line.charAt(i) != '\'') {
                while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                    text.append(line.charAt(i++));
                }
                tokens.add(new Token(text.toString(), false));
                continue;
            }
            i++; // opening quote
            while (true) {
                if (i >= line.length()) {
                    throw new IllegalArgumentException("unterminated quoted value");
                }
                char c = line.charAt(i++);
                if (c != '\'') {
                    text.append(c);
                } else if (i < line.length() && line.charAt(i) == '\'') {
                    text.append('\'');
                    i++;
                } else {
                    break;
                }
            }
            if (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
                throw new IllegalArgumentException("whitespace expected after the quoted value '" + text + "'");
            }
            tokens.add(new Token(text.toString(), true));
        }
        return tokens;
    }

    /** The tokens of each visible row: the op (when asked for) then each value, quoted as needed. */
    private static List<List<String>> tokens(Chunk chunk, boolean withOps) {
        List<List<String>> rows = new ArrayList<>();
        for (int row : chunk.visiblePositions()) {
            List<String> tokens = new ArrayList<>(chunk.columnCount() + 1);
            if (withOps) {
                tokens.add(((StreamChunk) chunk).op(row).text());
            }
            for (Column column : chunk.columns()) {
                Object value = column.get(row);
                tokens.add(value == null ? NULL : quoteIfNeeded(TextFormat.format(column.type(), value)));
            }
            rows.add(tokens);
        }
        return rows;
    }

    private static String quoteIfNeeded(String text) {
        boolean plain = !text.isEmpty() && !text.equals(NULL) && text.charAt(0) != '\''
                && text.chars().noneMatch(Character::isWhitespace);
        return plain ? text : "'" + text.replace("'", "''") + "'";
    }

    private static String align(List<List<String>> rows) {
        List<Integer> widths = new ArrayList<>();
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                int width = row.get(c).length();
                if (c == widths.size()) {
                    widths.add(width);
                } else {
                    widths.set(c, Math.max(widths.get(c), width));
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) {
                    line.append(' ');
                }
                line.append(row.get(c)).append(" ".repeat(widths.get(c) - row.get(c).length()));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
