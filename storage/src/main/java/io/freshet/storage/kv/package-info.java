/**
 * A sorted, bytes-level key-value store: {@link io.freshet.storage.kv.KvStore} and its iterators,
 * snapshots and write batches, implemented on RocksDB ({@link io.freshet.storage.kv.RocksDbStore})
 * and on the heap ({@link io.freshet.storage.kv.InMemoryStore}). Everything above it in
 * {@code io.freshet.storage} stores its state through this interface.
 */
package io.freshet.storage.kv;
