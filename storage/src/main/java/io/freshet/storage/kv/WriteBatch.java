package io.freshet.storage.kv;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * An ordered list of puts and deletes that {@link KvStore#write} applies atomically.
 *
 * <p>Every operation is checked when it is added, so a batch holds only operations that can be
 * applied; a rejected operation throws and leaves the batch as it was. Keys and values are copied
 * on the way in: the caller may reuse its arrays. A batch is not thread-safe; it can be written
 * any number of times, and {@link #clear} makes it reusable for the next one.
 */
public final class WriteBatch {
    /**
     * Receives a batch's operations in order. The arrays are the batch's own: a visitor may keep
     * references to them (they are never modified) but must not modify them. In
     * {@link #deleteRange}, {@code fromInclusive} is never null and a null {@code toExclusive}
     * means up to and including the largest key.
     *
     * @param <E> the checked exception the visitor may throw, {@link RuntimeException} for none
     */
    public interface Visitor<E extends Exception> {
        void put(byte[] key, byte[] value) throws E;

        void delete(byte[] key) throws E;

        void deleteRange(byte[] fromInclusive, byte[] toExclusive) throws E;
    }

    private static final byte PUT = 1;
    private static final byte DELETE = 2;
    private static final byte DELETE_RANGE = 3;
    /** Roughly what a store spends per operation beyond its bytes: a type tag and two lengths. */
    private static final int OPERATION_OVERHEAD_BYTES = 8;
    private static final int INITIAL_CAPACITY = 8;
    private static final byte[] EMPTY_KEY = new byte[0];

    // One slot per operation: PUT (key, value), DELETE (key, null), DELETE_RANGE (from, to or null).
    private byte[] kinds = new byte[INITIAL_CAPACITY];
    private byte[][] firsts = new byte[INITIAL_CAPACITY][];
    private byte[][] seconds = new byte[INITIAL_CAPACITY][];
    private int count;
    private long approximateBytes;

    /** Sets {@code key} to {@code value}. */
    public WriteBatch put(byte[] key, byte[] value) {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        add(PUT, key.clone(), value.clone());
        return this;
    }

    /** Removes {@code key}; removing an absent key is not an error. */
    public WriteBatch delete(byte[] key) {
        requireNonNull(key, "key is null");
        add(DELETE, key.clone(), null);
        return this;
    }

    /**
     * Removes every key in {@code [fromInclusive, toExclusive)}; a null bound is unbounded, as in
     * {@link KvStore#scan}, so {@code deleteRange(prefix, KeyRanges.prefixEnd(prefix))} removes a
     * prefix. Equal bounds are an empty range.
     *
     * <p>Meant for large ranges (a dropped table, an expired window): RocksDB records one range
     * tombstone whatever the range's size, but until a flush, reads re-examine the overlapping
     * tombstones in memory, so thousands of overlapping ones slow every read. For a few known
     * keys, {@link #delete} each.
     *
     * @throws IllegalArgumentException if {@code fromInclusive} sorts after {@code toExclusive}
     */
    public WriteBatch deleteRange(byte[] fromInclusive, byte[] toExclusive) {
        // The empty key is the smallest key, so an unbounded start is the empty key.
        byte[] from = fromInclusive == null ? EMPTY_KEY : fromInclusive.clone();
        if (toExclusive != null && KeyRanges.compare(from, toExclusive) > 0) {
            throw new IllegalArgumentException("deleteRange bounds are reversed: from "
                    + KeyRanges.toHex(from) + " sorts after to " + KeyRanges.toHex(toExclusive));
        }
        add(DELETE_RANGE, from, toExclusive == null ? null : toExclusive.clone());
        return this;
    }

    public int operationCount() {
        return count;
    }

    /** The bytes of every key and value plus a small per-operation overhead: for sizing batches. */
    public long approximateBytes() {
        return approximateBytes;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Removes every operation, keeping the allocated capacity. */
    public void clear() {
        Arrays.fill(firsts, 0, count, null);
        Arrays.fill(seconds, 0, count, null);
        count = 0;
        approximateBytes = 0;
    }

    /** Passes every operation to {@code visitor}, in the order they were added. */
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
        requireNonNull(visitor, "visitor is null");
        for (int i = 0; i < count; i++) {
            switch (kinds[i]) {
                case PUT -> visitor.put(firsts[i], seconds[i]);
                case DELETE -> visitor.delete(firsts[i]);
                case DELETE_RANGE -> visitor.deleteRange(firsts[i], seconds[i]);
                default -> throw new AssertionError("unknown operation kind " + kinds[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "WriteBatch[" + count + " operations, ~" + approximateBytes + " bytes]";
    }

    private void add(byte kind, byte[] first, byte[] second) {
        if (count == kinds.length) {
            int capacity = Math.multiplyExact(kinds.length, 2);
            kinds = Arrays.copyOf(kinds, capacity);
            firsts = Arrays.copyOf(firsts, capacity);
            seconds = Arrays.copyOf(seconds, capacity);
        }
        kinds[count] = kind;
        firsts[count] = first;
        seconds[count] = second;
        count++;
        approximateBytes += OPERATION_OVERHEAD_BYTES + first.length + (second == null ? 0 : second.length);
    }
}
