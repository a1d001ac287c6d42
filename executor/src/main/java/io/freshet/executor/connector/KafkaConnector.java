package io.freshet.executor.connector;

import io.freshet.common.Chunk;
import io.freshet.common.DataType;
import io.freshet.executor.runtime.TableInput;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka} connector of a table, or of one view's read of a source: records of a topic,
 * decoded by {@link KafkaRecordDecoder} by the FORMAT and ENCODE of the {@link KafkaOptions}.
 *
 * <p><b>Threads.</b> {@link KafkaReader} threads ({@code scan.parallelism}, by default one per
 * processor) each own a share of the partitions: they poll, decode and hand batches to the
 * dataflow thread through one small bounded queue; when the queue is full they wait, which is the
 * back-pressure. {@link #poll} on the dataflow thread only drains that queue, so a slow or
 * unreachable broker never blocks the dataflows.
 *
 * <p><b>Exactly once.</b> The dataflow thread keeps, per partition, the offset after the last record
 * it pushed (good or bad); {@link #position()} serializes those offsets and the caller saves them in
 * the same epoch write batch as the state the records produced. At restart each partition is read
 * from its saved offset, so the records of an uncommitted epoch are read again and no committed
 * record is read twice. Partitions without a saved offset start at {@code scan.startup.mode}; the
 * offsets a reader resolves are passed back to the dataflow thread before any record, so an epoch
 * committed before the first record already pins the start.
 *
 * <p><b>Bad records</b> are skipped (or keep a NULL field) and counted ({@link #badRecords()}, the
 * last {@value #ERRORS_KEPT} in {@link #errors()}); at most one log line per second names a bad
 * record's partition, offset and reason. With {@code dead_letter.topic}, the readers also copy each
 * bad record, raw, to that topic with the error in headers. This is at least once: the records of
 * an epoch that was not committed before a crash are read, and their bad ones copied, again.
 */
public final class KafkaConnector implements TableInput.Connector {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnector.class);

    /** Header names of a dead-letter record. */
    public static final String HEADER_ERROR = "freshet.error";
    public static final String HEADER_TOPIC = "freshet.source.topic";
    public static final String HEADER_PARTITION = "freshet.source.partition";
    public static final String HEADER_OFFSET = "freshet.source.offset";
    /** Bad records kept per connector for {@code freshet_source_errors}. */
    public static final int ERRORS_KEPT = 1000;
    /** Bytes of a bad record's value shown in {@code freshet_source_errors}. */
    public static final int PAYLOAD_SAMPLE = 256;
    /** Polls (of up to max.poll.records each) buffered between the readers and the dataflow thread. */
    private static final int QUEUE_BATCHES = 32;
    /** How soon the dataflow thread looks again when the readers had nothing for it. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Length of the window over which records/s is measured. */
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String owner;
    private final String topic;
    private final int width;
    /** Whether readers hand over chunks of inserts ({@link #pollChunk}) instead of rows. */
    private final boolean columnar;
    private final ConcurrentSkipListMap<Integer, PartitionStats> stats = new ConcurrentSkipListMap<>();
    private final ArrayDeque<SourceError> errors = new ArrayDeque<>();
    private long rateWindowStart = Long.MIN_VALUE;
    /** Next offset per partition, of the records pushed so far; dataflow thread only. */
    private final TreeMap<Integer, Long> offsets = new TreeMap<>();
    private final BlockingQueue<List<KafkaReader.Item>> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final AtomicLong badRecords = new AtomicLong();
    private final List<KafkaReader> readers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private volatile boolean running = true;
    private List<KafkaReader.Item> current = List.of();
    private int index;
    private long lastLogNanos = Long.MIN_VALUE;
    private long suppressed;

    /** A bad record as {@code freshet_source_errors} shows it; {@code timeMicros} since the epoch. */
    public record SourceError(int partition, long offset, String error, String payload, long timeMicros) {
    }

    /**
     * One partition's progress as {@code freshet_source_progress} shows it: the offset saved with the
     * last epoch checkpoint, the next offset to read, the partition's high watermark (-1 until
     * known), and counters since this connector started.
     */
    public record Progress(int partition, long committedOffset, long nextOffset, long highWatermark, long records,
                           long bytes, long badRecords, double recordsPerSecond) {
        /** Records in the topic not read yet; -1 while the high watermark is unknown. */
        public long lag() {
            return highWatermark < 0 ? -1 : Math.max(0, highWatermark - nextOffset);
        }
    }

    /** Counters of one partition; written by one thread each (see the fields), read by any. */
    private static final class PartitionStats {
        volatile long committed = -1;     // dataflow thread
        volatile long next = -1;          // dataflow thread
        volatile long highWatermark = -1; // its reader thread
        volatile long records;            // dataflow thread
        volatile long bytes;              // dataflow thread
        volatile long bad;                // dataflow thread
        volatile double rate;             // dataflow thread
        long windowRecords;               // dataflow thread
    }

    /**
     * Starts consuming for {@code owner} (a table, or a view's read of a source; names threads and
     * log lines) from {@code savedPosition} (null: new). The columns are the visible ones;
     * {@code keyColumns} (indexes into them) is the primary key, which {@code FORMAT UPSERT} reads
     * from each record's key.
     */
    public KafkaConnector(String owner, List<String> names, List<DataType> types, boolean[] notNull, int[] keyColumns,
                          Map<String, String> options, byte[] savedPosition) {
        KafkaOptions parsed = KafkaOptions.parse(options);
        this.owner = owner;
        this.topic = parsed.topic();
        this.width = names.size();
        String[] includes = new String[width];
        for (int c = 0; c < width; c++) {
            includes[c] = options.get(KafkaOptions.INCLUDE + names.get(c));
        }
        // Only FORMAT PLAIN never deletes, so only its records can travel as chunks of inserts.
        this.columnar = !parsed.upsert() && !parsed.debezium();
        Map<Integer, Long> saved = KafkaOptions.parsePosition(savedPosition);
        offsets.putAll(saved);
        this.deadLetters = deadLetterProducer(parsed, owner);
        int count = parsed.parallelism() > 0 ? parsed.parallelism()
                : Math.min(KafkaOptions.MAX_PARALLELISM, Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < count; i++) {
            KafkaRecordDecoder decoder = new KafkaRecordDecoder(parsed, names, types, notNull, keyColumns, includes);
            KafkaReader reader = new KafkaReader(this, parsed, owner, i, count, parsed.consumerConfig(), saved, decoder,
                    deadLetters, columnar ? List.copyOf(types) : null);
            Thread thread = new Thread(reader, "kafka-" + owner + (count == 1 ? "" : "-" + i));
            thread.setDaemon(true);
            readers.add(reader);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    /** Records skipped as bad since this connector started. */
    public long badRecords() {
        return badRecords.get();
    }

    public String topic() {
        return topic;
    }

    /** How many consumer threads read the topic. */
    public int parallelism() {
        return readers.size();
    }

    /** The last {@link #ERRORS_KEPT} bad records, oldest first. */
    public List<SourceError> errors() {
        synchronized (errors) {
            return new ArrayList<>(errors);
        }
    }

    /** Each assigned partition's progress, by partition. */
    public List<Progress> progress() {
        List<Progress> out = new ArrayList<>();
        for (Map.Entry<Integer, PartitionStats> entry : stats.entrySet()) {
            PartitionStats s = entry.getValue();
            out.add(new Progress(entry.getKey(), s.committed, s.next, s.highWatermark, s.records, s.bytes, s.bad, s.rate));
        }
        return out;
    }

    /**
     * Whether {@code row}, as returned by {@link #poll}, deletes the stored row with its primary key
     * (a {@code FORMAT UPSERT} tombstone): such rows carry one extra trailing slot and only their key
     * columns are set.
     */
    @Override
    public boolean isDelete(Object[] row) {
        return row.length > width;
    }

    private PartitionStats stats(int partition) {
        return stats.computeIfAbsent(partition, p -> new PartitionStats());
    }

    boolean running() {
        return running;
    }

    /** A reader's latest high watermark of one of its partitions. */
    void highWatermark(int partition, long offset) {
        stats(partition).highWatermark = offset;
    }

    /** Queues a reader's batch for the dataflow thread, waiting while the queue is full; false once closed. */
    boolean hand(List<KafkaReader.Item> batch) throws InterruptedException {
        while (running) {
            if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Object[]> poll(long nowNanos, int limit) {
        List<Object[]> rows = null;
        KafkaReader.Batch batch;
        while ((rows == null || rows.size() < limit) && (batch = take()) != null) {
            account(batch, nowNanos);
            if (rows == null) {
                rows = batch.rows();
            } else {
                rows.addAll(batch.rows());
            }
        }
        updateRates(nowNanos);
        return rows == null ? List.of() : rows;
    }

    /** FORMAT PLAIN: every record is an insert, so the readers hand over columns. */
    @Override
    public boolean columnar() {
        return columnar;
    }

    @Override
    public Chunk pollChunk(long nowNanos) {
        KafkaReader.Batch batch = take();
        if (batch != null) {
            account(batch, nowNanos);
        }
        updateRates(nowNanos);
        return batch == null ? null : batch.inserts();
    }

    /** The next batch from the readers, applying the start offsets queued before it; null when none is queued. */
    private KafkaReader.Batch take() {
        while (true) {
            if (index == current.size()) {
                List<KafkaReader.Item> next = queue.poll();
                if (next == null) {
                    return null;
                }
                current = next;
                index = 0;
            }
            KafkaReader.Item item = current.get(index++);
            if (item instanceof KafkaReader.Batch batch) {
                return batch;
            }
            for (Map.Entry<Integer, Long> entry : ((KafkaReader.Start) item).offsets().entrySet()) {
                offsets.putIfAbsent(entry.getKey(), entry.getValue());
                PartitionStats s = stats(entry.getKey());
                if (s.next < 0) {
                    s.next = offsets.get(entry.getKey());
                }
            }
        }
    }

    /** Moves each partition of {@code batch} past its records (good or bad) and counts them. */
    private void account(KafkaReader.Batch batch, long nowNanos) {
        int[] partitions = batch.partitions();
        for (int i = 0; i < partitions.length; i++) {
            offsets.put(partitions[i], batch.nextOffsets()[i]);
            PartitionStats s = stats(partitions[i]);
            s.next = batch.nextOffsets()[i];
            s.records += batch.records()[i];
            s.bytes += batch.bytes()[i];
            s.bad += batch.bad()[i];
        }
        for (KafkaRecordDecoder.Decoded record : batch.errors()) {
            badRecord(record, nowNanos);
        }
    }

    private void updateRates(long nowNanos) {
        if (rateWindowStart == Long.MIN_VALUE) {
            rateWindowStart = nowNanos;
            return;
        }
        long elapsed = nowNanos - rateWindowStart;
        if (elapsed < RATE_WINDOW_NANOS) {
            return;
        }
        for (PartitionStats s : stats.values()) {
            long records = s.records;
            s.rate = (records - s.windowRecords) * 1e9 / elapsed;
            s.windowRecords = records;
        }
        rateWindowStart = nowNanos;
    }

    private void badRecord(KafkaRecordDecoder.Decoded record, long nowNanos) {
        badRecords.incrementAndGet();
        synchronized (errors) {
            if (errors.size() == ERRORS_KEPT) {
                errors.removeFirst();
            }
            errors.addLast(new SourceError(record.partition(), record.offset(), record.error(), record.payload(),
                    System.currentTimeMillis() * 1000L));
        }
        if (lastLogNanos != Long.MIN_VALUE && nowNanos - lastLogNanos < LOG_INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        LOG.warn("{}: {} bad record at topic {} partition {} offset {}: {}{}", owner,
                record.row() == null ? "skipped" : "kept (a field set to NULL)", topic, record.partition(),
                record.offset(), record.error(), suppressed == 0 ? "" : " (" + suppressed + " more bad records not logged)");
        lastLogNanos = nowNanos;
        suppressed = 0;
    }

    @Override
    public long nanosUntilDue(long nowNanos) {
        return index < current.size() || !queue.isEmpty() ? 0 : IDLE_NANOS;
    }

    @Override
    public byte[] position() {
        for (Map.Entry<Integer, Long> entry : offsets.entrySet()) {
            stats(entry.getKey()).committed = entry.getValue();
        }
        return KafkaOptions.formatPosition(offsets);
    }

    @Override
    public void close() {
        running = false;
        readers.forEach(KafkaReader::wakeup);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (deadLetters != null) {
            // Bounded: an unreachable broker must not hold up the close.
            deadLetters.close(Duration.ofSeconds(2));
        }
    }

    private static KafkaProducer<byte[], byte[]> deadLetterProducer(KafkaOptions options, String owner) {
        if (options.deadLetterTopic() == null) {
            return null;
        }
        Map<String, Object> config = new HashMap<>();
        for (Map.Entry<String, Object> entry : options.consumerConfig().entrySet()) {
            if (ProducerConfig.configNames().contains(entry.getKey())) {
                config.put(entry.getKey(), entry.getValue());
            }
        }
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "freshet-dead-letter-" + owner.replace('/', '.'));
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
