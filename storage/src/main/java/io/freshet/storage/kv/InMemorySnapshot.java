package io.freshet.storage.kv;

import static java.util.Objects.requireNonNull;

/** A copy of an {@link InMemoryStore}'s entries; see there for the cost. */
final class InMemorySnapshot implements KvSnapshot {
    private final InMemoryStore store;
    private final SortedEntries entries;
    // Written by the store's close on another thread, hence volatile.
    private volatile boolean closed;

    InMemorySnapshot(InMemoryStore store, SortedEntries entries) {
        this.store = store;
        this.entries = entries;
    }

    @Override
    public byte[] get(byte[] key) {
        requireNonNull(key, "key is null");
        checkOpen();
        byte[] value = entries.get(key);
        return value == null ? null : value.clone();
    }

    @Override
    public KvIterator scan(byte[] fromInclusive, byte[] toExclusive) {
        checkOpen();
        return store.openIterator(entries, fromInclusive, toExclusive);
    }

    @Override
    public void close() {
        closed = true;
        store.forget(this);
    }

    /** Marks the snapshot closed when its store closes; the store has already dropped it. */
    void closeByStore() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("snapshot of store '" + store.name() + "' is closed");
        }
    }
}
