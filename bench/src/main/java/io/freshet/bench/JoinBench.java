package io.freshet.bench;

import io.freshet.common.DataType;
import io.freshet.common.Op;
import io.freshet.common.StreamChunk;
import io.freshet.executor.operator.HashJoinOperator;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.KeyRanges;
import io.freshet.storage.kv.KvIterator;
import io.freshet.storage.kv.RocksDbStore;
import io.freshet.storage.kv.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The cost of one single-row update on a two-way inner join as its sides grow: the join operator
 * alone, state in RocksDB. Both sides are {@code (id BIGINT, k BIGINT, v BIGINT)} keyed by id and
 * joined on k; side size N in {10^4, 10^5, 10^6} (by default), every key held by one row of each
 * side. After loading both sides (checkpoint every 100,000 rows), it times {@code --updates}
 * single-row updates of a random left row's v (an update pair: a delete and an insert, each one
 * prefix lookup of the right side), each in its own chunk, a checkpoint every {@code --barrier}
 * updates. If the join does work proportional to the change, µs/update stays flat as N grows.
 *
 * <p>Also prints the encoded state bytes (key + value, both sides) per stored row.
 */
public final class JoinBench {
    private static final List<DataType> SIDE = List.of(DataType.BIGINT, DataType.BIGINT, DataType.BIGINT);

    private JoinBench() {
    }

    public static void main(String[] args) throws IOException {
        List<Integer> sizes = new ArrayList<>(List.of(10_000, 100_000, 1_000_000));
        int updates = 20_000;
        int barrier = 1_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> {
                    sizes.clear();
                    for (String s : args[++i].split(",")) {
                        sizes.add(Integer.parseInt(s.strip()));
                    }
                }
                case "--updates" -> updates = Integer.parseInt(args[++i]);
                case "--barrier" -> barrier = Integer.parseInt(args[++i]);
                default -> {
                    System.out.println("usage: JoinBench [--sizes 10000,100000,1000000] [--updates 20000] [--barrier 1000]");
                    return;
                }
            }
        }
        System.out.println(Machine.describe());
        for (int size : sizes) {
            run(size, updates, barrier);
        }
    }

    private static void run(int size, int updates, int barrierEvery) throws IOException {
        Path directory = Files.createTempDirectory("join-bench");
        long epoch = 1;
        try (RocksDbStore store = RocksDbStore.open(directory, "join-bench")) {
            HashJoinOperator.Factory factory = new HashJoinOperator.Factory(HashJoinOperator.JoinType.INNER, SIDE, SIDE,
                    new int[] {1}, new int[] {1}, new boolean[] {false}, new int[] {0}, new int[] {0}, null,
                    new int[] {0, 1, 2, 3, 4, 5}, 1, 2);
            CountingSink sink = new CountingSink();
            Emitter output = new Emitter();
            output.addTarget(sink, 0);
            HashJoinOperator join = factory.create(store, output);
            Barrier initial = new Barrier(epoch, Barrier.Kind.INITIAL, new WriteBatch());
            join.barrier(0, initial);
            join.barrier(1, initial);
            long loadStart = System.nanoTime();
            for (int side = 0; side < 2; side++) {
                for (int from = 0; from < size; from += 1024) {
                    int n = Math.min(1024, size - from);
                    List<Op> ops = new ArrayList<>(n);
                    List<Object[]> rows = new ArrayList<>(n);
                    for (int r = 0; r < n; r++) {
                        long id = from + r;
                        ops.add(Op.INSERT);
                        rows.add(new Object[] {id, key(id, size), id});
                    }
                    join.chunk(side, StreamChunk.ofRows(SIDE, ops, rows));
                    if ((from / 1024) % 100 == 99) {
                        epoch = checkpoint(join, store, epoch);
                    }
                }
                epoch = checkpoint(join, store, epoch);
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            long joined = sink.rows;
            SplittableRandom random = new SplittableRandom(42);
            long[] values = new long[size];
            for (int i = 0; i < size; i++) {
                values[i] = i;
            }
            long startWall = System.nanoTime();
            long startCpu = Cpu.currentThreadNanos();
            for (int u = 0; u < updates; u++) {
                long id = random.nextInt(size);
                long k = key(id, size);
                long old = values[(int) id];
                long now = old + 1;
                values[(int) id] = now;
                join.chunk(0, StreamChunk.ofRows(SIDE, List.of(Op.UPDATE_BEFORE, Op.UPDATE_AFTER),
                        List.of(new Object[] {id, k, old}, new Object[] {id, k, now})));
                if ((u + 1) % barrierEvery == 0) {
                    epoch = checkpoint(join, store, epoch);
                }
            }
            epoch = checkpoint(join, store, epoch);
            long cpu = Cpu.currentThreadNanos() - startCpu;
            long wall = System.nanoTime() - startWall;
            long changes = sink.rows - joined;
            if (changes != 2L * updates) {
                throw new IllegalStateException("expected " + 2L * updates + " output changes, saw " + changes);
            }
            long[] bytes = stateBytes(store, 1);
            long[] right = stateBytes(store, 2);
            System.out.printf(Locale.ROOT,
                    "join N=%,9d per side: load %.1fs; update wall=%.1f µs cpu=%.1f µs (%,d updates, checkpoint every %,d); "
                            + "state %,d rows, %.1f B/row (key %.1f + value %.1f) load %.2f%n",
                    size, loadSeconds, wall / 1e3 / updates, cpu / 1e3 / updates, updates, barrierEvery,
                    bytes[0] + right[0], (double) (bytes[1] + bytes[2] + right[1] + right[2]) / (bytes[0] + right[0]),
                    (double) (bytes[1] + right[1]) / (bytes[0] + right[0]), (double) (bytes[2] + right[2]) / (bytes[0] + right[0]),
                    Machine.loadAverage());
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Every key is held by one row of each side, ids shuffled across keys. */
    private static long key(long id, int size) {
        return (id * 7919) % size;
    }

    private static long checkpoint(HashJoinOperator join, RocksDbStore store, long epoch) {
        WriteBatch batch = new WriteBatch();
        Barrier barrier = new Barrier(epoch + 1, Barrier.Kind.CHECKPOINT, batch);
        join.barrier(0, barrier);
        join.barrier(1, barrier);
        store.write(batch, false);
        return epoch + 1;
    }

    /** Counts the join's output rows. */
    private static final class CountingSink implements io.freshet.executor.stream.StreamOperator {
        long rows;

        @Override
        public void chunk(int input, StreamChunk chunk) {
            rows += chunk.visibleCount();
        }

        @Override
        public void barrier(int input, Barrier barrier) {
        }
    }

    /** Rows, key bytes and value bytes of a state table (store keys include the 4-byte table prefix). */
    private static long[] stateBytes(RocksDbStore store, int tableId) {
        byte[] prefix = StateTable.tablePrefix(tableId);
        long[] totals = new long[3];
        try (KvIterator it = store.scan(prefix, KeyRanges.prefixEnd(prefix))) {
            while (it.next()) {
                totals[0]++;
                totals[1] += it.key().length;
                totals[2] += it.value().length;
            }
        }
        return totals;
    }
}
