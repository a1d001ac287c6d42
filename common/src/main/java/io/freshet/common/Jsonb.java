package io.freshet.common;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Postgres's jsonb values. A jsonb value is held as its normalized text (the Java value of
 * {@link TypeKind#JSONB}): object keys sorted as Postgres sorts them (shorter keys first, then by
 * UTF-8 bytes), the last of duplicate keys kept, numbers as numeric prints them, and Postgres's
 * spacing ({@code {"a": 1, "b": [1, 2]}}). Equal jsonb values therefore have equal text, which
 * makes the text usable for grouping and keys.
 *
 * <p>Parsed trees use {@link Map} (sorted), {@link List}, {@link String}, {@link BigDecimal},
 * {@link Boolean} and {@link #NULL}.
 */
public final class Jsonb {
    private Jsonb() {
    }

    /** JSON's null (SQL NULL is Java null). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Postgres's order of object keys: by length in bytes, then bytewise. */
    public static final Comparator<String> KEY_ORDER = (a, b) -> {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        return Arrays.compareUnsigned(x, y);
    };

    /** The normalized text of a JSON document; 22P02 if {@code text} is not JSON. */
    public static String normalize(String text) {
        return print(parse(text));
    }

    /** Parses JSON text into a tree. */
    public static Object parse(String text) {
        Parser parser = new Parser(text);
        parser.skipSpace();
        Object value = parser.value();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.error();
        }
        return value;
    }

    /** The normalized text of a tree. */
    public static String print(Object value) {
        StringBuilder out = new StringBuilder();
        print(value, out);
        return out.toString();
    }

    private static void print(Object value, StringBuilder out) {
        if (value == NULL) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof String s) {
            quote(s, out);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                print(list.get(i), out);
            }
            out.append(']');
        } else {
            Map<?, ?> map = (Map<?, ?>) value;
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                quote((String) e.getKey(), out);
                out.append(": ");
                print(e.getValue(), out);
            }
            out.append('}');
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Postgres's jsonb order: object &gt; array &gt; boolean &gt; number &gt; string &gt; null; more
     * pairs or elements sort higher; equal sizes compare pair by pair (key, then value, in key
     * order) or element by element. A top-level scalar is stored as a one-element array that sorts
     * below other one-element arrays (so {@code '[]'} sorts below {@code 'null'}).
     */
    public static int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        Object x = parse(a);
        Object y = parse(b);
        boolean xScalar = !(x instanceof List || x instanceof Map);
        boolean yScalar = !(y instanceof List || y instanceof Map);
        if (xScalar != yScalar && (x instanceof List || y instanceof List)) {
            int xSize = xScalar ? 1 : ((List<?>) x).size();
            int ySize = yScalar ? 1 : ((List<?>) y).size();
            if (xSize != ySize) {
                return xSize > ySize ? 1 : -1;
            }
            return xScalar ? -1 : 1;
        }
        return compareValues(x, y);
    }

    private static int rank(Object v) {
        if (v == NULL) {
            return 0;
        }
        if (v instanceof String) {
            return 1;
        }
        if (v instanceof BigDecimal) {
            return 2;
        }
        if (v instanceof Boolean) {
            return 3;
        }
        return v instanceof List ? 4 : 5;
    }

    private static int compareValues(Object x, Object y) {
        int rx = rank(x);
        int ry = rank(y);
        if (rx != ry) {
            return Integer.compare(rx, ry);
        }
        switch (rx) {
            case 0: return 0;
            case 1: return Values.compareUtf8((String) x, (String) y);
            case 2: return ((BigDecimal) x).compareTo((BigDecimal) y);
            case 3: return Boolean.compare((Boolean) x, (Boolean) y);
            case 4: {
                List<?> a = (List<?>) x;
                List<?> b = (List<?>) y;
                if (a.size() != b.size()) {
                    return Integer.compare(a.size(), b.size());
                }
                for (int i = 0; i < a.size(); i++) {
                    int c = compareValues(a.get(i), b.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            }
            default: {
                Map<?, ?> a = (Map<?, ?>) x;
                Map<?, ?> b = (Map<?, ?>) y;
                if (a.size() != b.size()) {
                    return Integer.compare(a.size(), b.size());
                }
                java.util.Iterator<? extends Map.Entry<?, ?>> i = a.entrySet().iterator();
                java.util.Iterator<? extends Map.Entry<?, ?>> j = b.entrySet().iterator();
                while (i.hasNext()) {
                    Map.Entry<?, ?> e = i.next();
                    Map.Entry<?, ?> f = j.next();
                    int c = Values.compareUtf8((String) e.getKey(), (String) f.getKey());
                    if (c == 0) {
                        c = compareValues(e.getValue(), f.getValue());
                    }
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            }
        }
    }

    /** jsonb_typeof: object, array, string, number, boolean or null. */
    public static String typeOf(Object value) {
        if (value == NULL) {
            return "null";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof BigDecimal) {
            return "number";
        }
        if (value instanceof String) {
            return "string";
        }
        return value instanceof List ? "array" : "object";
    }

    /** {@code ->} by key: the member of an object, else null. */
    public static Object field(Object value, String key) {
        return value instanceof Map<?, ?> map ? map.get(key) : null;
    }

    /** {@code ->} by index: the element of an array (negative counts from the end), else null. */
    public static Object element(Object value, long index) {
        if (!(value instanceof List<?> list)) {
            return null;
        }
        long i = index < 0 ? list.size() + index : index;
        return i >= 0 && i < list.size() ? list.get((int) i) : null;
    }

    /** {@code #>}: follows a path of keys and array indexes; null where it leads nowhere. */
    public static Object path(Object value, List<String> path) {
        Object current = value;
        for (String step : path) {
            if (current == null || step == null) {
                return null;
            }
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?>) {
                long index;
                try {
                    index = Long.parseLong(step.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
                current = element(current, index);
            } else {
                return null;
            }
        }
        return current;
    }

    /** {@code ->>}: a string's contents, other values' text; SQL NULL for JSON null. */
    public static String asText(Object value) {
        if (value == null || value == NULL) {
            return null;
        }
        return value instanceof String s ? s : print(value);
    }

    /** jsonb_array_length: 22023 for objects and scalars. */
    public static long arrayLength(Object value) {
        if (value instanceof List<?> list) {
            return list.size();
        }
        throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, value instanceof Map
                ? "cannot get array length of a non-array" : "cannot get array length of a scalar");
    }

    /** A text[] literal such as {@code {a,b,"c d"}} as its elements (NULL elements are null). */
    public static List<String> parseTextArray(String text) {
        String t = text.trim();
        if (t.length() < 2 || t.charAt(0) != '{' || t.charAt(t.length() - 1) != '}') {
            throw new FreshetException(SqlState.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + text + "\"");
        }
        List<String> out = new ArrayList<>();
        String body = t.substring(1, t.length() - 1);
        int i = 0;
        if (body.isBlank()) {
            return out;
        }
        while (i <= body.length()) {
            while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
                i++;
            }
            StringBuilder element = new StringBuilder();
            boolean quoted = i < body.length() && body.charAt(i) == '"';
            if (quoted) {
                i++;
                while (i < body.length() && body.charAt(i) != '"') {
                    char c = body.charAt(i++);
                    if (c == '\\' && i < body.length()) {
                        c = body.charAt(i++);
                    }
                    element.append(c);
                }
                i++;
                while (i < body.length() && body.charAt(i) != ',') {
                    i++;
                }
            } else {
                while (i < body.length() && body.charAt(i) != ',') {
                    char c = body.charAt(i++);
                    if (c == '\\' && i < body.length()) {
                        c = body.charAt(i++);
                    }
                    element.append(c);
                }
            }
            String value = quoted ? element.toString() : element.toString().strip();
            out.add(!quoted && value.equalsIgnoreCase("NULL") ? null : value);
            i++; // the comma
        }
        return out;
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        FreshetException error() {
            return new FreshetException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json");
        }

        void skipSpace() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t'
                    || text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
                pos++;
            }
        }

        Object value() {
            if (pos >= text.length()) {
                throw error();
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{': {
                    pos++;
                    Map<String, Object> map = new TreeMap<>(KEY_ORDER);
                    skipSpace();
                    if (peek() == '}') {
                        pos++;
                        return map;
                    }
                    while (true) {
                        skipSpace();
                        if (peek() != '"') {
                            throw error();
                        }
                        String key = string();
                        skipSpace();
                        expect(':');
                        skipSpace();
                        map.put(key, value());
                        skipSpace();
                        char next = peek();
                        pos++;
                        if (next == '}') {
                            return map;
                        }
                        if (next != ',') {
                            throw error();
                        }
                    }
                }
                case '[': {
                    pos++;
                    List<Object> list = new ArrayList<>();
                    skipSpace();
                    if (peek() == ']') {
                        pos++;
                        return list;
                    }
                    while (true) {
                        skipSpace();
                        list.add(value());
                        skipSpace();
                        char next = peek();
                        pos++;
                        if (next == ']') {
                            return list;
                        }
                        if (next != ',') {
                            throw error();
                        }
                    }
                }
                case '"':
                    return string();
                default:
                    if (text.startsWith("true", pos)) {
                        pos += 4;
                        return Boolean.TRUE;
                    }
                    if (text.startsWith("false", pos)) {
                        pos += 5;
                        return Boolean.FALSE;
                    }
                    if (text.startsWith("null", pos)) {
                        pos += 4;
                        return NULL;
                    }
                    return number();
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error();
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error();
            }
            pos++;
        }

        private BigDecimal number() {
            int start = pos;
            if (pos < text.length() && text.charAt(pos) == '-') {
                pos++;
            }
            int digits = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == digits || text.charAt(digits) == '0' && pos - digits > 1) {
                throw error();
            }
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                int fraction = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                if (pos == fraction) {
                    throw error();
                }
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                int exponent = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                if (pos == exponent) {
                    throw error();
                }
            }
            BigDecimal d = new BigDecimal(text.substring(start, pos));
            if (d.scale() < 0) {
                d = d.setScale(0);
            }
            return d.signum() == 0 && d.scale() == 0 ? BigDecimal.ZERO : d;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error();
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = peek();
                pos++;
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error();
                        }
                        int code;
                        try {
                            code = Integer.parseInt(text.substring(pos, pos + 4), 16);
                        } catch (NumberFormatException ex) {
                            throw error();
                        }
                        if (code == 0) {
                            throw new FreshetException(SqlState.INVALID_TEXT_REPRESENTATION,
                                    "unsupported Unicode escape sequence");
                        }
                        pos += 4;
                        out.append((char) code);
                    }
                    default -> throw error();
                }
            }
        }
    }
}
