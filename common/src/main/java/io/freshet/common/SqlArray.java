package io.freshet.common;

import java.time.ZoneId;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * One-dimensional SQL arrays (lower bound 1). The Java value of an ARRAY is an immutable
 * {@link List} of element Java values in which {@code null} is a NULL element; {@link #of} makes
 * one. Text format and ordering follow Postgres's {@code array_out}, {@code array_in} and
 * {@code btarraycmp}.
 */
public final class SqlArray {
    private SqlArray() {
    }

    /** An immutable copy of {@code values} (returned as is when it already is one). */
    public static List<Object> of(List<?> values) {
        if (values instanceof Immutable) {
            return (Immutable) values;
        }
        return new Immutable(values.toArray());
    }

    /** An immutable array holding {@code values} (the array is copied). */
    public static List<Object> of(Object... values) {
        return new Immutable(values.clone());
    }

    private static final class Immutable extends AbstractList<Object> implements RandomAccess {
        private final Object[] values;

        Immutable(Object[] values) {
            this.values = values;
        }

        @Override
        public Object get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    /** Postgres's array output: {@code {1,2,NULL}}, elements quoted when needed. */
    public static String format(DataType type, List<?> array, ZoneId zone) {
        DataType element = type.element();
        StringBuilder out = new StringBuilder().append('{');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object value = array.get(i);
            if (value == null) {
                out.append("NULL");
                continue;
            }
            String text = TextFormat.format(element, value, zone);
            if (needsQuotes(text)) {
                out.append('"');
                for (int j = 0; j < text.length(); j++) {
                    char c = text.charAt(j);
                    if (c == '"' || c == '\\') {
                        out.append('\\');
                    }
                    out.append(c);
                }
                out.append('"');
            } else {
                out.append(text);
            }
        }
        return out.append('}').toString();
    }

    private static boolean needsQuotes(String text) {
        if (text.isEmpty() || text.equalsIgnoreCase("NULL")) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '{' || c == '}' || c == ',' || isSpace(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }

    /** Postgres's array input for a one-dimensional array: {@code {1, 2, NULL}}, {@code {"a b",c}}, {@code {}}. */
    public static List<Object> parse(DataType type, String text, ZoneId zone) {
        DataType element = type.element();
        String s = text.trim();
        if (s.isEmpty() || s.charAt(0) != '{') {
            throw malformed(text, "Array value must start with \"{\" or dimension information.");
        }
        if (s.length() < 2 || s.charAt(s.length() - 1) != '}') {
            throw malformed(text, "Unexpected end of input.");
        }
        List<Object> values = new ArrayList<>();
        int end = s.length() - 1;
        int i = 1;
        while (i < end && isSpace(s.charAt(i))) {
            i++;
        }
        if (i == end) {
            return of(values);
        }
        while (true) {
            while (i < end && isSpace(s.charAt(i))) {
                i++;
            }
            StringBuilder item = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            int lastSignificant = 0; // length of item up to the last character that is not trailing space
            while (i < end) {
                char c = s.charAt(i);
                if (c == '"') {
                    quoted = true;
                    any = true;
                    i++;
                    boolean closed = false;
                    while (i < end) {
                        char q = s.charAt(i++);
                        if (q == '\\' && i < end) {
                            item.append(s.charAt(i++));
                        } else if (q == '"') {
                            closed = true;
                            break;
                        } else {
                            item.append(q);
                        }
                    }
                    if (!closed) {
                        throw malformed(text, "Unexpected end of input.");
                    }
                    lastSignificant = item.length();
                } else if (c == '\\') {
                    if (i + 1 >= end) {
                        throw malformed(text, "Unexpected end of input.");
                    }
                    item.append(s.charAt(i + 1));
                    i += 2;
                    any = true;
                    lastSignificant = item.length();
                } else if (c == ',') {
                    break;
                } else if (c == '{' || c == '}') {
                    throw malformed(text, "Unexpected \"" + c + "\" character.");
                } else {
                    item.append(c);
                    i++;
                    if (!isSpace(c)) {
                        any = true;
                        lastSignificant = item.length();
                    }
                }
            }
            if (!any) {
                throw malformed(text, "Unexpected \"" + (i < end ? "," : "}") + "\" character.");
            }
            String raw = item.substring(0, lastSignificant);
            if (!quoted && raw.equalsIgnoreCase("NULL")) {
                values.add(null);
            } else {
                values.add(TextFormat.parse(element, raw, zone));
            }
            if (i >= end) {
                break;
            }
            i++; // the comma
        }
        return of(values);
    }

    private static FreshetException malformed(String text, String detail) {
        return new FreshetException(SqlState.INVALID_TEXT_REPRESENTATION,
                "malformed array literal: \"" + text + "\"" + " (" + detail + ")");
    }

    /** Postgres's array order: element by element (a NULL element sorts after any value), then the shorter first. */
    public static int compare(DataType type, List<?> a, List<?> b) {
        DataType element = type.element();
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c;
            if (x == null || y == null) {
                c = x == null ? (y == null ? 0 : 1) : -1;
            } else {
                c = Values.compare(element, x, y);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
