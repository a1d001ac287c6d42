package io.freshet.storage.kv;

/**
 * A forward cursor over a consistent view of a store, in ascending key order:
 *
 * <pre>{@code
 * try (KvIterator entries = store.scan(from, to)) {
 *     while (entries.next()) {
 *         use(entries.key(), entries.value());
 *     }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one thread at a time uses and closes an iterator. It must be closed; the
 * store closes iterators left open when the store closes, after which {@link #next} throws
 * {@link IllegalStateException}.
 */
public interface KvIterator extends AutoCloseable {
    /** Moves to the next entry; {@code false} once past the last one (and on every call after). */
    boolean next();

    /** The current entry's key; only valid after {@link #next} returned {@code true}. */
    byte[] key();

    /** The current entry's value; only valid after {@link #next} returned {@code true}. */
    byte[] value();

    /** Releases the iterator. Idempotent. */
    @Override
    void close();
}
