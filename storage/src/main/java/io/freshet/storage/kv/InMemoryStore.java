package io.freshet.storage.kv;

import static java.util.Objects.requireNonNull;

import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link KvStore} held in a {@link TreeMap} on the heap, for tests and small data; nothing
 * survives {@link #close}.
 *
 * <p>A read-write lock makes batches atomic: {@link #write} holds the write lock while it applies a
 * batch, readers hold the read lock. Costs: {@link #snapshot} copies a reference to every entry
 * (O(n) time and memory per snapshot) and {@link #scan} copies those of the scanned range when it
 * is called, which is what gives both their point-in-time view. Key and value arrays themselves are
 * shared, never copied, because nothing modifies an array once stored; {@link #get} and iterators
 * return copies.
 */
public final class InMemoryStore implements KvStore {
    private final String name;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<byte[], byte[]> entries = new TreeMap<>(KeyRanges::compare); // guarded by lock
    private final OpenResources<InMemoryIterator> iterators = new OpenResources<>();
    private final OpenResources<InMemorySnapshot> snapshots = new OpenResources<>();
    private boolean closed; // guarded by lock

    public InMemoryStore(String name) {
        this.name = requireNonNull(name, "name is null");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] get(byte[] key) {
        requireNonNull(key, "key is null");
        Lock read = lockOpen(lock.readLock());
        try {
            byte[] value = entries.get(key);
            return value == null ? null : value.clone();
        } finally {
            read.unlock();
        }
    }

    @Override
    public KvIterator scan(byte[] fromInclusive, byte[] toExclusive) {
        Lock read = lockOpen(lock.readLock());
        try {
            SortedEntries range = KeyRanges.isEmpty(fromInclusive, toExclusive)
                    ? SortedEntries.EMPTY
                    : SortedEntries.copyOf(subMap(fromInclusive, toExclusive));
            return register(new InMemoryIterator(iterators, range, 0, range.size()));
        } finally {
            read.unlock();
        }
    }

    @Override
    public void write(WriteBatch batch, boolean sync) {
        requireNonNull(batch, "batch is null");
        Lock write = lockOpen(lock.writeLock());
        try {
            // Operations were checked when added, so applying them cannot fail part way; and with
            // nothing on disk, sync has nothing to flush.
            batch.accept(new WriteBatch.Visitor<RuntimeException>() {
                @Override
                public void put(byte[] key, byte[] value) {
                    entries.put(key, value);
                }

                @Override
                public void delete(byte[] key) {
                    entries.remove(key);
                }

                @Override
                public void deleteRange(byte[] fromInclusive, byte[] toExclusive) {
                    if (!KeyRanges.isEmpty(fromInclusive, toExclusive)) {
                        subMap(fromInclusive, toExclusive).clear();
                    }
                }
            });
        } finally {
            write.unlock();
        }
    }

    @Override
    public KvSnapshot snapshot() {
        Lock read = lockOpen(lock.readLock());
        try {
            InMemorySnapshot snapshot = new InMemorySnapshot(this, SortedEntries.copyOf(entries));
            snapshots.add(snapshot);
            return snapshot;
        } finally {
            read.unlock();
        }
    }

    @Override
    public void close() {
        Lock write = lock.writeLock();
        write.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            iterators.closeAll(InMemoryIterator::closeByStore);
            snapshots.closeAll(InMemorySnapshot::closeByStore);
            entries.clear();
        } finally {
            write.unlock();
        }
    }

    @Override
    public String toString() {
        return "InMemoryStore[" + name + "]";
    }

    /** Iterators not closed yet, for tests. */
    int openIteratorCount() {
        return iterators.size();
    }

    /** Snapshots not closed yet, for tests. */
    int openSnapshotCount() {
        return snapshots.size();
    }

    /** An iterator over {@code [fromInclusive, toExclusive)} of a snapshot's entries. */
    KvIterator openIterator(SortedEntries snapshot, byte[] fromInclusive, byte[] toExclusive) {
        Lock read = lockOpen(lock.readLock());
        try {
            int start = fromInclusive == null ? 0 : snapshot.lowerBound(fromInclusive);
            int end = toExclusive == null ? snapshot.size() : snapshot.lowerBound(toExclusive);
            return register(new InMemoryIterator(iterators, snapshot, start, Math.max(start, end)));
        } finally {
            read.unlock();
        }
    }

    void forget(InMemorySnapshot snapshot) {
        snapshots.remove(snapshot);
    }

    private KvIterator register(InMemoryIterator iterator) {
        iterators.add(iterator);
        return iterator;
    }

    private NavigableMap<byte[], byte[]> subMap(byte[] fromInclusive, byte[] toExclusive) {
        if (fromInclusive == null) {
            return toExclusive == null ? entries : entries.headMap(toExclusive, false);
        }
        return toExclusive == null
                ? entries.tailMap(fromInclusive, true)
                : entries.subMap(fromInclusive, true, toExclusive, false);
    }

    /** Locks {@code toLock} and returns it, or throws if the store is closed. */
    private Lock lockOpen(Lock toLock) {
        toLock.lock();
        if (closed) {
            toLock.unlock();
            throw new IllegalStateException("store '" + name + "' is closed");
        }
        return toLock;
    }
}
