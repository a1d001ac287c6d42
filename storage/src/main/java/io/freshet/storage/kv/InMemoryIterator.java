package io.freshet.storage.kv;

/** Iterates over an index range of immutable {@link SortedEntries}; see {@link InMemoryStore}. */
final class InMemoryIterator implements KvIterator {
    private final OpenResources<InMemoryIterator> owner;
    private final SortedEntries entries;
    private final int end;
    // Written by the store's close on another thread, hence volatile.
    private volatile boolean closed;
    private int position;
    private boolean positioned;

    /** Iterates over {@code entries} from index {@code start} (inclusive) to {@code end} (exclusive). */
    InMemoryIterator(OpenResources<InMemoryIterator> owner, SortedEntries entries, int start, int end) {
        this.owner = owner;
        this.entries = entries;
        this.end = end;
        this.position = start - 1;
    }

    @Override
    public boolean next() {
        checkOpen();
        if (position < end) {
            position++;
        }
        positioned = position < end;
        return positioned;
    }

    @Override
    public byte[] key() {
        checkPositioned();
        return entries.key(position).clone();
    }

    @Override
    public byte[] value() {
        checkPositioned();
        return entries.value(position).clone();
    }

    @Override
    public void close() {
        closed = true;
        owner.remove(this);
    }

    /** Marks the iterator closed when its store closes; the store has already dropped it. */
    void closeByStore() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
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
