package io.freshet.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The conflict check of a keyed table in plain RocksDB: before each epoch's rows are written, a
 * lookup of each row's key, which is never there (a new primary key). Compares the options
 * {@code RocksDbStore} opens the database with against the same plus a memtable bloom filter, and
 * one {@code get} per key against one {@code multiGetAsList} per 1024 keys. Keys are as a table's:
 * a 4-byte table id and an 8-byte big-endian id, ascending.
 */
public final class LookupBench {
    private static final int CHUNK = 1024;

    private LookupBench() {
    }

    public static void main(String[] args) throws Exception {
        long rows = 10_000_000;
        int epochRows = 180_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i].replace("_", ""));
                case "--epoch-rows" -> epochRows = Integer.parseInt(args[++i].replace("_", ""));
                case "--help", "-h" -> {
                    System.out.println("usage: java -cp bench/target/freshet-bench.jar io.freshet.bench.LookupBench"
                            + " [--rows N (default 10000000)] [--epoch-rows E (default 180000)]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        RocksDB.loadLibrary();
        System.out.println(Machine.describe());
        for (boolean memtableBloom : new boolean[] {false, true}) {
            for (boolean multiGet : new boolean[] {false, true}) {
                System.out.println(run(rows, epochRows, memtableBloom, multiGet));
            }
        }
    }

    static String run(long rows, int epochRows, boolean memtableBloom, boolean multiGet) throws RocksDBException, IOException {
        Path dir = Files.createTempDirectory("freshet-lookup-bench");
        long lookupCpu = 0;
        long writeCpu = 0;
        double load = Machine.loadAverage();
        try (LRUCache cache = new LRUCache(128L << 20);
             BloomFilter bloom = new BloomFilter(10);
             Options options = new Options().setCreateIfMissing(true).setMaxBackgroundJobs(2)
                     .setCompressionType(CompressionType.LZ4_COMPRESSION)
                     .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)
                             .setBlockSize(16L << 10));
             WriteOptions sync = new WriteOptions().setSync(true)) {
            if (memtableBloom) {
                options.setMemtablePrefixBloomSizeRatio(0.1).setMemtableWholeKeyFiltering(true);
            }
            try (RocksDB db = RocksDB.open(options, dir.toString())) {
                byte[] value = new byte[24];
                long id = 1;
                while (id <= rows) {
                    int count = (int) Math.min(epochRows, rows - id + 1);
                    long start = Cpu.currentThreadNanos();
                    for (int from = 0; from < count; from += CHUNK) {
                        int n = Math.min(CHUNK, count - from);
                        if (multiGet) {
                            List<byte[]> keys = new ArrayList<>(n);
                            for (int i = 0; i < n; i++) {
                                keys.add(key(id + from + i));
                            }
                            for (byte[] found : db.multiGetAsList(keys)) {
                                check(found);
                            }
                        } else {
                            for (int i = 0; i < n; i++) {
                                check(db.get(key(id + from + i)));
                            }
                        }
                    }
                    long looked = Cpu.currentThreadNanos();
                    try (WriteBatch batch = new WriteBatch()) {
                        for (int i = 0; i < count; i++) {
                            batch.put(key(id + i), value);
                        }
                        db.write(sync, batch);
                    }
                    lookupCpu += looked - start;
                    writeCpu += Cpu.currentThreadNanos() - looked;
                    id += count;
                }
            }
        } finally {
            PipelineBench.deleteRecursively(dir);
        }
        return String.format(Locale.ROOT, "memtable bloom %-3s %-9s lookup of a missing key: cpu %.3f us/row"
                        + " | write(sync) cpu %.3f us/row | rows=%,d epochs of %,d | load %.2f->%.2f",
                memtableBloom ? "on" : "off", multiGet ? "multiGet" : "get", lookupCpu / 1e3 / rows, writeCpu / 1e3 / rows,
                rows, epochRows, load, Machine.loadAverage());
    }

    private static byte[] key(long id) {
        return ByteBuffer.allocate(12).putInt(1).putLong(id).array();
    }

    private static void check(byte[] found) {
        if (found != null) {
            throw new IllegalStateException("a new key was found");
        }
    }
}
