package io.freshet.storage.kv;

/**
 * A sorted key-value store of byte arrays: the bottom of Freshet's state layer.
 *
 * <p>Keys are arbitrary byte arrays (the empty array included) ordered unsigned-lexicographically,
 * as {@link KeyRanges#compare} and RocksDB's bytewise comparator order them. Values are arbitrary
 * byte arrays; a missing key reads as {@code null}, an empty value as an empty array.
 *
 * <p>Ownership: arrays passed in are copied by {@link WriteBatch}; arrays returned by {@link #get}
 * and by iterators belong to the caller, and modifying them does not change the store.
 *
 * <p>Threading: safe for any number of concurrent readers ({@link #get}, {@link #scan},
 * {@link #snapshot} and what they return) plus one writer at a time. A batch is applied atomically:
 * a reader sees either none or all of it.
 *
 * <p>Lifecycle: iterators and snapshots must be closed. The store tracks the open ones and, on
 * {@link #close}, closes every iterator first, then every snapshot, then its own resources. After
 * that every method but {@link #name} and {@link #close} throws {@link IllegalStateException}.
 *
 * <p>Failures: a failure of the underlying storage is a {@link StoreException} whose message names
 * the store; a write refused because the disk is full is an {@code io.freshet.common.FreshetException}
 * with SQLSTATE {@code DISK_FULL}, after which the store still serves reads.
 */
public interface KvStore extends AutoCloseable {
    /** The name given at creation; used in error messages. */
    String name();

    /** The latest written value of {@code key}, or {@code null} when it has none. */
    byte[] get(byte[] key);

    /**
     * Iterates over the keys in {@code [fromInclusive, toExclusive)} in ascending order; a
     * {@code null} bound is unbounded, and {@code fromInclusive >= toExclusive} is an empty range.
     * The iterator reads the store as of this call: writes made later are invisible to it.
     */
    KvIterator scan(byte[] fromInclusive, byte[] toExclusive);

    /**
     * Applies every operation of {@code batch}, in the order they were added, atomically: readers and
     * a crash observe all of them or none. With {@code sync} the write-ahead log is flushed to disk
     * before this returns; without it, a completed write survives a crash of the process but not
     * necessarily of the machine. The batch is not modified and can be reused.
     */
    void write(WriteBatch batch, boolean sync);

    /** A point-in-time, immutable read view: writes made after this call are invisible to it. */
    KvSnapshot snapshot();

    /**
     * Closes open iterators, then open snapshots, then the store itself; waits for operations in
     * flight on other threads. Idempotent.
     */
    @Override
    void close();
}
