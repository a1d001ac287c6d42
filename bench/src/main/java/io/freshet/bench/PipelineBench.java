package io.freshet.bench;

import io.freshet.common.DataType;
import io.freshet.executor.connector.DatagenConnector;
import io.freshet.server.engine.Database;
import io.freshet.server.session.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * End-to-end throughput of the pipeline of the throughput issue: a datagen table of N rows
 * ({@code id} a sequence, {@code k} random in 1..groups, {@code v} random in 0..100) feeding the
 * view {@code SELECT k, COUNT(*), SUM(v) FROM events WHERE v > 10 GROUP BY k}, in one process, on a
 * RocksDB store, through an in-process session (no wire protocol).
 *
 * <p>A run opens a fresh database in a temporary directory, creates the table and right after it
 * the view (the datagen starts producing as soon as the table is deployed, so the rows produced
 * while the view is planned reach the view through its backfill), and stops the clock when the
 * view's committed contents count every row that passes the filter. The expected count comes from
 * running the same {@link DatagenConnector} in the harness before the run; after the run it is
 * checked against the table with SQL, outside the timed window.
 *
 * <p>Every dataflow runs on the one dataflow thread, so rows per second of a run is rows per
 * second of one core; the CPU time of that thread and of the whole process (RocksDB's background
 * threads, JIT, GC) give rows per CPU-second.
 */
public final class PipelineBench {
    static final String VIEW = "CREATE MATERIALIZED VIEW agg AS SELECT k, COUNT(*) AS n, SUM(v) AS total "
            + "FROM events WHERE v > 10 GROUP BY k";
    static final String VIEW_COUNT = "SELECT sum(n) FROM agg";
    private static final int FILTER_THRESHOLD = 10;

    /** What is measured: the table with or without a primary key, with the view or alone. */
    public enum Variant {
        /** The pipeline: a table without primary key (hidden row id) and the view. */
        NOPK("id BIGINT, k INT, v BIGINT", true),
        /** The same with {@code id} the table's primary key. */
        PK("id BIGINT PRIMARY KEY, k INT, v BIGINT", true),
        /**
         * The keyed table with, instead of the aggregation, a view that keeps only the last row
         * ({@code WHERE id = N}) to signal completion: the cost of ingestion (datagen, table
         * materialization, commits) plus a filter.
         */
        TABLE("id BIGINT PRIMARY KEY, k INT, v BIGINT", false);

        private final String columns;
        private final boolean view;

        Variant(String columns, boolean view) {
            this.columns = columns;
            this.view = view;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean hasView() {
            return view;
        }
    }

    /** Options of a benchmark invocation; see {@link #usage()}. */
    public record Options(long rows, int groups, long barrierMillis, int warmups, int runs, List<Variant> variants,
                          Path dataDir, long pollMillis, boolean flushPoll, boolean verify, long timeoutSeconds, Path profile) {
        public Options {
            variants = List.copyOf(variants);
            if (rows < 1 || groups < 1 || barrierMillis < 1 || warmups < 0 || runs < 1 || pollMillis < 1) {
                throw new IllegalArgumentException("rows, groups, barrier-ms, runs and poll-ms must be positive, warmups non-negative");
            }
        }

        public static Options defaults() {
            return new Options(2_000_000, 10_000, 250, 1, 3, List.of(Variant.NOPK, Variant.PK), null, 50, false, true, 600, null);
        }

        Options withRows(long value) {
            return new Options(value, groups, barrierMillis, warmups, runs, variants, dataDir, pollMillis, flushPoll, verify,
                    timeoutSeconds, profile);
        }
    }

    /**
     * The figures of one run. Times in nanoseconds; {@code harnessCpuNanos} is the CPU time of the
     * thread that ran the statements (DDL planning and the completion polls), part of the process's.
     */
    public record Run(Variant variant, long rows, long expectedFiltered, long viewSum, long wallNanos, long createTableNanos,
                      long createViewNanos, long viewSumAtCreate, long dataflowCpuNanos, long processCpuNanos,
                      long harnessCpuNanos, long dataflowAllocatedBytes, long gcMillis, String cpuByThread, double loadBefore,
                      double loadAfter) {
        public double rowsPerSecond() {
            return rows / (wallNanos / 1e9);
        }

        public double rowsPerDataflowCpuSecond() {
            return rows / (dataflowCpuNanos / 1e9);
        }

        public double rowsPerProcessCpuSecond() {
            return rows / (processCpuNanos / 1e9);
        }

        /** Heap bytes the dataflow thread allocated per input row. */
        public double allocatedBytesPerRow() {
            return (double) dataflowAllocatedBytes / rows;
        }
    }

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        if (options == null) {
            System.out.println(usage());
            return;
        }
        System.out.println(Machine.describe());
        System.out.printf(Locale.ROOT, "pipeline: rows=%d groups=%d barrier=%dms poll=%dms%s warmups=%d runs=%d%n",
                options.rows(), options.groups(), options.barrierMillis(), options.pollMillis(),
                options.flushPoll() ? " (FLUSH before each poll)" : "", options.warmups(), options.runs());
        System.out.println("view: " + VIEW);
        for (Variant variant : options.variants()) {
            for (int i = 0; i < options.warmups(); i++) {
                System.out.println(format(runOnce(options, variant, i == 0), "warmup " + (i + 1) + "/" + options.warmups()));
            }
            List<Run> measured = new ArrayList<>();
            try (Profiler profiler = Profiler.start(profileFile(options, variant))) {
                for (int i = 0; i < options.runs(); i++) {
                    Run run = runOnce(options, variant, options.warmups() == 0 && i == 0);
                    System.out.println(format(run, "run " + (i + 1) + "/" + options.runs()));
                    measured.add(run);
                }
            }
            System.out.println(summary(variant, measured));
        }
    }

    /** The recording of a variant's measured runs: the --jfr file, suffixed by the variant when there are several. */
    private static Path profileFile(Options options, Variant variant) {
        Path file = options.profile();
        if (file == null || options.variants().size() == 1) {
            return file;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        return file.resolveSibling(stem + "-" + variant.label() + (dot < 0 ? "" : name.substring(dot)));
    }

    /** Runs the pipeline once on a fresh database; throws when the view's result is wrong. */
    public static Run runOnce(Options options, Variant variant, boolean explain) throws IOException, InterruptedException {
        Map<String, String> datagen = datagenOptions(options.rows(), options.groups());
        long expected = expectedFiltered(datagen);
        Path dir = options.dataDir() == null ? Files.createTempDirectory("freshet-bench")
                : Files.createTempDirectory(Files.createDirectories(options.dataDir()), "freshet-bench");
        try (Database database = Database.open(dir, options.barrierMillis());
             Session session = database.openSession(Map.of("user", "bench", "database", "dev"))) {
            Cpu cpu = Cpu.ofDataflowThread();
            double loadBefore = Machine.loadAverage();
            long dataflowCpu0 = cpu.dataflowNanos();
            long allocated0 = cpu.dataflowAllocatedBytes();
            long processCpu0 = Cpu.processNanos();
            long gc0 = Cpu.gcMillis();
            long harnessCpu0 = Cpu.currentThreadNanos();
            Map<String, Long> threads0 = Cpu.nanosByThreadName();
            long start = System.nanoTime();
            execute(session, createTable(variant, datagen));
            long tableCreated = System.nanoTime();
            long viewCreated = tableCreated;
            long atCreate = 0;
            String progress;
            long target;
            if (variant.hasView()) {
                execute(session, VIEW);
                viewCreated = System.nanoTime();
                atCreate = queryLong(session, VIEW_COUNT);
                progress = VIEW_COUNT;
                target = expected;
            } else {
                // A one-row view marks the end; polling the table itself may read all of it each time.
                execute(session, "CREATE MATERIALIZED VIEW last_row AS SELECT id FROM events WHERE id = " + options.rows());
                viewCreated = System.nanoTime();
                progress = "SELECT count(*) FROM last_row";
                target = 1;
            }
            long seen = awaitValue(session, progress, target, options);
            long end = System.nanoTime();
            long dataflowCpu = cpu.dataflowNanos() - dataflowCpu0;
            long allocated = cpu.dataflowAllocatedBytes() - allocated0;
            long processCpu = Cpu.processNanos() - processCpu0;
            long gcMillis = Cpu.gcMillis() - gc0;
            long harnessCpu = Cpu.currentThreadNanos() - harnessCpu0;
            String threads = Cpu.difference(threads0, Cpu.nanosByThreadName());
            double loadAfter = Machine.loadAverage();
            if (options.verify()) {
                verify(session, variant, options.rows(), expected);
            }
            if (explain && variant.hasView()) {
                for (Object[] line : query(session, "EXPLAIN " + VIEW)) {
                    System.out.println("  " + line[0]);
                }
            }
            return new Run(variant, options.rows(), expected, variant.hasView() ? seen : -1, end - start,
                    tableCreated - start, viewCreated - tableCreated, atCreate, dataflowCpu, processCpu, harnessCpu, allocated,
                    gcMillis, threads, loadBefore, loadAfter);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** The datagen options of the table, in the order they appear in its WITH clause. */
    static Map<String, String> datagenOptions(long rows, int groups) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "datagen");
        options.put("rows_per_second", "100000000");
        options.put("datagen.max_rows", Long.toString(rows));
        options.put("fields.id.kind", "sequence");
        options.put("fields.id.start", "1");
        options.put("fields.k.kind", "random");
        options.put("fields.k.min", "1");
        options.put("fields.k.max", Integer.toString(groups));
        options.put("fields.v.kind", "random");
        options.put("fields.v.min", "0");
        options.put("fields.v.max", "100");
        return options;
    }

    static String createTable(Variant variant, Map<String, String> datagen) {
        StringBuilder sql = new StringBuilder("CREATE TABLE events (").append(variant.columns).append(") WITH (");
        String separator = "";
        for (Map.Entry<String, String> option : datagen.entrySet()) {
            sql.append(separator).append(option.getKey()).append(" = '").append(option.getValue()).append('\'');
            separator = ", ";
        }
        return sql.append(')').toString();
    }

    /** How many of the generated rows pass {@code v > 10}: the same generator, run here. */
    static long expectedFiltered(Map<String, String> datagen) {
        DatagenConnector generator = new DatagenConnector(List.of("id", "k", "v"),
                List.of(DataType.BIGINT, DataType.INTEGER, DataType.BIGINT), datagen, 0);
        generator.poll(0, 1);
        long count = 0;
        while (true) {
            // Pretends an hour has passed: every row is due at once.
            List<Object[]> rows = generator.poll(3_600_000_000_000L, 65_536);
            if (rows.isEmpty()) {
                return count;
            }
            for (Object[] row : rows) {
                if ((Long) row[2] > FILTER_THRESHOLD) {
                    count++;
                }
            }
        }
    }

    /**
     * Polls {@code sql} (one number) on the committed snapshot until it reaches {@code target}, every
     * ten poll intervals until 90% of it is there and every poll interval after that. The stop time
     * is therefore up to one barrier interval plus one poll interval late, unless
     * FLUSH-polling makes each poll commit an epoch first (at the price of extra barriers).
     */
    private static long awaitValue(Session session, String sql, long target, Options options) throws InterruptedException {
        long deadline = System.nanoTime() + options.timeoutSeconds() * 1_000_000_000L;
        long stallLimit = Math.max(10_000_000_000L, 40 * options.barrierMillis() * 1_000_000L);
        long last = Long.MIN_VALUE;
        long lastChange = System.nanoTime();
        // Prepared once: a query is analyzed on its first execution only.
        Session.Statement flush = session.prepareAll("FLUSH").get(0);
        Session.Statement poll = session.prepareAll(sql).get(0);
        while (true) {
            if (options.flushPoll()) {
                session.execute(flush, List.of());
            }
            long value = longOf(session.execute(poll, List.of()).rows());
            long now = System.nanoTime();
            if (value >= target) {
                if (value > target) {
                    throw new IllegalStateException(sql + " gave " + value + ", more than the expected " + target);
                }
                return value;
            }
            if (value != last) {
                last = value;
                lastChange = now;
            } else if (target > 1 && now - lastChange > stallLimit) {
                // A count that grows with the input stopped growing (a one-row marker cannot tell).
                throw new IllegalStateException(sql + " stalled at " + value + " of the expected " + target);
            }
            if (now > deadline) {
                throw new IllegalStateException(sql + " reached only " + value + " of " + target + " in "
                        + options.timeoutSeconds() + " s");
            }
            // Polls ten times slower until 90% is there: each poll reads the whole view, on another core.
            Thread.sleep(value < target - target / 10 ? 10 * options.pollMillis() : options.pollMillis());
        }
    }

    /** Compares the view with the table (one scan of each), outside the timed window. */
    private static void verify(Session session, Variant variant, long rows, long expected) {
        execute(session, "FLUSH");
        Object[] table = query(session, "SELECT count(*), count(CASE WHEN v > 10 THEN 1 END), "
                + "sum(CASE WHEN v > 10 THEN v END), count(DISTINCT CASE WHEN v > 10 THEN k END) FROM events").get(0);
        check("rows of events", ((Number) table[0]).longValue(), rows);
        check("rows of events WHERE v > 10", ((Number) table[1]).longValue(), expected);
        if (variant.hasView()) {
            Object[] view = query(session, "SELECT sum(n), sum(total), count(*) FROM agg").get(0);
            check("sum(n) of agg", ((Number) view[0]).longValue(), expected);
            check("sum(total) of agg", ((Number) view[1]).longValue(), ((Number) table[2]).longValue());
            check("groups of agg", ((Number) view[2]).longValue(), ((Number) table[3]).longValue());
        }
    }

    private static void check(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(what + " gave " + actual + ", expected " + expected);
        }
    }

    static void execute(Session session, String sql) {
        for (Session.Statement statement : session.prepareAll(sql)) {
            session.execute(statement, List.of());
        }
    }

    static List<Object[]> query(Session session, String sql) {
        List<Session.Statement> statements = session.prepareAll(sql);
        if (statements.size() != 1) {
            throw new IllegalArgumentException("one statement expected: " + sql);
        }
        return session.execute(statements.get(0), List.of()).rows();
    }

    /** The single number {@code sql} returns; NULL (e.g. sum over no rows) is 0. */
    static long queryLong(Session session, String sql) {
        return longOf(query(session, sql));
    }

    private static long longOf(List<Object[]> rows) {
        Object value = rows.isEmpty() ? null : rows.get(0)[0];
        return value == null ? 0 : ((Number) value).longValue();
    }

    static String format(Run run, String label) {
        String view = run.variant().hasView()
                ? String.format(Locale.ROOT, " view-created-after=%.2fs (view at %,d rows)", run.createViewNanos() / 1e9,
                        run.viewSumAtCreate())
                : "";
        return String.format(Locale.ROOT,
                "%-5s %-11s rows=%,d filtered=%,d wall=%.3fs rows/s=%,.0f | dataflow-thread cpu=%.2fs rows/cpu-s=%,.0f"
                        + " alloc=%,.0f B/row"
                        + " | process cpu=%.2fs rows/cpu-s=%,.0f (of which harness %.2fs) gc=%.2fs | create-table=%.2fs%s"
                        + " | load %.2f->%.2f%n      cpu by thread: %s",
                run.variant().label(), label, run.rows(), run.expectedFiltered(), run.wallNanos() / 1e9, run.rowsPerSecond(),
                run.dataflowCpuNanos() / 1e9, run.rowsPerDataflowCpuSecond(), run.allocatedBytesPerRow(),
                run.processCpuNanos() / 1e9, run.rowsPerProcessCpuSecond(), run.harnessCpuNanos() / 1e9, run.gcMillis() / 1e3,
                run.createTableNanos() / 1e9, view, run.loadBefore(), run.loadAfter(), run.cpuByThread());
    }

    static String summary(Variant variant, List<Run> runs) {
        return String.format(Locale.ROOT,
                "%-5s MEDIAN of %d: rows/s=%,.0f  rows per dataflow-thread cpu-s=%,.0f  rows per process cpu-s=%,.0f"
                        + "  dataflow-thread alloc=%,.0f B/row"
                        + "  (rows/s of runs: %s)",
                variant.label(), runs.size(), Stats.median(runs.stream().mapToDouble(Run::rowsPerSecond).toArray()),
                Stats.median(runs.stream().mapToDouble(Run::rowsPerDataflowCpuSecond).toArray()),
                Stats.median(runs.stream().mapToDouble(Run::rowsPerProcessCpuSecond).toArray()),
                Stats.median(runs.stream().mapToDouble(Run::allocatedBytesPerRow).toArray()),
                Stats.list(runs.stream().mapToDouble(Run::rowsPerSecond).toArray()));
    }

    static Options parse(String[] args) {
        Options o = Options.defaults();
        long rows = o.rows();
        int groups = o.groups();
        long barrier = o.barrierMillis();
        int warmups = o.warmups();
        int runs = o.runs();
        List<Variant> variants = o.variants();
        Path dataDir = o.dataDir();
        long poll = o.pollMillis();
        boolean flushPoll = o.flushPoll();
        boolean verify = o.verify();
        long timeout = o.timeoutSeconds();
        Path profile = o.profile();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--rows" -> rows = Long.parseLong(value(args, ++i, arg).replace("_", ""));
                case "--groups" -> groups = Integer.parseInt(value(args, ++i, arg));
                case "--barrier-ms" -> barrier = Long.parseLong(value(args, ++i, arg));
                case "--warmups" -> warmups = Integer.parseInt(value(args, ++i, arg));
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, arg));
                case "--variants" -> {
                    variants = new ArrayList<>();
                    for (String name : value(args, ++i, arg).split(",")) {
                        variants.add(Variant.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                    }
                }
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--poll-ms" -> poll = Long.parseLong(value(args, ++i, arg));
                case "--flush-poll" -> flushPoll = true;
                case "--no-verify" -> verify = false;
                case "--timeout-s" -> timeout = Long.parseLong(value(args, ++i, arg));
                case "--jfr" -> profile = Path.of(value(args, ++i, arg));
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        return new Options(rows, groups, barrier, warmups, runs, variants, dataDir, poll, flushPoll, verify, timeout, profile);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    static String usage() {
        return String.join("\n",
                "usage: java -cp bench/target/freshet-bench.jar io.freshet.bench.PipelineBench [options]",
                "  --rows N          rows the datagen table produces (default 2000000)",
                "  --groups G        distinct values of the GROUP BY key k (default 10000)",
                "  --barrier-ms MS   barrier (epoch commit) interval (default 250, the server's default)",
                "  --warmups W       unmeasured runs per variant first (default 1)",
                "  --runs R          measured runs per variant; the median is reported (default 3)",
                "  --variants LIST   of nopk (issue's pipeline), pk (table keyed by id), table (keyed table and a",
                "                    one-row filter view instead of the aggregation);",
                "                    default nopk,pk",
                "  --poll-ms MS      interval of the completion poll on the committed view once 90% of the rows are",
                "                    there, ten times that before (default 50)",
                "  --flush-poll      FLUSH before each poll (exact stop time, but one extra barrier per poll)",
                "  --data-dir DIR    parent of the temporary database directories (default java.io.tmpdir)",
                "  --no-verify       skip the SQL check of table and view after each run",
                "  --timeout-s S     give up a run after S seconds (default 600)",
                "  --jfr FILE        record the measured runs (not the warm-ups) with Flight Recorder into FILE",
                "                    (FILE-<variant>.jfr when several variants run); see JfrHotMethods");
    }

    /** Deletes a benchmark's temporary directory and everything in it. */
    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
