package io.freshet.bench;

import io.freshet.kafkalocal.LocalKafka;
import io.freshet.server.engine.Database;
import io.freshet.server.session.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka ingestion, end to end in one process: an embedded KRaft broker, a topic of Nexmark-like bid
 * events as JSON (about 100 bytes: auction, bidder, price, channel, url, date_time), a Freshet table
 * fed by it ({@code connector='kafka'}, FORMAT PLAIN ENCODE JSON) and the view
 * {@code SELECT auction, COUNT(*) FROM bids WHERE price > 5000 GROUP BY auction}.
 *
 * <p>(a) Throughput: the topic is preloaded with N events; each run opens a fresh database, creates
 * table and view and stops the clock when the committed view counts every event that passes the
 * filter (the expected count is computed while generating the events, independently of Freshet).
 * Events per second, per dataflow-thread CPU second and per process CPU second; the median of the
 * runs.
 *
 * <p>(b) Visibility latency: a producer writes at a steady rate (default 50,000 events/s) to another
 * topic whose records carry the broker's append time ({@code LogAppendTime}); every 20 ms one of
 * them is a marker (a negative auction id that passes the filter; those of the first seconds, the
 * warm-up, are not counted). The harness polls the view for
 * markers every few milliseconds; latency = the wall clock when the marker is first seen minus its
 * Kafka timestamp (same machine clock, millisecond resolution; the poll interval adds up to one
 * interval).
 */
public final class KafkaBench {
    static final long PRICE_THRESHOLD = 5000;
    static final String VIEW = "CREATE MATERIALIZED VIEW agg AS SELECT auction, COUNT(*) AS n FROM bids WHERE price > "
            + PRICE_THRESHOLD + " GROUP BY auction";
    private static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    /** Options; see {@link #usage()}. */
    public record Options(long events, int auctions, int partitions, int runs, int warmups, long barrierMillis,
                          int rate, int latencySeconds, int warmupSeconds, long pollMillis, boolean throughput, boolean latency, Path profile,
                          boolean source) {
        public static Options defaults() {
            return new Options(2_000_000, 10_000, 4, 3, 1, 250, 50_000, 25, 5, 5, true, true, null, false);
        }

        Options tiny() {
            return new Options(20_000, 100, 2, 1, 0, barrierMillis, 5_000, 3, 1, pollMillis, true, true, null, source);
        }
    }

    /** One throughput run. */
    public record Run(long events, long expected, long viewSum, long wallNanos, long dataflowCpuNanos, long consumerCpuNanos,
                      long processCpuNanos, String cpuByThread, double load) {
        double perSecond() {
            return events / (wallNanos / 1e9);
        }

        double perDataflowCpuSecond() {
            return events / (dataflowCpuNanos / 1e9);
        }

        /** Per CPU second of the threads an event passes through: the consumers (fetch, JSON decoding) and the dataflow. */
        double perPipelineCpuSecond() {
            return events / ((dataflowCpuNanos + consumerCpuNanos) / 1e9);
        }

        double perProcessCpuSecond() {
            return events / (processCpuNanos / 1e9);
        }
    }

    /** The latency measurement: visibility latencies of the markers in ms, and the rate achieved. */
    public record Latency(long[] millis, long produced, double seconds, long viewSum, long expected) {
        long percentile(double p) {
            long[] sorted = millis.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
        }
    }

    private KafkaBench() {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        if (options == null) {
            System.out.println(usage());
            return;
        }
        System.out.println(Machine.describe());
        System.out.println("view: " + VIEW);
        try (LocalKafka kafka = LocalKafka.startTemporary()) {
            if (options.throughput()) {
                long t0 = System.nanoTime();
                long expected = preload(kafka, "bids", options);
                System.out.printf(Locale.ROOT, "preloaded %,d events (%d partitions, %,d auctions) in %.1f s; %,d pass price > %d%n",
                        options.events(), options.partitions(), options.auctions(), (System.nanoTime() - t0) / 1e9, expected,
                        PRICE_THRESHOLD);
                for (int i = 0; i < options.warmups(); i++) {
                    System.out.println(format(throughputRun(kafka, "bids", options, expected), "warmup " + (i + 1)));
                }
                List<Run> runs = new ArrayList<>();
                try (Profiler profiler = Profiler.start(options.profile())) {
                    for (int i = 0; i < options.runs(); i++) {
                        Run run = throughputRun(kafka, "bids", options, expected);
                        System.out.println(format(run, "run " + (i + 1) + "/" + options.runs()));
                        runs.add(run);
                    }
                }
                double[] perSecond = runs.stream().mapToDouble(Run::perSecond).toArray();
                double[] perCpu = runs.stream().mapToDouble(Run::perDataflowCpuSecond).toArray();
                double[] perPipeline = runs.stream().mapToDouble(Run::perPipelineCpuSecond).toArray();
                double[] perProcess = runs.stream().mapToDouble(Run::perProcessCpuSecond).toArray();
                System.out.printf(Locale.ROOT, "throughput median: %,.0f events/s, %,.0f events/dataflow-CPU-s, %,.0f events/(dataflow+consumer)-CPU-s,"
                                + " %,.0f events/process-CPU-s (runs: %s events/s)%n", Stats.median(perSecond), Stats.median(perCpu),
                        Stats.median(perPipeline), Stats.median(perProcess),
                        Stats.list(perSecond));
            }
            if (options.latency()) {
                Latency latency = latency(kafka, "live", options);
                System.out.println(format(latency, options));
            }
        }
    }

    /** Writes the events to a new topic; returns how many pass the view's filter. */
    /**
     * CPU of the consumer threads reading bids in a per-thread CPU map: {@code kafka-bids[-n]} for
     * the table, {@code kafka-agg/bids[-n]} for the view's read of the source.
     */
    private static long consumerCpu(java.util.Map<String, Long> threads) {
        long total = 0;
        for (java.util.Map.Entry<String, Long> thread : threads.entrySet()) {
            String name = thread.getKey();
            // Linux keeps the first 15 characters of a thread's name.
            if (name.startsWith("kafka-bids") || name.startsWith("kafka-agg/bids")) {
                total += thread.getValue();
            }
        }
        return total;
    }

    /** A topic whose records carry the broker's append time as their timestamp (the latency's start). */
    static void createTopic(LocalKafka kafka, String topic, int partitions) throws Exception {
        kafka.createTopic(topic, partitions, java.util.Map.of("message.timestamp.type", "LogAppendTime"));
    }

    static long preload(LocalKafka kafka, String topic, Options options) throws Exception {
        createTopic(kafka, topic, options.partitions());
        Random random = new Random(7);
        LocalDateTime start = LocalDateTime.of(2026, 11, 21, 0, 0);
        long passing = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka, 20)) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (long i = 0; i < options.events(); i++) {
                long price = 1 + random.nextInt(10_000);
                if (price > PRICE_THRESHOLD) {
                    passing++;
                }
                byte[] value = bid(1000 + random.nextInt(options.auctions()), random.nextInt(100_000), price,
                        random.nextInt(CHANNELS.length), start.plusNanos(i * 1_000_000L));
                producer.send(new ProducerRecord<>(topic, (int) (i % options.partitions()), null, value), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            if (failure.get() != null) {
                throw failure.get();
            }
        }
        return passing;
    }

    static byte[] bid(long auction, long bidder, long price, int channel, LocalDateTime time) {
        return ("{\"auction\":" + auction + ",\"bidder\":" + bidder + ",\"price\":" + price + ",\"channel\":\""
                + CHANNELS[channel] + "\",\"url\":\"https://nexmark.io/item?ch=" + channel + "&b=" + (bidder % 1000)
                + "\",\"date_time\":\"" + TIME.format(time) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer(LocalKafka kafka, int lingerMillis) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, lingerMillis,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The bids table, or with {@code source} a CREATE SOURCE (not stored: the view reads the topic itself). */
    static String createTable(LocalKafka kafka, String topic, String startup, boolean source) {
        return "CREATE " + (source ? "SOURCE" : "TABLE")
                + " bids (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, date_time TIMESTAMP)"
                + " WITH (connector = 'kafka', topic = '" + topic + "', properties.bootstrap.server = '" + kafka.bootstrap()
                + "', scan.startup.mode = '" + startup + "') FORMAT PLAIN ENCODE JSON";
    }

    /** One throughput run on a fresh database; throws when the view's count is wrong. */
    public static Run throughputRun(LocalKafka kafka, String topic, Options options, long expected) throws Exception {
        Path dir = Files.createTempDirectory("freshet-bench");
        try (Database database = Database.open(dir, options.barrierMillis());
             Session session = database.openSession(Map.of("user", "bench", "database", "dev"))) {
            Cpu cpu = Cpu.ofDataflowThread();
            long cpu0 = cpu.dataflowNanos();
            long process0 = Cpu.processNanos();
            Map<String, Long> threads0 = Cpu.nanosByThreadName();
            long start = System.nanoTime();
            PipelineBench.execute(session, createTable(kafka, topic, "earliest", options.source()));
            PipelineBench.execute(session, VIEW);
            long deadline = start + 600_000_000_000L;
            long seen;
            while ((seen = PipelineBench.queryLong(session, "SELECT sum(n) FROM agg")) < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("view reached " + seen + " of " + expected + " in 600 s");
                }
                Thread.sleep(seen < expected - expected / 10 ? 200 : options.pollMillis());
            }
            long end = System.nanoTime();
            long dataflow = cpu.dataflowNanos() - cpu0;
            long process = Cpu.processNanos() - process0;
            Map<String, Long> threads1 = Cpu.nanosByThreadName();
            // The connector's consumer threads are named kafka-<table or view/source>[-<n>] (KafkaConnector).
            long consumer = consumerCpu(threads1) - consumerCpu(threads0);
            Run run = new Run(options.events(), expected, seen, end - start, dataflow, consumer, process,
                    Cpu.difference(threads0, threads1), Machine.loadAverage());
            check("view sum", seen, expected);
            if (options.source()) {
                // A source is not stored: only the view can be checked.
                return run;
            }
            check("table rows", PipelineBench.queryLong(session, "SELECT count(*) FROM bids"), options.events());
            check("view = query", PipelineBench.queryLong(session, "SELECT count(*) FROM (SELECT auction, COUNT(*) AS n FROM bids WHERE price > "
                    + PRICE_THRESHOLD + " GROUP BY auction EXCEPT SELECT auction, n FROM agg) d"), 0);
            return run;
        } finally {
            PipelineBench.deleteRecursively(dir);
        }
    }

    /**
     * Produces at the given rate for the given time to a new topic the table reads from its end;
     * every 20 ms one record is a marker, and the view is polled for markers.
     */
    public static Latency latency(LocalKafka kafka, String topic, Options options) throws Exception {
        createTopic(kafka, topic, options.partitions());
        Path dir = Files.createTempDirectory("freshet-bench");
        try (Database database = Database.open(dir, options.barrierMillis());
             Session session = database.openSession(Map.of("user", "bench", "database", "dev"));
             KafkaProducer<byte[], byte[]> producer = producer(kafka, 0)) {
            PipelineBench.execute(session, createTable(kafka, topic, "earliest", options.source()));
            PipelineBench.execute(session, VIEW);
            Map<Long, Long> appended = new ConcurrentHashMap<>();
            AtomicLong produced = new AtomicLong();
            AtomicLong passing = new AtomicLong();
            AtomicReference<Exception> failure = new AtomicReference<>();
            AtomicLong producerNanos = new AtomicLong();
            long tickNanos = 10_000_000L;
            int perTick = Math.max(1, options.rate() / 100);
            long ticks = options.latencySeconds() * 100L;
            Thread thread = new Thread(() -> {
                Random random = new Random(11);
                long began = System.nanoTime();
                long next = began;
                long marker = 0;
                try {
                    for (long tick = 0; tick < ticks; tick++) {
                        LocalDateTime now = LocalDateTime.now();
                        for (int i = 0; i < perTick; i++) {
                            boolean isMarker = i == 0 && tick % 2 == 0;
                            long id = isMarker ? -(++marker) : 1000 + random.nextInt(options.auctions());
                            long price = isMarker ? PRICE_THRESHOLD + 1 : 1 + random.nextInt(10_000);
                            if (price > PRICE_THRESHOLD) {
                                passing.incrementAndGet();
                            }
                            long key = id;
                            producer.send(new ProducerRecord<>(topic, (int) (produced.getAndIncrement() % options.partitions()), null,
                                    bid(id, random.nextInt(100_000), price, random.nextInt(CHANNELS.length), now)), (m, e) -> {
                                        if (e != null) {
                                            failure.compareAndSet(null, e);
                                        } else if (key < 0) {
                                            appended.put(key, m.timestamp());
                                        }
                                    });
                        }
                        next += tickNanos;
                        long sleep = next - System.nanoTime();
                        if (sleep > 0) {
                            TimeUnit.NANOSECONDS.sleep(sleep);
                        }
                    }
                    producer.flush();
                    producerNanos.set(System.nanoTime() - began);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-producer");
            Map<Long, Long> seen = new ConcurrentHashMap<>();
            Session.Statement poll = session.prepareAll("SELECT auction FROM agg WHERE auction < 0").get(0);
            long t0 = System.nanoTime();
            thread.start();
            while (thread.isAlive() || seen.size() < appended.size()) {
                long now = System.currentTimeMillis();
                for (Object[] row : session.execute(poll, List.of()).rows()) {
                    seen.putIfAbsent(((Number) row[0]).longValue(), now);
                }
                if (System.nanoTime() - t0 > (options.latencySeconds() + 30) * 1_000_000_000L) {
                    throw new IllegalStateException("markers not visible: " + seen.size() + " of " + appended.size());
                }
                Thread.sleep(options.pollMillis());
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            // The first seconds are warm-up (JIT compilation, consumer start): 50 markers per second.
            long skip = 50L * options.warmupSeconds();
            long[] millis = appended.entrySet().stream().filter(e -> -e.getKey() > skip)
                    .mapToLong(e -> seen.get(e.getKey()) - e.getValue()).toArray();
            // The worst latency of each second of the run (markers are 50 per second), to tell a
            // warm-up tail from periodic stalls.
            long[] worst = new long[(int) (ticks / 100) + 1];
            for (Map.Entry<Long, Long> e : appended.entrySet()) {
                int second = (int) ((-e.getKey() - 1) / 50);
                worst[second] = Math.max(worst[second], seen.get(e.getKey()) - e.getValue());
            }
            System.out.println("worst visibility per second (ms): " + Arrays.toString(worst));
            PipelineBench.execute(session, "FLUSH");
            long viewSum = PipelineBench.queryLong(session, "SELECT sum(n) FROM agg");
            check("latency view sum", viewSum, passing.get());
            return new Latency(millis, produced.get(), producerNanos.get() / 1e9, viewSum, passing.get());
        } finally {
            PipelineBench.deleteRecursively(dir);
        }
    }

    private static void check(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + ", expected " + expected);
        }
    }

    static String format(Run run, String label) {
        return String.format(Locale.ROOT, "%s: %,d events in %.2f s = %,.0f events/s; dataflow CPU %.2f s = %,.0f events/CPU-s;"
                        + " consumer CPU %.2f s; dataflow+consumer %,.0f events/CPU-s; process CPU %.2f s = %,.0f events/CPU-s;"
                        + " load %.2f; threads: %s",
                label, run.events(), run.wallNanos() / 1e9, run.perSecond(), run.dataflowCpuNanos() / 1e9, run.perDataflowCpuSecond(),
                run.consumerCpuNanos() / 1e9, run.perPipelineCpuSecond(), run.processCpuNanos() / 1e9, run.perProcessCpuSecond(), run.load(), run.cpuByThread());
    }

    static String format(Latency latency, Options options) {
        return String.format(Locale.ROOT, "visibility at %,d events/s target (%,.0f achieved), barrier %d ms, poll %d ms: "
                        + "%d markers, p50 %d ms, p99 %d ms, max %d ms; load %.2f",
                options.rate(), latency.produced() / latency.seconds(), options.barrierMillis(), options.pollMillis(),
                latency.millis().length, latency.percentile(0.5), latency.percentile(0.99), latency.percentile(1.0),
                Machine.loadAverage());
    }

    static Options parse(String[] args) {
        Options d = Options.defaults();
        long events = d.events();
        int auctions = d.auctions();
        int partitions = d.partitions();
        int runs = d.runs();
        int warmups = d.warmups();
        long barrier = d.barrierMillis();
        int rate = d.rate();
        int seconds = d.latencySeconds();
        int warmupSeconds = d.warmupSeconds();
        long poll = d.pollMillis();
        boolean throughput = true;
        boolean latency = true;
        Path profile = null;
        boolean source = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--auctions" -> auctions = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                case "--barrier-ms" -> barrier = Long.parseLong(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[++i]);
                case "--poll-ms" -> poll = Long.parseLong(args[++i]);
                case "--throughput-only" -> latency = false;
                case "--latency-only" -> throughput = false;
                case "--jfr" -> profile = Path.of(args[++i]);
                case "--source" -> source = true;
                case "--help", "-h" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        return new Options(events, auctions, partitions, runs, warmups, barrier, rate, seconds, warmupSeconds, poll, throughput, latency,
                profile, source);
    }

    static String usage() {
        return String.join("\n",
                "usage: java -cp bench/target/freshet-bench.jar io.freshet.bench.KafkaBench [options]",
                "  --events N        events preloaded for the throughput runs (default 2000000)",
                "  --auctions A      distinct auction ids (default 10000)",
                "  --partitions P    partitions of each topic (default 4)",
                "  --warmups W / --runs R   throughput runs (default 1 / 3; the median is reported)",
                "  --barrier-ms MS   barrier (epoch commit) interval (default 250, the server's default)",
                "  --rate R          events/s of the latency measurement (default 50000)",
                "  --seconds S       duration of the latency measurement (default 25)",
                "  --warmup-seconds W  markers of the first W seconds are not counted (default 5; JIT, consumer start)",
                "  --poll-ms MS      interval of the marker poll (default 5)",
                "  --throughput-only | --latency-only",
                "  --source          read the topic through CREATE SOURCE (not stored) instead of a kafka table",
                "  --jfr FILE        record the measured throughput runs with Flight Recorder (see JfrHotMethods)");
    }
}
