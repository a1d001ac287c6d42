package io.freshet.storage.kv;

import java.util.Map;
import java.util.NavigableMap;

/**
 * An immutable copy of a sorted run of entries, held as two parallel arrays: what an in-memory
 * snapshot or scan reads. The key and value arrays are shared with the store, which never modifies
 * an array once stored, so copying costs one reference pair per entry.
 */
final class SortedEntries {
    static final SortedEntries EMPTY = new SortedEntries(new byte[0][], new byte[0][]);

    private final byte[][] keys;
    private final byte[][] values;

    private SortedEntries(byte[][] keys, byte[][] values) {
        this.keys = keys;
        this.values = values;
    }

    /** Copies {@code entries} (sorted by {@link KeyRanges#compare}); the caller keeps it unchanged meanwhile. */
    static SortedEntries copyOf(NavigableMap<byte[], byte[]> entries) {
        byte[][] keys = new byte[entries.size()][];
        byte[][] values = new byte[keys.length][];
        int index = 0;
        for (Map.Entry<byte[], byte[]> entry : entries.entrySet()) {
            keys[index] = entry.getKey();
            values[index] = entry.getValue();
            index++;
        }
        return new SortedEntries(keys, values);
    }

    int size() {
        return keys.length;
    }

    byte[] key(int index) {
        return keys[index];
    }

    byte[] value(int index) {
        return values[index];
    }

    /** The stored (shared) value of {@code key}, or {@code null}. */
    byte[] get(byte[] key) {
        int index = lowerBound(key);
        return index < keys.length && KeyRanges.compare(keys[index], key) == 0 ? values[index] : null;
    }

    /** The index of the first key {@code >= key}, or {@link #size} when there is none. */
    int lowerBound(byte[] key) {
        int low = 0;
        int high = keys.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (KeyRanges.compare(keys[middle], key) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
