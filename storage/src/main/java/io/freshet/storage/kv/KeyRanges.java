package io.freshet.storage.kv;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/** Key order and key-range arithmetic shared by every {@link KvStore}. */
public final class KeyRanges {
    private KeyRanges() {}

    /**
     * Compares keys unsigned-lexicographically: the first differing byte decides, as an unsigned
     * value; a key sorts before every longer key it is a prefix of. This is RocksDB's bytewise order.
     */
    public static int compare(byte[] left, byte[] right) {
        return Arrays.compareUnsigned(left, right);
    }

    /**
     * The smallest key greater than every key that starts with {@code prefix}, for a prefix scan
     * {@code scan(prefix, prefixEnd(prefix))}; {@code null} (unbounded) when no such key exists,
     * that is when the prefix is empty or all {@code 0xFF} bytes.
     */
    public static byte[] prefixEnd(byte[] prefix) {
        requireNonNull(prefix, "prefix is null");
        int last = prefix.length - 1;
        while (last >= 0 && prefix[last] == (byte) 0xFF) {
            last--;
        }
        if (last < 0) {
            return null;
        }
        byte[] end = Arrays.copyOf(prefix, last + 1);
        end[last]++;
        return end;
    }

    /** A key as {@code 0x} and two hex digits per byte, for messages. */
    static String toHex(byte[] key) {
        StringBuilder text = new StringBuilder(2 + 2 * key.length).append("0x");
        for (byte b : key) {
            text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }

    /** Whether the range holds no key at all. */
    static boolean isEmpty(byte[] fromInclusive, byte[] toExclusive) {
        return fromInclusive != null && toExclusive != null && compare(fromInclusive, toExclusive) >= 0;
    }
}
