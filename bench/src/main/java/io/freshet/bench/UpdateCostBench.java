package io.freshet.bench;

import io.freshet.common.Column;
import io.freshet.common.DataType;
import io.freshet.common.LongColumn;
import io.freshet.common.Op;
import io.freshet.common.StreamChunk;
import io.freshet.executor.operator.AggCall;
import io.freshet.executor.operator.HashAggOperator;
import io.freshet.executor.operator.MaterializeOperator;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.KvIterator;
import io.freshet.storage.kv.KvStore;
import io.freshet.storage.kv.RocksDbStore;
import io.freshet.storage.kv.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The cost of maintaining a view under a single-row change as its data grows: a GROUP BY view
 * ({@code SELECT k, COUNT(*), SUM(v) FROM t GROUP BY k}, hash aggregation then materialize, state in
 * RocksDB) is loaded with N rows in N groups, then receives single-row updates, each its own epoch
 * (one U-/U+ pair, a checkpoint barrier, the epoch's batch written to RocksDB without sync). Reports,
 * per N, the median and p99 time of one update epoch and the state bytes per group (encoded keys and
 * values, as stored). Flat times across N show the work is proportional to the change.
 *
 * <p>{@code java -cp bench/target/freshet-bench.jar io.freshet.bench.UpdateCostBench [--sizes 10000,100000,1000000] [--updates 5000] [--dir /tmp/x]}
 */
public final class UpdateCostBench {
    private static final int CHUNK_ROWS = 1024;
    private static final List<DataType> TYPES = List.of(DataType.BIGINT, DataType.BIGINT, DataType.BIGINT);

    private UpdateCostBench() {
    }

    public static void main(String[] args) throws IOException {
        long[] sizes = {10_000, 100_000, 1_000_000};
        int updates = 5_000;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).mapToLong(Long::parseLong).toArray();
                case "--updates" -> updates = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.out.println("usage: UpdateCostBench [--sizes 10000,100000,1000000] [--updates 5000] [--dir <scratch dir>]");
                    return;
                }
            }
        }
        Path root = dir != null ? dir : Files.createTempDirectory("freshet-update-cost-");
        System.out.println(Machine.describe());
        System.out.println("view: SELECT k, COUNT(*), SUM(v) FROM t GROUP BY k   (N rows, N groups; one update = one epoch)");
        System.out.printf(Locale.ROOT, "%10s %12s %12s %12s %16s%n", "rows", "median us", "p99 us", "mean us", "state B/group");
        for (long size : sizes) {
            Result result = run(root.resolve("n" + size), size, updates);
            System.out.printf(Locale.ROOT, "%10d %12.1f %12.1f %12.1f %16.1f%n", size, result.medianMicros(), result.p99Micros(),
                    result.meanMicros(), result.stateBytesPerGroup());
        }
        deleteTree(root);
    }

    /** Figures for one data size. */
    record Result(double medianMicros, double p99Micros, double meanMicros, double stateBytesPerGroup) {
    }

    static Result run(Path dir, long rows, int updates) throws IOException {
        Files.createDirectories(dir);
        try (RocksDbStore store = RocksDbStore.open(dir, "update-cost")) {
            HashAggOperator.Factory agg = new HashAggOperator.Factory(new int[] {1}, List.of(DataType.BIGINT),
                    List.of(new AggCall(AggCall.Kind.COUNT_STAR, -1, null, DataType.BIGINT),
                            new AggCall(AggCall.Kind.SUM, 2, DataType.BIGINT, DataType.DECIMAL)),
                    1, new int[] {-1, -1});
            MaterializeOperator.Factory materialize = new MaterializeOperator.Factory(2, agg.outputTypes(), new int[] {0}, null,
                    MaterializeOperator.ConflictMode.TRUST);
            Emitter aggOutput = new Emitter();
            StreamOperator view = materialize.create(store, new Emitter());
            aggOutput.addTarget(view, 0);
            StreamOperator head = agg.create(store, aggOutput);
            long epoch = 1;
            head.barrier(0, new Barrier(epoch, Barrier.Kind.INITIAL, new WriteBatch()));
            long[] values = new long[(int) rows];
            SplittableRandom random = new SplittableRandom(7);
            for (long from = 0; from < rows; from += CHUNK_ROWS) {
                int n = (int) Math.min(CHUNK_ROWS, rows - from);
                long[] ids = new long[n];
                long[] vs = new long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = from + i;
                    vs[i] = random.nextLong(100);
                    values[(int) (from + i)] = vs[i];
                }
                head.chunk(0, chunk(new byte[n], ids, ids, vs));
                if ((from / CHUNK_ROWS) % 64 == 63) {
                    checkpoint(head, store, ++epoch);
                }
            }
            checkpoint(head, store, ++epoch);
            long[] nanos = new long[updates];
            int warmup = Math.min(1000, updates);
            for (int u = -warmup; u < updates; u++) {
                int id = (int) random.nextLong(rows);
                long before = values[id];
                long after = before + 1;
                values[id] = after;
                byte[] ops = {Op.UPDATE_BEFORE.code(), Op.UPDATE_AFTER.code()};
                StreamChunk update = chunk(ops, new long[] {id, id}, new long[] {id, id}, new long[] {before, after});
                long start = System.nanoTime();
                head.chunk(0, update);
                checkpoint(head, store, ++epoch);
                long elapsed = System.nanoTime() - start;
                if (u >= 0) {
                    nanos[u] = elapsed;
                }
            }
            Arrays.sort(nanos);
            double mean = Arrays.stream(nanos).average().orElse(0) / 1000.0;
            return new Result(nanos[updates / 2] / 1000.0, nanos[(int) (updates * 0.99)] / 1000.0, mean,
                    (double) stateBytes(store) / rows);
        } finally {
            deleteTree(dir);
        }
    }

    private static StreamChunk chunk(byte[] ops, long[] ids, long[] keys, long[] values) {
        int n = ops.length;
        List<Column> columns = List.of(new LongColumn(DataType.BIGINT, ids, null, n), new LongColumn(DataType.BIGINT, keys, null, n),
                new LongColumn(DataType.BIGINT, values, null, n));
        return new StreamChunk(ops, columns, n);
    }

    private static void checkpoint(StreamOperator head, KvStore store, long epoch) {
        WriteBatch batch = new WriteBatch();
        head.barrier(0, new Barrier(epoch, Barrier.Kind.CHECKPOINT, batch));
        store.write(batch, false);
    }

    /** Bytes of every stored key and value (the logical state; RocksDB compresses and adds overhead). */
    static long stateBytes(KvStore store) {
        long bytes = 0;
        try (KvIterator iterator = store.scan(new byte[0], null)) {
            while (iterator.next()) {
                bytes += iterator.key().length + iterator.value().length;
            }
        }
        return bytes;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
