package io.freshet.bench;

import io.freshet.common.DataType;
import io.freshet.common.KeyCodec;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.KvStore;
import io.freshet.storage.kv.RocksDbStore;
import io.freshet.storage.kv.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The storage side of a datagen table, step by step, on a RocksDB store: what the table's
 * materialize operator does per row (the conflict check {@link StateTable#getRaw} of a key that is
 * never there, {@link StateTable#putRaw} of the encoded row) and what an epoch commit does
 * ({@link StateTable#flush} into the batch, {@link KvStore#write} with and without sync). Each step
 * is timed on its own, so the figures say what each costs per row or per commit.
 */
public final class StoreBench {
    private static final List<DataType> ROW = List.of(DataType.BIGINT, DataType.INTEGER, DataType.BIGINT, DataType.BIGINT);

    private StoreBench() {
    }

    public static void main(String[] args) throws IOException {
        long rows = 2_000_000;
        int epochRows = 40_000;
        boolean sync = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[++i].replace("_", ""));
                case "--epoch-rows" -> epochRows = Integer.parseInt(args[++i].replace("_", ""));
                case "--no-sync" -> sync = false;
                case "--help", "-h" -> {
                    System.out.println("usage: java -cp bench/target/freshet-bench.jar io.freshet.bench.StoreBench"
                            + " [--rows N (default 2000000)] [--epoch-rows E (rows per commit, default 40000)] [--no-sync]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println(Machine.describe());
        for (int pass = 1; pass <= 2; pass++) {
            System.out.println((pass == 1 ? "warm-up" : "measured") + ": " + run(rows, epochRows, sync));
        }
    }

    /**
     * Writes {@code rows} table rows in epochs of {@code epochRows}; returns a one-line summary.
     * Within an epoch each step runs over all of the epoch's rows before the next, so that each is
     * timed with the thread's CPU clock (too coarse and too slow to read per row) as well as the
     * wall clock.
     */
    static String run(long rows, int epochRows, boolean sync) throws IOException {
        Path dir = Files.createTempDirectory("freshet-store-bench");
        long[] cpu = new long[4];
        long[] wall = new long[4];
        long epochs = 0;
        double load = Machine.loadAverage();
        try (KvStore store = RocksDbStore.open(dir, "store-bench")) {
            StateTable table = new StateTable(store, 1, KeyCodec.ascending(List.of(DataType.BIGINT)), ROW);
            SplittableRandom random = new SplittableRandom(7);
            Object[] key = new Object[1];
            byte[][] keys = new byte[epochRows][];
            long rowId = 1;
            while (rowId <= rows) {
                int count = (int) Math.min(epochRows, rows - rowId + 1);
                long[] mark = marks();
                for (int i = 0; i < count; i++) {
                    key[0] = rowId + i;
                    keys[i] = table.encodeKey(key);
                    if (table.getRaw(keys[i]) != null) {
                        throw new IllegalStateException("row id " + (rowId + i) + " exists");
                    }
                }
                mark = lap(mark, cpu, wall, 0);
                for (int i = 0; i < count; i++) {
                    long id = rowId + i;
                    Object[] row = {id, random.nextLong(1, 10_001), random.nextLong(0, 101), id};
                    table.putRaw(keys[i], table.rowCodec().encode(row));
                }
                mark = lap(mark, cpu, wall, 1);
                WriteBatch batch = new WriteBatch();
                table.flush(batch);
                mark = lap(mark, cpu, wall, 2);
                store.write(batch, sync);
                lap(mark, cpu, wall, 3);
                rowId += count;
                epochs++;
            }
        } finally {
            PipelineBench.deleteRecursively(dir);
        }
        String[] steps = {"conflict check (encodeKey+getRaw)", "encode+putRaw", "flush to batch", "store.write(sync=" + sync + ")"};
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "rows=%,d epochs=%d of %,d rows", rows, epochs, epochRows));
        long cpuTotal = 0;
        for (int step = 0; step < steps.length; step++) {
            out.append(String.format(Locale.ROOT, " | %s cpu %.3f wall %.3f us/row", steps[step], cpu[step] / 1e3 / rows,
                    wall[step] / 1e3 / rows));
            cpuTotal += cpu[step];
        }
        return out.append(String.format(Locale.ROOT, " | commit wall %.1f ms | total cpu %.3f us/row = %,.0f rows/cpu-s | load %.2f->%.2f",
                wall[3] / 1e6 / epochs, cpuTotal / 1e3 / rows, rows / (cpuTotal / 1e9), load, Machine.loadAverage())).toString();
    }

    private static long[] marks() {
        return new long[] {Cpu.currentThreadNanos(), System.nanoTime()};
    }

    /** Adds the time since {@code mark} to step {@code step}; returns the new mark. */
    private static long[] lap(long[] mark, long[] cpu, long[] wall, int step) {
        long[] now = marks();
        cpu[step] += now[0] - mark[0];
        wall[step] += now[1] - mark[1];
        return now;
    }
}
