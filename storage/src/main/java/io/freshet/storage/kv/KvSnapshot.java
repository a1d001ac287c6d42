package io.freshet.storage.kv;

/**
 * An immutable view of a {@link KvStore} as of the moment it was taken. Reads see exactly the
 * batches completed before then, whatever is written later.
 *
 * <p>Safe for concurrent readers. Must be closed; closing it releases what keeps the old versions
 * alive. Iterators obtained from a snapshot read its view and stay usable after the snapshot is
 * closed: each is closed on its own. Closing the store closes its snapshots.
 */
public interface KvSnapshot extends AutoCloseable {
    /** The value of {@code key} in this view, or {@code null}. */
    byte[] get(byte[] key);

    /** As {@link KvStore#scan}, over this view. */
    KvIterator scan(byte[] fromInclusive, byte[] toExclusive);

    /** Releases the snapshot. Idempotent; afterwards {@link #get} and {@link #scan} throw. */
    @Override
    void close();
}
