package io.freshet.storage;

import io.freshet.common.ByteWriter;
import io.freshet.common.DataType;
import io.freshet.common.KeyCodec;
import io.freshet.common.RowCodec;
import io.freshet.storage.kv.KeyRanges;
import io.freshet.storage.kv.KvIterator;
import io.freshet.storage.kv.KvSnapshot;
import io.freshet.storage.kv.KvStore;
import io.freshet.storage.kv.WriteBatch;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * A table of rows keyed by a memcomparable key, living in one key range of a {@link KvStore}
 * (prefix: the 4-byte table id).
 *
 * <p>Writes are buffered in memory until {@link #flush(WriteBatch)}, which an operator calls on a
 * barrier: the buffered changes of the epoch move into the epoch's write batch, committed
 * atomically with every other table's changes. Reads ({@link #get}, {@link #scan}) see the committed
 * store overlaid with the buffered writes, so an operator always reads its own writes.
 *
 * <p>Not thread-safe: a state table belongs to one operator instance on one thread. After
 * {@link #flush} and until the batch is committed, reads miss the flushed writes; the runtime
 * commits before it delivers the next message, so an operator never observes the gap.
 */
public final class StateTable {
    private static final byte[] TOMBSTONE = new byte[0];

    private final KvStore store;
    private final int tableId;
    private final byte[] prefix;
    private final KeyCodec keyCodec;
    private final RowCodec rowCodec;
    private final NavigableMap<byte[], byte[]> pending = new TreeMap<>(KeyRanges::compare);
    private final ByteWriter keyWriter = new ByteWriter(64);
    private final ByteWriter valueWriter = new ByteWriter(128);

    public StateTable(KvStore store, int tableId, KeyCodec keyCodec, List<DataType> rowTypes) {
        this.store = java.util.Objects.requireNonNull(store, "store is null");
        this.tableId = tableId;
        this.prefix = tablePrefix(tableId);
        this.keyCodec = java.util.Objects.requireNonNull(keyCodec, "keyCodec is null");
        this.rowCodec = new RowCodec(rowTypes);
    }

    public static byte[] tablePrefix(int tableId) {
        return new byte[] {(byte) (tableId >>> 24), (byte) (tableId >>> 16), (byte) (tableId >>> 8), (byte) tableId};
    }

    public int tableId() {
        return tableId;
    }

    public KeyCodec keyCodec() {
        return keyCodec;
    }

    public RowCodec rowCodec() {
        return rowCodec;
    }

    /** The full store key for an encoded table key. */
    private byte[] storeKey(byte[] key, int length) {
        byte[] full = new byte[prefix.length + length];
        System.arraycopy(prefix, 0, full, 0, prefix.length);
        System.arraycopy(key, 0, full, prefix.length, length);
        return full;
    }

    public byte[] encodeKey(Object[] key) {
        keyWriter.reset();
        for (int i = 0; i < key.length; i++) {
            keyCodec.encodeValue(keyWriter, i, key[i]);
        }
        return storeKey(keyWriter.buffer(), keyWriter.size());
    }

    /** The store key for an already encoded table key (without the table prefix). */
    public byte[] storeKey(byte[] encodedKey) {
        return storeKey(encodedKey, encodedKey.length);
    }

    public Object[] get(Object[] key) {
        byte[] value = getRaw(encodeKey(key));
        return value == null ? null : rowCodec.decode(value);
    }

    /** Value at a full store key (as {@link #encodeKey} or {@link #storeKey} give), or null. */
    public byte[] getRaw(byte[] storeKey) {
        byte[] buffered = pending.get(storeKey);
        if (buffered != null) {
            return buffered == TOMBSTONE ? null : buffered;
        }
        return store.get(storeKey);
    }

    public void put(Object[] key, Object[] row) {
        valueWriter.reset();
        rowCodec.encode(valueWriter, row);
        pending.put(encodeKey(key), valueWriter.toByteArray());
    }

    public void putRaw(byte[] storeKey, byte[] value) {
        pending.put(storeKey, value);
    }

    public void delete(Object[] key) {
        pending.put(encodeKey(key), TOMBSTONE);
    }

    public void deleteRaw(byte[] storeKey) {
        pending.put(storeKey, TOMBSTONE);
    }

    public boolean hasPendingWrites() {
        return !pending.isEmpty();
    }

    /** Moves the buffered writes into {@code batch} (invariant 2: called before forwarding a barrier). */
    public void flush(WriteBatch batch) {
        for (Map.Entry<byte[], byte[]> entry : pending.entrySet()) {
            if (entry.getValue() == TOMBSTONE) {
                batch.delete(entry.getKey());
            } else {
                batch.put(entry.getKey(), entry.getValue());
            }
        }
        pending.clear();
    }

    /** Adds the deletion of every row of the table to {@code batch} and forgets buffered writes. */
    public void truncate(WriteBatch batch) {
        pending.clear();
        truncate(batch, tableId);
    }

    public static void truncate(WriteBatch batch, int tableId) {
        byte[] prefix = tablePrefix(tableId);
        batch.deleteRange(prefix, KeyRanges.prefixEnd(prefix));
    }

    /** Every row in key order (buffered writes included). The iterator must be closed. */
    public Scan scan() {
        return scanStoreRange(prefix, KeyRanges.prefixEnd(prefix));
    }

    /** Rows whose key starts with the given leading key values, in key order. */
    public Scan scanPrefix(Object[] leadingKey) {
        keyWriter.reset();
        for (int i = 0; i < leadingKey.length; i++) {
            keyCodec.encodeValue(keyWriter, i, leadingKey[i]);
        }
        byte[] from = storeKey(keyWriter.buffer(), keyWriter.size());
        return scanStoreRange(from, KeyRanges.prefixEnd(from));
    }

    private Scan scanStoreRange(byte[] from, byte[] to) {
        NavigableMap<byte[], byte[]> overlay = to == null ? pending.tailMap(from, true) : pending.subMap(from, true, to, false);
        return new Scan(store.scan(from, to), overlay.entrySet().iterator(), prefix.length, keyCodec, rowCodec);
    }

    /** Reads a whole table from a committed snapshot, decoding rows. The iterator must be closed. */
    public static Scan scan(KvSnapshot snapshot, int tableId, KeyCodec keyCodec, List<DataType> rowTypes) {
        byte[] prefix = tablePrefix(tableId);
        return new Scan(snapshot.scan(prefix, KeyRanges.prefixEnd(prefix)), java.util.Collections.emptyIterator(),
                prefix.length, keyCodec, new RowCodec(rowTypes));
    }

    /**
     * A merged scan of the store and the buffered writes; buffered writes win on equal keys and
     * tombstones hide rows.
     */
    public static final class Scan implements Iterator<Object[]>, AutoCloseable {
        private final KvIterator stored;
        private final Iterator<Map.Entry<byte[], byte[]>> buffered;
        private final int prefixLength;
        private final KeyCodec keyCodec;
        private final RowCodec rowCodec;
        private byte[] storedKey;
        private byte[] storedValue;
        private Map.Entry<byte[], byte[]> bufferedEntry;
        private byte[] nextKey;
        private byte[] nextValue;

        Scan(KvIterator stored, Iterator<Map.Entry<byte[], byte[]>> buffered, int prefixLength, KeyCodec keyCodec, RowCodec rowCodec) {
            this.stored = stored;
            this.buffered = buffered;
            this.prefixLength = prefixLength;
            this.keyCodec = keyCodec;
            this.rowCodec = rowCodec;
            advanceStored();
            advanceBuffered();
            advance();
        }

        private void advanceStored() {
            if (stored.next()) {
                storedKey = stored.key();
                storedValue = stored.value();
            } else {
                storedKey = null;
            }
        }

        private void advanceBuffered() {
            bufferedEntry = buffered.hasNext() ? buffered.next() : null;
        }

        private void advance() {
            while (true) {
                if (storedKey == null && bufferedEntry == null) {
                    nextKey = null;
                    return;
                }
                int c = storedKey == null ? 1 : bufferedEntry == null ? -1 : KeyRanges.compare(storedKey, bufferedEntry.getKey());
                byte[] key;
                byte[] value;
                if (c < 0) {
                    key = storedKey;
                    value = storedValue;
                    advanceStored();
                } else {
                    key = bufferedEntry.getKey();
                    value = bufferedEntry.getValue();
                    if (c == 0) {
                        advanceStored();
                    }
                    advanceBuffered();
                }
                if (value != TOMBSTONE) {
                    nextKey = key;
                    nextValue = value;
                    return;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return nextKey != null;
        }

        /** The next row's decoded value. */
        @Override
        public Object[] next() {
            if (nextKey == null) {
                throw new NoSuchElementException();
            }
            Object[] row = rowCodec.decode(nextValue);
            advance();
            return row;
        }

        /** The next entry's full store key, without advancing. */
        public byte[] peekKey() {
            return nextKey;
        }

        /** The next entry's key decoded into values, without advancing. */
        public Object[] peekKeyValues() {
            return keyCodec.decode(nextKey, prefixLength, nextKey.length - prefixLength);
        }

        @Override
        public void close() {
            stored.close();
        }
    }
}
