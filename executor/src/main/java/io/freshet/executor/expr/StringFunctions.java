package io.freshet.executor.expr;

import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Postgres's text functions on non-null arguments. Positions and lengths count characters (code points). */
public final class StringFunctions {
    private StringFunctions() {
    }

    private static int[] chars(String s) {
        return s.codePoints().toArray();
    }

    private static String string(int[] cps, int from, int to) {
        return new String(cps, from, Math.max(0, to - from));
    }

    /** substr(s, start [, count]): 1-based; the window may start before 1; count &lt; 0 is 22011. */
    public static String substr(String s, long start, Long count) {
        int[] cps = chars(s);
        long end;
        if (count == null) {
            end = Long.MAX_VALUE;
        } else {
            if (count < 0) {
                throw new FreshetException(SqlState.SUBSTRING_ERROR, "negative substring length not allowed");
            }
            end = start + count; // exclusive, 1-based
            if (end < start) {
                end = Long.MAX_VALUE;
            }
        }
        long from = Math.max(start, 1);
        long to = Math.min(end, (long) cps.length + 1);
        if (from >= to) {
            return "";
        }
        return string(cps, (int) from - 1, (int) to - 1);
    }

    /** strpos(s, sub): 1-based position of the first occurrence, 0 when absent. */
    public static long strpos(String s, String sub) {
        int index = s.indexOf(sub);
        return index < 0 ? 0 : s.codePointCount(0, index) + 1;
    }

    public static String replace(String s, String from, String to) {
        return from.isEmpty() ? s : s.replace(from, to);
    }

    /** split_part: the n-th field (1-based; negative counts from the end); n = 0 is 22023. */
    public static String splitPart(String s, String delimiter, long n) {
        if (n == 0) {
            throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "field position must not be zero");
        }
        if (s.isEmpty()) {
            return "";
        }
        if (delimiter.isEmpty()) {
            return n == 1 || n == -1 ? s : "";
        }
        java.util.List<String> fields = new java.util.ArrayList<>();
        int at = 0;
        while (true) {
            int next = s.indexOf(delimiter, at);
            if (next < 0) {
                fields.add(s.substring(at));
                break;
            }
            fields.add(s.substring(at, next));
            at = next + delimiter.length();
        }
        long index = n > 0 ? n - 1 : fields.size() + n;
        return index < 0 || index >= fields.size() ? "" : fields.get((int) index);
    }

    /** btrim/ltrim/rtrim: removes the longest prefix and/or suffix made of characters in {@code set}. */
    public static String trim(String s, String set, boolean leading, boolean trailing) {
        int[] cps = chars(s);
        int[] remove = chars(set);
        int from = 0;
        int to = cps.length;
        if (leading) {
            while (from < to && contains(remove, cps[from])) {
                from++;
            }
        }
        if (trailing) {
            while (to > from && contains(remove, cps[to - 1])) {
                to--;
            }
        }
        return string(cps, from, to);
    }

    private static boolean contains(int[] set, int c) {
        for (int x : set) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    /** lpad/rpad: pads with {@code fill} (repeated) or truncates to {@code length} characters. */
    public static String pad(String s, long length, String fill, boolean left) {
        int[] cps = chars(s);
        if (length <= 0) {
            return "";
        }
        if (length > 10_000_000) {
            throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "requested length too large");
        }
        if (cps.length >= length) {
            return string(cps, 0, (int) length);
        }
        int[] fillCps = chars(fill);
        if (fillCps.length == 0) {
            return s;
        }
        StringBuilder padding = new StringBuilder();
        for (int i = 0; i < length - cps.length; i++) {
            padding.appendCodePoint(fillCps[i % fillCps.length]);
        }
        return left ? padding + s : s + padding;
    }

    /** left(s, n): the first n characters, or all but the last -n when n is negative. */
    public static String left(String s, long n) {
        int[] cps = chars(s);
        long count = n >= 0 ? Math.min(n, cps.length) : Math.max(0, cps.length + n);
        return string(cps, 0, (int) count);
    }

    /** right(s, n): the last n characters, or all but the first -n when n is negative. */
    public static String right(String s, long n) {
        int[] cps = chars(s);
        long count = n >= 0 ? Math.min(n, cps.length) : Math.max(0, cps.length + n);
        return string(cps, cps.length - (int) count, cps.length);
    }

    public static String reverse(String s) {
        int[] cps = chars(s);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = cps.length - 1; i >= 0; i--) {
            sb.appendCodePoint(cps[i]);
        }
        return sb.toString();
    }

    public static String repeat(String s, long n) {
        if (n <= 0) {
            return "";
        }
        if ((long) s.length() * n > 100_000_000L) {
            throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "requested length too large");
        }
        return s.repeat((int) n);
    }

    /** initcap: upper-cases the first letter of each run of letters and digits, lower-cases the rest. */
    public static String initcap(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean inWord = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            sb.appendCodePoint(inWord ? Character.toLowerCase(c) : Character.toUpperCase(c));
            inWord = Character.isLetterOrDigit(c);
            i += Character.charCount(c);
        }
        return sb.toString();
    }

    /** upper/lower one character at a time (no 'ß' to "SS"). */
    public static String mapCase(String s, boolean upper) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> sb.appendCodePoint(upper ? Character.toUpperCase(c) : Character.toLowerCase(c)));
        return sb.toString();
    }

    public static String md5(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(32);
            for (byte b : digest) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles a Postgres regular expression with flags ('i' case-insensitive; 'g' is handled by callers). */
    public static Pattern regex(String pattern, String flags) {
        int javaFlags = 0;
        for (char f : flags.toCharArray()) {
            switch (f) {
                case 'i': javaFlags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE; break;
                case 'c':
                case 'g': break;
                default:
                    throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "invalid regular expression option: \"" + f + "\"");
            }
        }
        try {
            return Pattern.compile(pattern, javaFlags);
        } catch (PatternSyntaxException e) {
            throw new FreshetException(SqlState.INVALID_REGULAR_EXPRESSION, "invalid regular expression: " + e.getDescription());
        }
    }

    /** regexp_replace: the first match, or every match with flag 'g'; \1..\9 and \&amp; in the replacement. */
    public static String regexpReplace(String s, String pattern, String replacement, String flags) {
        Matcher m = regex(pattern, flags).matcher(s);
        boolean global = flags.indexOf('g') >= 0;
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start());
            for (int i = 0; i < replacement.length(); i++) {
                char c = replacement.charAt(i);
                if (c == '\\' && i + 1 < replacement.length()) {
                    char n = replacement.charAt(i + 1);
                    if (n >= '1' && n <= '9') {
                        int group = n - '0';
                        if (group <= m.groupCount() && m.group(group) != null) {
                            out.append(m.group(group));
                        }
                        i++;
                        continue;
                    }
                    if (n == '&') {
                        out.append(m.group());
                        i++;
                        continue;
                    }
                    if (n == '\\') {
                        out.append('\\');
                        i++;
                        continue;
                    }
                }
                out.append(c);
            }
            last = m.end();
            if (!global) {
                break;
            }
        }
        out.append(s, Math.min(last, s.length()), s.length());
        return out.toString();
    }

    /** regexp_match: the capture groups of the first match (the whole match when there are none), or null. */
    public static java.util.List<String> regexpMatch(String s, String pattern, String flags) {
        if (flags.indexOf('g') >= 0) {
            throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "regexp_match() does not support the \"global\" option");
        }
        Matcher m = regex(pattern, flags).matcher(s);
        if (!m.find()) {
            return null;
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        if (m.groupCount() == 0) {
            out.add(m.group());
        } else {
            for (int g = 1; g <= m.groupCount(); g++) {
                out.add(m.group(g));
            }
        }
        return out;
    }
}
