package io.freshet.storage.kv;

import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;

/**
 * A RocksIterator over {@code [from, to)}: seeks to {@code from} on the first {@link #next}, and
 * RocksDB stops it at {@code to} through ReadOptions' iterate_upper_bound. The iterator reads the
 * upper-bound Slice until it is closed, so it owns the ReadOptions and the Slice and releases them
 * after the RocksIterator. Every call holds the store's read lock, so the store's close (which
 * releases leftover iterators under its write lock) never frees the handles in use.
 */
final class RocksDbIterator implements KvIterator {
    private final RocksDbStore store;
    private final byte[] fromInclusive; // null: from the first key
    private final RocksIterator iterator;
    private final ReadOptions readOptions;
    private final Slice upperBound; // null: unbounded
    // Set by the owning thread or by the store's close on another thread, hence volatile.
    private volatile boolean released;
    private boolean started;
    private boolean positioned;
    private byte[] key;
    private byte[] value; // read on first use

    private RocksDbIterator(
            RocksDbStore store, byte[] fromInclusive, RocksIterator iterator, ReadOptions readOptions, Slice upperBound) {
        this.store = store;
        this.fromInclusive = fromInclusive;
        this.iterator = iterator;
        this.readOptions = readOptions;
        this.upperBound = upperBound;
    }

    /** Opens an iterator over {@code db}, as of {@code snapshot} or, when null, of now. */
    static RocksDbIterator open(
            RocksDbStore store, RocksDB db, Snapshot snapshot, byte[] fromInclusive, byte[] toExclusive) {
        byte[] from = fromInclusive == null ? null : fromInclusive.clone();
        Slice upperBound = toExclusive == null ? null : new Slice(toExclusive);
        ReadOptions readOptions = null;
        try {
            readOptions = new ReadOptions();
            if (snapshot != null) {
                readOptions.setSnapshot(snapshot);
            }
            if (upperBound != null) {
                readOptions.setIterateUpperBound(upperBound);
            }
            return new RocksDbIterator(store, from, db.newIterator(readOptions), readOptions, upperBound);
        } catch (RuntimeException | Error e) {
            if (readOptions != null) {
                readOptions.close();
            }
            if (upperBound != null) {
                upperBound.close();
            }
            throw e;
        }
    }

    @Override
    public boolean next() {
        long stamp = store.enter();
        try {
            checkOpen();
            if (!started) {
                started = true;
                if (fromInclusive == null) {
                    iterator.seekToFirst();
                } else {
                    iterator.seek(fromInclusive);
                }
            } else if (positioned) {
                iterator.next();
            } else {
                return false; // stepping an invalid RocksIterator is undefined
            }
            positioned = iterator.isValid();
            key = positioned ? iterator.key() : null;
            value = null;
            if (!positioned) {
                iterator.status(); // an invalid iterator is either at the end or failed
            }
            return positioned;
        } catch (RocksDBException e) {
            throw store.failure("cannot scan", e);
        } finally {
            store.exit(stamp);
        }
    }

    @Override
    public byte[] key() {
        checkPositioned();
        return key;
    }

    @Override
    public byte[] value() {
        checkPositioned();
        if (value == null) {
            long stamp = store.enter();
            try {
                checkOpen();
                value = iterator.value();
            } finally {
                store.exit(stamp);
            }
        }
        return value;
    }

    @Override
    public void close() {
        long stamp = store.enterIfOpen();
        if (stamp == 0) {
            return; // the store's close released this iterator
        }
        try {
            if (!released) {
                release();
                store.forget(this);
            }
        } finally {
            store.exit(stamp);
        }
    }

    /** Frees the RocksIterator, then the ReadOptions, then the Slice they read; idempotent. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        iterator.close();
        readOptions.close();
        if (upperBound != null) {
            upperBound.close();
        }
    }

    private void checkOpen() {
        if (released) {
            throw new IllegalStateException("iterator is closed");
        }
    }

    private void checkPositioned() {
        checkOpen();
        if (!positioned) {
            throw new IllegalStateException("iterator has no current entry: call next() and check that it returned true");
        }
    }
}
