package io.freshet.storage.kv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Byte-array helpers for the kv tests: building keys, and showing entries readably in failures. */
final class TestBytes {
    private TestBytes() {}

    /** A byte array from unsigned byte values: {@code bytes(0x01, 0xFF)}. */
    static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 0xFF) {
                throw new IllegalArgumentException("not an unsigned byte: " + values[i]);
            }
            result[i] = (byte) values[i];
        }
        return result;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Letters and digits as themselves, anything else as {@code 0x} hex; {@code null} as null. */
    static String describe(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        boolean readable = bytes.length > 0;
        for (byte b : bytes) {
            readable &= Character.isLetterOrDigit(b) || b == '-' || b == '/';
        }
        return readable ? new String(bytes, StandardCharsets.US_ASCII) : KeyRanges.toHex(bytes);
    }

    /** Every remaining entry as {@code key=value}, then closes the iterator. */
    static List<String> drain(KvIterator iterator) {
        try (iterator) {
            List<String> entries = new ArrayList<>();
            while (iterator.next()) {
                entries.add(describe(iterator.key()) + "=" + describe(iterator.value()));
            }
            return entries;
        }
    }

    /**
     * Unsigned lexicographic order written out byte by byte: the model the stores are checked
     * against, deliberately independent of {@link KeyRanges#compare}.
     */
    static int compareUnsigned(byte[] left, byte[] right) {
        int common = Math.min(left.length, right.length);
        for (int i = 0; i < common; i++) {
            int difference = (left[i] & 0xFF) - (right[i] & 0xFF);
            if (difference != 0) {
                return difference;
            }
        }
        return left.length - right.length;
    }
}
