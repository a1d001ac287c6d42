package io.freshet.storage.kv;

import java.util.Arrays;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Copies our batch into RocksDB's, operation by operation, in order. RocksDB's deleteRange needs
 * an end key, and no key sorts after every other; so an unbounded one ends just past the largest
 * key that can exist at that point of the batch: the largest stored or put earlier in the batch.
 * That is exact because there is one writer at a time.
 */
final class RocksDbBatchFiller implements WriteBatch.Visitor<RocksDBException> {
    private final RocksDB db;
    private final org.rocksdb.WriteBatch target;
    private byte[] largestPut; // null: nothing put yet
    private byte[] largestStored; // read on the first unbounded deleteRange
    private boolean largestStoredRead;

    RocksDbBatchFiller(RocksDB db, org.rocksdb.WriteBatch target) {
        this.db = db;
        this.target = target;
    }

    @Override
    public void put(byte[] key, byte[] value) throws RocksDBException {
        target.put(key, value);
        if (largestPut == null || KeyRanges.compare(key, largestPut) > 0) {
            largestPut = key;
        }
    }

    @Override
    public void delete(byte[] key) throws RocksDBException {
        target.delete(key);
    }

    @Override
    public void deleteRange(byte[] fromInclusive, byte[] toExclusive) throws RocksDBException {
        if (toExclusive != null) {
            target.deleteRange(fromInclusive, toExclusive);
            return;
        }
        byte[] largest = larger(largestStored(), largestPut);
        if (largest != null && KeyRanges.compare(largest, fromInclusive) >= 0) {
            // Appending a 0x00 byte gives the smallest key after the largest one.
            target.deleteRange(fromInclusive, Arrays.copyOf(largest, largest.length + 1));
        }
    }

    private byte[] largestStored() throws RocksDBException {
        if (!largestStoredRead) {
            try (RocksIterator iterator = db.newIterator()) {
                iterator.seekToLast();
                if (iterator.isValid()) {
                    largestStored = iterator.key();
                } else {
                    iterator.status();
                }
            }
            largestStoredRead = true;
        }
        return largestStored;
    }

    private static byte[] larger(byte[] left, byte[] right) {
        if (left == null || right == null) {
            return left == null ? right : left;
        }
        return KeyRanges.compare(left, right) >= 0 ? left : right;
    }
}
