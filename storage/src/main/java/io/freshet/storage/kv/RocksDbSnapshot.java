package io.freshet.storage.kv;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.locks.StampedLock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;

/**
 * A RocksDB snapshot and the ReadOptions that read it. Readers hold the store's read lock, then
 * this snapshot's read lock; {@link #close} takes this snapshot's write lock, so it cannot free the
 * snapshot under a concurrent reader. The store's close releases it while holding the store's
 * write lock, when no reader can be inside.
 */
final class RocksDbSnapshot implements KvSnapshot {
    private final RocksDbStore store;
    private final RocksDB db;
    private final Snapshot snapshot;
    private final ReadOptions readOptions;
    private final StampedLock lock = new StampedLock();
    private boolean released; // guarded by lock, or by the store's write lock

    private RocksDbSnapshot(RocksDbStore store, RocksDB db, Snapshot snapshot, ReadOptions readOptions) {
        this.store = store;
        this.db = db;
        this.snapshot = snapshot;
        this.readOptions = readOptions;
    }

    /** Takes a snapshot of {@code db}; the caller has entered {@code store}. */
    static RocksDbSnapshot take(RocksDbStore store, RocksDB db) {
        Snapshot snapshot = db.getSnapshot();
        try {
            return new RocksDbSnapshot(store, db, snapshot, new ReadOptions().setSnapshot(snapshot));
        } catch (RuntimeException | Error e) {
            db.releaseSnapshot(snapshot);
            throw e;
        }
    }

    @Override
    public byte[] get(byte[] key) {
        requireNonNull(key, "key is null");
        long storeStamp = store.enter();
        try {
            long stamp = lockOpen();
            try {
                return db.get(readOptions, key);
            } catch (RocksDBException e) {
                throw store.failure("cannot read key " + KeyRanges.toHex(key) + " from a snapshot", e);
            } finally {
                lock.unlockRead(stamp);
            }
        } finally {
            store.exit(storeStamp);
        }
    }

    @Override
    public KvIterator scan(byte[] fromInclusive, byte[] toExclusive) {
        long storeStamp = store.enter();
        try {
            long stamp = lockOpen();
            try {
                return store.openIterator(snapshot, fromInclusive, toExclusive);
            } finally {
                lock.unlockRead(stamp);
            }
        } finally {
            store.exit(storeStamp);
        }
    }

    @Override
    public void close() {
        long storeStamp = store.enterIfOpen();
        if (storeStamp == 0) {
            return; // the store's close released this snapshot
        }
        try {
            long stamp = lock.writeLock();
            try {
                release();
            } finally {
                lock.unlockWrite(stamp);
            }
            store.forget(this);
        } finally {
            store.exit(storeStamp);
        }
    }

    /**
     * Releases the RocksDB snapshot, then the ReadOptions; idempotent. The Snapshot object itself
     * owns no native memory: the database frees it in releaseSnapshot.
     */
    void release() {
        if (released) {
            return;
        }
        released = true;
        db.releaseSnapshot(snapshot);
        readOptions.close();
    }

    private long lockOpen() {
        long stamp = lock.readLock();
        if (released) {
            lock.unlockRead(stamp);
            throw new IllegalStateException("snapshot of store '" + store.name() + "' is closed");
        }
        return stamp;
    }
}
