package io.freshet.bench;

import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.DataType;
import io.freshet.common.LongColumn;
import io.freshet.common.Op;
import io.freshet.common.StreamChunk;
import io.freshet.executor.connector.DatagenConnector;
import io.freshet.executor.expr.Comparison;
import io.freshet.executor.expr.InputRef;
import io.freshet.executor.expr.Literal;
import io.freshet.executor.operator.AggCall;
import io.freshet.executor.operator.FilterOperator;
import io.freshet.executor.operator.HashAggOperator;
import io.freshet.executor.operator.MaterializeOperator;
import io.freshet.executor.operator.ProjectOperator;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.InMemoryStore;
import io.freshet.storage.kv.KvStore;
import io.freshet.storage.kv.WriteBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The view's operators without the table, the runtime or RocksDB: pre-built chunks of 1024 rows
 * {@code (id BIGINT, k INTEGER, v BIGINT)} pushed on the calling thread through the operators the
 * planner builds for {@code SELECT k, COUNT(*), SUM(v) FROM events WHERE v > 10 GROUP BY k}
 * (filter, project {@code [$1, $2, $0]}, hash aggregation, materialize), with state in an
 * {@link InMemoryStore}. As the runtime does, the first message is an INITIAL barrier and a
 * CHECKPOINT barrier follows every {@code --barrier-rows} rows, after which its write batch is
 * written to the store.
 *
 * <p>Stages, each measured on its own: {@code filter} (filter only), {@code agg} (filter, project,
 * aggregation), {@code view} (the whole view, materialize included), and {@code datagen} (the
 * datagen connector and the row-to-chunk conversion a table does, without any operator).
 */
public final class OperatorBench {
    private static final int CHUNK_ROWS = 1024;
    private static final List<DataType> TYPES = List.of(DataType.BIGINT, DataType.INTEGER, DataType.BIGINT);

    /** What runs behind the chunk source. */
    public enum Stage { FILTER, AGG, VIEW, DATAGEN }

    record Options(long rows, int groups, long barrierRows, int warmups, int iterations, List<Stage> stages, Path profile) {
        Options {
            stages = List.copyOf(stages);
        }
    }

    /** The figures of one iteration. */
    record Iteration(long rows, long outputRows, long wallNanos, long cpuNanos, long allocatedBytes) {
        double rowsPerSecond() {
            return rows / (wallNanos / 1e9);
        }

        double rowsPerCpuSecond() {
            return rows / (cpuNanos / 1e9);
        }

        double allocatedBytesPerRow() {
            return (double) allocatedBytes / rows;
        }
    }

    private OperatorBench() {
    }

    public static void main(String[] args) throws IOException {
        Options options = parse(args);
        if (options == null) {
            System.out.println(usage());
            return;
        }
        System.out.println(Machine.describe());
        System.out.printf(Locale.ROOT, "operators: rows/iteration=%,d groups=%d barrier every %,d rows, warmups=%d iterations=%d%n",
                options.rows(), options.groups(), options.barrierRows(), options.warmups(), options.iterations());
        List<StreamChunk> chunks = chunks(options.groups(), 256);
        for (Stage stage : options.stages()) {
            for (int i = 0; i < options.warmups(); i++) {
                print(stage, "warmup " + (i + 1) + "/" + options.warmups(), options, chunks);
            }
            List<Iteration> measured = new ArrayList<>();
            Path profile = options.profile() == null ? null
                    : options.profile().resolveSibling(stage.name().toLowerCase(Locale.ROOT) + "-" + options.profile().getFileName());
            try (Profiler profiler = Profiler.start(profile)) {
                for (int i = 0; i < options.iterations(); i++) {
                    measured.add(print(stage, "iteration " + (i + 1), options, chunks));
                }
            }
            System.out.printf(Locale.ROOT, "%-7s MEDIAN of %d: rows/s=%,.0f rows/cpu-s=%,.0f alloc=%,.0f B/row (rows/s of iterations: %s)%n",
                    stage.name().toLowerCase(Locale.ROOT), measured.size(),
                    Stats.median(measured.stream().mapToDouble(Iteration::rowsPerSecond).toArray()),
                    Stats.median(measured.stream().mapToDouble(Iteration::rowsPerCpuSecond).toArray()),
                    Stats.median(measured.stream().mapToDouble(Iteration::allocatedBytesPerRow).toArray()),
                    Stats.list(measured.stream().mapToDouble(Iteration::rowsPerSecond).toArray()));
        }
    }

    private static Iteration print(Stage stage, String label, Options options, List<StreamChunk> chunks) {
        double load = Machine.loadAverage();
        Iteration iteration = stage == Stage.DATAGEN ? runDatagen(options) : run(stage, options, chunks);
        System.out.printf(Locale.ROOT, "%-7s %-13s rows/s=%,.0f rows/cpu-s=%,.0f alloc=%,.0f B/row wall=%.3fs output rows=%,d load %.2f%n",
                stage.name().toLowerCase(Locale.ROOT), label, iteration.rowsPerSecond(), iteration.rowsPerCpuSecond(),
                iteration.allocatedBytesPerRow(), iteration.wallNanos() / 1e9, iteration.outputRows(), load);
        return iteration;
    }

    /** Pushes {@code options.rows()} rows through a fresh instance of the stage's operators. */
    static Iteration run(Stage stage, Options options, List<StreamChunk> chunks) {
        KvStore store = new InMemoryStore("operator-bench");
        CountingSink sink = new CountingSink();
        StreamOperator head = build(stage, store, sink);
        long epoch = 1;
        long startWall = System.nanoTime();
        long startCpu = Cpu.currentThreadNanos();
        long startAllocated = Cpu.allocatedBytes(Thread.currentThread().getId());
        head.barrier(0, new Barrier(epoch, Barrier.Kind.INITIAL, new WriteBatch()));
        long pushed = 0;
        long sinceBarrier = 0;
        int next = 0;
        while (pushed < options.rows()) {
            StreamChunk chunk = chunks.get(next);
            next = next + 1 == chunks.size() ? 0 : next + 1;
            head.chunk(0, chunk);
            pushed += chunk.rowCount();
            sinceBarrier += chunk.rowCount();
            if (sinceBarrier >= options.barrierRows()) {
                checkpoint(head, store, ++epoch);
                sinceBarrier = 0;
            }
        }
        checkpoint(head, store, ++epoch);
        long cpu = Cpu.currentThreadNanos() - startCpu;
        long wall = System.nanoTime() - startWall;
        long allocated = Cpu.allocatedBytes(Thread.currentThread().getId()) - startAllocated;
        if (sink.barriers != epoch) {
            throw new IllegalStateException("the sink saw " + sink.barriers + " barriers of " + epoch);
        }
        store.close();
        return new Iteration(pushed, sink.rows, wall, cpu, allocated);
    }

    private static void checkpoint(StreamOperator head, KvStore store, long epoch) {
        WriteBatch batch = new WriteBatch();
        head.barrier(0, new Barrier(epoch, Barrier.Kind.CHECKPOINT, batch));
        store.write(batch, false);
    }

    /** The operators of a stage, from the filter (returned) to the sink. */
    static StreamOperator build(Stage stage, KvStore store, StreamOperator sink) {
        List<OperatorFactory> factories = new ArrayList<>();
        factories.add(new FilterOperator.Factory(new Comparison(Comparison.Operator.GREATER,
                new InputRef(2, DataType.BIGINT), new Literal(10L, DataType.BIGINT))));
        if (stage == Stage.AGG || stage == Stage.VIEW) {
            factories.add(new ProjectOperator.Factory(List.of(new InputRef(1, DataType.INTEGER),
                    new InputRef(2, DataType.BIGINT), new InputRef(0, DataType.BIGINT))));
            List<AggCall> calls = List.of(new AggCall(AggCall.Kind.COUNT_STAR, -1, null, DataType.BIGINT),
                    new AggCall(AggCall.Kind.SUM, 1, DataType.BIGINT, DataType.DECIMAL));
            factories.add(new HashAggOperator.Factory(new int[] {0}, List.of(DataType.INTEGER), calls, 1, new int[calls.size()]));
        }
        if (stage == Stage.VIEW) {
            factories.add(new MaterializeOperator.Factory(2, List.of(DataType.INTEGER, DataType.BIGINT, DataType.DECIMAL),
                    new int[] {0}, null, MaterializeOperator.ConflictMode.TRUST));
        }
        StreamOperator downstream = sink;
        for (int i = factories.size() - 1; i >= 0; i--) {
            Emitter output = new Emitter();
            output.addTarget(downstream, 0);
            downstream = factories.get(i).create(store, output);
        }
        return downstream;
    }

    /**
     * The datagen connector's rows turned into insert chunks as a table's input does, into a sink:
     * the cost of producing the data, before any operator.
     */
    static Iteration runDatagen(Options options) {
        DatagenConnector generator = new DatagenConnector(List.of("id", "k", "v"), TYPES,
                PipelineBench.datagenOptions(options.rows(), options.groups()), 0);
        CountingSink sink = new CountingSink();
        long startWall = System.nanoTime();
        long startCpu = Cpu.currentThreadNanos();
        long startAllocated = Cpu.allocatedBytes(Thread.currentThread().getId());
        generator.poll(0, 1);
        long pushed = 0;
        while (true) {
            List<Object[]> rows = generator.poll(3_600_000_000_000L, CHUNK_ROWS);
            if (rows.isEmpty()) {
                break;
            }
            byte[] ops = new byte[rows.size()];
            Arrays.fill(ops, Op.INSERT.code());
            sink.chunk(0, new StreamChunk(ops, Chunk.ofRows(TYPES, rows)));
            pushed += rows.size();
        }
        long cpu = Cpu.currentThreadNanos() - startCpu;
        long allocated = Cpu.allocatedBytes(Thread.currentThread().getId()) - startAllocated;
        return new Iteration(pushed, sink.rows, System.nanoTime() - startWall, cpu, allocated);
    }

    /** Chunks of 1024 insert rows: id a sequence, k uniform in 1..groups, v uniform in 0..100. */
    static List<StreamChunk> chunks(int groups, int count) {
        SplittableRandom random = new SplittableRandom(42);
        List<StreamChunk> chunks = new ArrayList<>(count);
        long id = 1;
        for (int c = 0; c < count; c++) {
            long[] ids = new long[CHUNK_ROWS];
            long[] keys = new long[CHUNK_ROWS];
            long[] values = new long[CHUNK_ROWS];
            for (int i = 0; i < CHUNK_ROWS; i++) {
                ids[i] = id++;
                keys[i] = random.nextLong(1, groups + 1L);
                values[i] = random.nextLong(0, 101);
            }
            List<Column> columns = List.of(new LongColumn(DataType.BIGINT, ids, null, CHUNK_ROWS),
                    new LongColumn(DataType.INTEGER, keys, null, CHUNK_ROWS),
                    new LongColumn(DataType.BIGINT, values, null, CHUNK_ROWS));
            byte[] ops = new byte[CHUNK_ROWS];
            Arrays.fill(ops, Op.INSERT.code());
            chunks.add(new StreamChunk(ops, columns, CHUNK_ROWS));
        }
        return chunks;
    }

    /** The end of the pipeline: counts what arrives. */
    private static final class CountingSink implements StreamOperator {
        long rows;
        long barriers;

        @Override
        public void chunk(int input, StreamChunk chunk) {
            rows += chunk.visibleCount();
        }

        @Override
        public void barrier(int input, Barrier barrier) {
            barriers++;
        }
    }

    static Options parse(String[] args) {
        long rows = 5_000_000;
        int groups = 10_000;
        long barrierRows = 100_000;
        int warmups = 3;
        int iterations = 5;
        List<Stage> stages = List.of(Stage.FILTER, Stage.AGG, Stage.VIEW, Stage.DATAGEN);
        Path profile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--rows" -> rows = Long.parseLong(value(args, ++i, arg).replace("_", ""));
                case "--groups" -> groups = Integer.parseInt(value(args, ++i, arg));
                case "--barrier-rows" -> barrierRows = Long.parseLong(value(args, ++i, arg).replace("_", ""));
                case "--warmups" -> warmups = Integer.parseInt(value(args, ++i, arg));
                case "--iterations" -> iterations = Integer.parseInt(value(args, ++i, arg));
                case "--stages" -> {
                    stages = new ArrayList<>();
                    for (String name : value(args, ++i, arg).split(",")) {
                        stages.add(Stage.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                    }
                }
                case "--jfr" -> profile = Path.of(value(args, ++i, arg));
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        if (rows < 1 || groups < 1 || barrierRows < 1 || warmups < 0 || iterations < 1) {
            throw new IllegalArgumentException("rows, groups, barrier-rows and iterations must be positive\n" + usage());
        }
        return new Options(rows, groups, barrierRows, warmups, iterations, stages, profile);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    static String usage() {
        return String.join("\n",
                "usage: java -cp bench/target/freshet-bench.jar io.freshet.bench.OperatorBench [options]",
                "  --rows N           rows pushed per iteration (default 5000000)",
                "  --groups G         distinct GROUP BY keys (default 10000)",
                "  --barrier-rows B   a checkpoint barrier every B rows (default 100000)",
                "  --warmups W        unmeasured iterations per stage first (default 3)",
                "  --iterations I     measured iterations per stage; the median is reported (default 5)",
                "  --stages LIST      of filter, agg, view, datagen (default all)",
                "  --jfr FILE         record each stage's measured iterations into <stage>-FILE (see JfrHotMethods)");
    }
}
