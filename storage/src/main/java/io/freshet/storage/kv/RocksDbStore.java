package io.freshet.storage.kv;

import static java.util.Objects.requireNonNull;

import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.StampedLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;

/**
 * A {@link KvStore} in one RocksDB database per directory, with its write-ahead log on: a completed
 * {@link #write} survives a crash of the process, and {@code write(batch, true)} also one of the
 * machine. Reopening the directory, after {@link #close} or after a crash, returns every completed
 * write.
 *
 * <p>Defaults suit a small machine (2 cores): two background jobs for flushes and compactions, LZ4
 * compression (built into rocksdbjni's native library), a 128 MiB block cache per store, 16 KiB
 * blocks with a Bloom filter for point reads. Scans use the total key order (no prefix extractor),
 * since the store does not know how callers lay out their keys.
 *
 * <p>Native handles, and the order {@link #close} releases them in: every open iterator (its
 * RocksIterator, then its ReadOptions, then its upper-bound Slice), every open snapshot (the RocksDB
 * snapshot, then its ReadOptions), the RocksDB instance, then the WriteOptions, the Options, the
 * Bloom filter and the block cache. A {@link StampedLock} keeps {@code close} from freeing a handle
 * another thread is using: every operation holds its read lock, {@code close} its write lock.
 *
 * <p>Every {@link RocksDBException} is rethrown as a {@link StoreException} naming the store, except
 * running out of disk space, which is a {@link FreshetException} with {@link SqlState#DISK_FULL}.
 * After a failed write RocksDB refuses further writes until the store is reopened (with space
 * freed), but reads keep working; {@link #close} then does not repeat the error.
 */
public final class RocksDbStore implements KvStore {
    private static final long BLOCK_CACHE_BYTES = 128L << 20;
    private static final long BLOCK_BYTES = 16L << 10;
    private static final double BLOOM_BITS_PER_KEY = 10;
    private static final int MAX_BACKGROUND_JOBS = 2;
    private static final long INFO_LOG_FILE_BYTES = 8L << 20;
    private static final long INFO_LOG_FILES_KEPT = 4;
    private static final String NO_SPACE_MESSAGE = "No space left on device";

    private final String name;
    private final Path directory;
    private final LRUCache blockCache;
    private final BloomFilter bloomFilter;
    private final Options options;
    private final WriteOptions bufferedWrites;
    private final WriteOptions syncedWrites;
    private final RocksDB db;
    private final OpenResources<RocksDbIterator> iterators = new OpenResources<>();
    private final OpenResources<RocksDbSnapshot> snapshots = new OpenResources<>();
    private final StampedLock lifecycle = new StampedLock();
    private boolean closed; // guarded by lifecycle
    // A failed write leaves RocksDB refusing writes (its "background error"); close then fails
    // with that same error, which the writer has already been told about.
    private volatile boolean writeFailed;

    private RocksDbStore(
            String name,
            Path directory,
            LRUCache blockCache,
            BloomFilter bloomFilter,
            Options options,
            WriteOptions bufferedWrites,
            WriteOptions syncedWrites,
            RocksDB db) {
        this.name = name;
        this.directory = directory;
        this.blockCache = blockCache;
        this.bloomFilter = bloomFilter;
        this.options = options;
        this.bufferedWrites = bufferedWrites;
        this.syncedWrites = syncedWrites;
        this.db = db;
    }

    /**
     * Opens the database in {@code directory}, creating the directory and an empty database when
     * missing, and replaying the write-ahead log of a previous run.
     *
     * @throws StoreException if the directory cannot be created or the database not opened, for
     *     instance because another store (in this or another process) holds it open
     */
    public static RocksDbStore open(Path directory, String name) {
        requireNonNull(directory, "directory is null");
        requireNonNull(name, "name is null");
        NativeLibrary.ensureLoaded();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException(name, "cannot create directory " + directory + ": " + e, e);
        }
        Deque<AutoCloseable> created = new ArrayDeque<>();
        try {
            LRUCache blockCache = remember(created, new LRUCache(BLOCK_CACHE_BYTES));
            BloomFilter bloomFilter = remember(created, new BloomFilter(BLOOM_BITS_PER_KEY));
            Options options = remember(created, new Options()
                    .setCreateIfMissing(true)
                    .setMaxBackgroundJobs(MAX_BACKGROUND_JOBS)
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setMaxLogFileSize(INFO_LOG_FILE_BYTES)
                    .setKeepLogFileNum(INFO_LOG_FILES_KEPT)
                    .setTableFormatConfig(new BlockBasedTableConfig()
                            .setBlockCache(blockCache)
                            .setFilterPolicy(bloomFilter)
                            .setBlockSize(BLOCK_BYTES)));
            WriteOptions bufferedWrites = remember(created, new WriteOptions().setSync(false));
            WriteOptions syncedWrites = remember(created, new WriteOptions().setSync(true));
            RocksDB db = RocksDB.open(options, directory.toString());
            return new RocksDbStore(name, directory, blockCache, bloomFilter, options, bufferedWrites, syncedWrites, db);
        } catch (RocksDBException e) {
            closeAll(created);
            throw translate(name, directory, "cannot open the database in " + directory, e);
        } catch (RuntimeException | Error e) {
            closeAll(created);
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The directory holding the database. */
    public Path directory() {
        return directory;
    }

    @Override
    public byte[] get(byte[] key) {
        requireNonNull(key, "key is null");
        long stamp = enter();
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw failure("cannot read key " + KeyRanges.toHex(key), e);
        } finally {
            exit(stamp);
        }
    }

    @Override
    public KvIterator scan(byte[] fromInclusive, byte[] toExclusive) {
        long stamp = enter();
        try {
            return openIterator(null, fromInclusive, toExclusive);
        } finally {
            exit(stamp);
        }
    }

    @Override
    public void write(WriteBatch batch, boolean sync) {
        requireNonNull(batch, "batch is null");
        long stamp = enter();
        try {
            if (batch.isEmpty()) {
                if (sync) {
                    db.syncWal();
                }
                return;
            }
            try (org.rocksdb.WriteBatch nativeBatch = new org.rocksdb.WriteBatch()) {
                batch.accept(new RocksDbBatchFiller(db, nativeBatch));
                db.write(sync ? syncedWrites : bufferedWrites, nativeBatch);
            }
        } catch (RocksDBException e) {
            writeFailed = true;
            throw failure("cannot write a batch of " + batch.operationCount() + " operations", e);
        } finally {
            exit(stamp);
        }
    }

    @Override
    public KvSnapshot snapshot() {
        long stamp = enter();
        try {
            RocksDbSnapshot snapshot = RocksDbSnapshot.take(this, db);
            snapshots.add(snapshot);
            return snapshot;
        } finally {
            exit(stamp);
        }
    }

    @Override
    public void close() {
        long stamp = lifecycle.writeLock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            RuntimeException failure = null;
            try {
                iterators.closeAll(RocksDbIterator::release);
                snapshots.closeAll(RocksDbSnapshot::release);
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                if (!writeFailed) {
                    failure = combine(failure, failure("cannot close the database in " + directory, e));
                }
            }
            syncedWrites.close();
            bufferedWrites.close();
            options.close();
            bloomFilter.close();
            blockCache.close();
            if (failure != null) {
                throw failure;
            }
        } finally {
            lifecycle.unlockWrite(stamp);
        }
    }

    @Override
    public String toString() {
        return "RocksDbStore[" + name + " in " + directory + "]";
    }

    /**
     * Enters an operation: holds the read lock that keeps {@link #close} waiting until {@link #exit}.
     *
     * @throws IllegalStateException if the store is closed
     */
    long enter() {
        long stamp = enterIfOpen();
        if (stamp == 0) {
            throw new IllegalStateException("store '" + name + "' is closed");
        }
        return stamp;
    }

    /** As {@link #enter}, but returns 0 instead of throwing when the store is closed. */
    long enterIfOpen() {
        long stamp = lifecycle.readLock();
        if (closed) {
            lifecycle.unlockRead(stamp);
            return 0;
        }
        return stamp;
    }

    void exit(long stamp) {
        lifecycle.unlockRead(stamp);
    }

    /** Opens a tracked iterator; the caller has entered the store (and holds the snapshot open). */
    KvIterator openIterator(Snapshot snapshot, byte[] fromInclusive, byte[] toExclusive) {
        RocksDbIterator iterator = RocksDbIterator.open(this, db, snapshot, fromInclusive, toExclusive);
        iterators.add(iterator);
        return iterator;
    }

    void forget(RocksDbIterator iterator) {
        iterators.remove(iterator);
    }

    void forget(RocksDbSnapshot snapshot) {
        snapshots.remove(snapshot);
    }

    /** Iterators not closed yet, including those of snapshots; for tests. */
    int openIteratorCount() {
        return iterators.size();
    }

    /** Snapshots not closed yet; for tests. */
    int openSnapshotCount() {
        return snapshots.size();
    }

    /** The exception to throw for a failed {@code action} of this store. */
    RuntimeException failure(String action, RocksDBException cause) {
        return translate(name, directory, action, cause);
    }

    /**
     * Maps a RocksDB failure to a {@link FreshetException} with {@link SqlState#DISK_FULL} when the
     * disk is full, and to a {@link StoreException} otherwise; both messages name the store.
     */
    static RuntimeException translate(String storeName, Path directory, String action, RocksDBException cause) {
        if (isNoSpace(cause)) {
            return new FreshetException(SqlState.DISK_FULL, "store '" + storeName + "': " + action
                    + ": the disk holding " + directory + " is full (" + cause.getMessage() + ")."
                    + " Free disk space, then reopen the store (restart the server); reads keep working meanwhile",
                    cause);
        }
        return new StoreException(storeName, action + ": " + cause.getMessage(), cause);
    }

    private static boolean isNoSpace(RocksDBException exception) {
        Status status = exception.getStatus();
        if (status != null && status.getCode() == Status.Code.IOError && status.getSubCode() == Status.SubCode.NoSpace) {
            return true;
        }
        String message = exception.getMessage();
        return message != null && message.contains(NO_SPACE_MESSAGE);
    }

    private static RuntimeException combine(RuntimeException first, RuntimeException second) {
        if (first == null) {
            return second;
        }
        first.addSuppressed(second);
        return first;
    }

    private static <T extends AutoCloseable> T remember(Deque<AutoCloseable> created, T handle) {
        created.push(handle);
        return handle;
    }

    /** Closes handles newest first; they are RocksDB objects, whose close does not throw. */
    private static void closeAll(Deque<AutoCloseable> created) {
        while (!created.isEmpty()) {
            try {
                created.pop().close();
            } catch (Exception e) {
                throw new AssertionError("closing a RocksDB handle does not throw", e);
            }
        }
    }

    /** Loads RocksDB's native library once per JVM, on first use of a store. */
    private static final class NativeLibrary {
        static {
            RocksDB.loadLibrary();
        }

        static void ensureLoaded() {
            // Running the static initializer is the point.
        }
    }
}
