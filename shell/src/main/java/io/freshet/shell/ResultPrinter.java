package io.freshet.shell;

import java.util.ArrayList;
import java.util.List;
import org.jline.utils.WCWidth;

/**
 * Formats a result set like psql's default aligned format (border 1): centered header, a
 * {@code ---+---} rule, numbers right-aligned and text left-aligned, NULL as an empty cell, a value
 * with line breaks over several lines with a {@code +} wrap mark, and a {@code (N rows)} footer
 * followed by an empty line. Widths count terminal columns, so wide characters line up.
 */
final class ResultPrinter {
    private ResultPrinter() {
    }

    /** The formatted table, every line ending with a newline. */
    static String format(ResultTable table) {
        List<ResultTable.Column> columns = table.columns();
        StringBuilder out = new StringBuilder();
        if (columns.isEmpty()) {
            out.append("--\n");
            appendFooter(out, table.rows().size());
            return out.toString();
        }
        List<List<List<String>>> cells = new ArrayList<>(table.rows().size());
        int[] widths = new int[columns.size()];
        for (int column = 0; column < columns.size(); column++) {
            widths[column] = displayWidth(columns.get(column).name());
        }
        for (List<String> row : table.rows()) {
            List<List<String>> rowCells = new ArrayList<>(row.size());
            for (int column = 0; column < row.size(); column++) {
                List<String> lines = cellLines(row.get(column));
                for (String line : lines) {
                    widths[column] = Math.max(widths[column], displayWidth(line));
                }
                rowCells.add(lines);
            }
            cells.add(rowCells);
        }
        appendHeader(out, columns, widths);
        for (List<List<String>> rowCells : cells) {
            appendRow(out, columns, widths, rowCells);
        }
        appendFooter(out, table.rows().size());
        return out.toString();
    }

    /** Display width in terminal columns: wide characters count two, combining marks none. */
    static int displayWidth(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            width += Math.max(0, WCWidth.wcwidth(codePoint));
            i += Character.charCount(codePoint);
        }
        return width;
    }

    private static void appendHeader(StringBuilder out, List<ResultTable.Column> columns, int[] widths) {
        out.append(' ');
        for (int column = 0; column < columns.size(); column++) {
            if (column > 0) {
                out.append(" | ");
            }
            String name = columns.get(column).name();
            int space = widths[column] - displayWidth(name);
            pad(out, space / 2).append(name);
            pad(out, space - space / 2);
        }
        out.append(" \n");
        for (int column = 0; column < columns.size(); column++) {
            if (column > 0) {
                out.append('+');
            }
            out.append("-".repeat(widths[column] + 2));
        }
        out.append('\n');
    }

    private static void appendRow(StringBuilder out, List<ResultTable.Column> columns, int[] widths, List<List<String>> rowCells) {
        int height = 1;
        for (List<String> lines : rowCells) {
            height = Math.max(height, lines.size());
        }
        for (int lineIndex = 0; lineIndex < height; lineIndex++) {
            out.append(' ');
            for (int column = 0; column < columns.size(); column++) {
                List<String> lines = rowCells.get(column);
                String text = lineIndex < lines.size() ? lines.get(lineIndex) : "";
                boolean continues = lineIndex < lines.size() - 1;
                boolean last = column == columns.size() - 1;
                int space = widths[column] - displayWidth(text);
                if (columns.get(column).rightAligned()) {
                    pad(out, space).append(text);
                } else {
                    out.append(text);
                    if (!last || continues) {
                        pad(out, space);
                    }
                }
                if (!last) {
                    out.append(continues ? "+| " : " | ");
                } else if (continues) {
                    out.append('+');
                }
            }
            out.append('\n');
        }
    }

    private static void appendFooter(StringBuilder out, int rowCount) {
        out.append(rowCount == 1 ? "(1 row)" : "(" + rowCount + " rows)").append("\n\n");
    }

    /**
     * A value's display lines: split at line breaks, tabs expanded to the next multiple of eight,
     * other control characters shown as {@code \xNN} (as psql shows them). NULL is one empty line.
     */
    private static List<String> cellLines(String value) {
        List<String> lines = new ArrayList<>();
        if (value == null) {
            lines.add("");
            return lines;
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
            } else if (c == '\t') {
                int width = displayWidth(line.toString());
                do {
                    line.append(' ');
                    width++;
                } while (width % 8 != 0);
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c < 0x20 || c == 0x7f) {
                line.append(String.format("\\x%02X", (int) c));
            } else {
                line.append(c);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    private static StringBuilder pad(StringBuilder out, int count) {
        for (int i = 0; i < count; i++) {
            out.append(' ');
        }
        return out;
    }
}
