package io.freshet.planner;

import java.util.ArrayList;
import java.util.List;

/**
 * Postgres numbers parameters {@code $1, $2, …}; Calcite's parser knows only positional {@code ?}.
 * {@link #rewrite} turns each {@code $n} outside strings, quoted identifiers and comments into a
 * {@code ?} padded with spaces to the same length (so error positions still point into the client's
 * text), and remembers which {@code $n} each {@code ?} stands for.
 */
public record PgParameters(String sql, int[] parameterOfOccurrence, int parameterCount) {
    public static PgParameters rewrite(String text) {
        StringBuilder out = new StringBuilder(text.length());
        List<Integer> occurrences = new ArrayList<>();
        int max = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = skipQuoted(text, i, c);
                out.append(text, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(text, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(text, i, end);
                i = end;
            } else if (c == '$' && i + 1 < n && Character.isDigit(text.charAt(i + 1))
                    && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)) && text.charAt(i - 1) != '_')) {
                int end = i + 1;
                while (end < n && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                int number = Integer.parseInt(text.substring(i + 1, end));
                occurrences.add(number - 1);
                max = Math.max(max, number);
                out.append('?');
                out.append(" ".repeat(end - i - 1));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        int[] map = occurrences.stream().mapToInt(Integer::intValue).toArray();
        return new PgParameters(out.toString(), map, max);
    }

    private static int skipQuoted(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (c == '\\' && quote == '\'' && start > 0 && (text.charAt(start - 1) == 'E' || text.charAt(start - 1) == 'e')) {
                i += 2;
                continue;
            }
            i++;
        }
        return text.length();
    }
}
