package io.freshet.executor.connector;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.connector.avro.AvroRowDecoder;
import io.freshet.executor.runtime.TableInput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka} connector: appends each record of a topic, decoded by {@link JsonRowDecoder}
 * ({@code ENCODE JSON}) or {@link CsvRowDecoder} ({@code ENCODE CSV}), to its table;
 * {@code FORMAT UPSERT} takes the primary key from the record key (a null value deletes), and
 * {@code FORMAT DEBEZIUM} reads Debezium change events ({@link JsonRowDecoder#decodeDebezium}).
 *
 * <p><b>Dead letters.</b> With {@code dead_letter.topic}, the consumer thread also copies each bad
 * record, raw, to that topic with the error in headers. This is at least once: the records of an
 * epoch that was not committed before a crash are read, and their bad ones copied, again.
 *
 * <p><b>Threads.</b> A consumer thread owns the {@link KafkaConsumer}: it assigns every partition
 * of the topic manually (no consumer group, nothing is committed to Kafka), seeks, polls, decodes,
 * and hands batches of decoded records to the dataflow thread through a small bounded queue; when
 * the queue is full it waits, which is the back-pressure. {@link #poll} on the dataflow thread only
 * drains that queue, so a slow or unreachable broker never blocks the dataflows.
 *
 * <p><b>Exactly once.</b> The dataflow thread keeps, per partition, the offset after the last record
 * it pushed into the table (good or bad); {@link #position()} serializes those offsets and the table
 * saves them in the same epoch write batch as the state the records produced. At restart the
 * consumer seeks each partition to its saved offset, so the records of an uncommitted epoch are read
 * again and no committed record is read twice. Partitions without a saved offset start at
 * {@code scan.startup.mode} (earliest or latest); the offsets that mode resolves to are passed back
 * to the dataflow thread before any record, so an epoch committed before the first record already
 * pins the start.
 *
 * <p><b>Bad records</b> (see {@link JsonRowDecoder}) are skipped and counted ({@link #badRecords()});
 * at most one log line per second names a bad record's partition, offset and reason.
 */
public final class KafkaConnector implements TableInput.Connector {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnector.class);

    public static final String TOPIC = "topic";
    public static final String BOOTSTRAP = "properties.bootstrap.server";
    public static final String STARTUP_MODE = "scan.startup.mode";
    /** Set by CREATE TABLE from the FORMAT clause ({@code plain}, {@code upsert} or {@code debezium}); not a user option. */
    public static final String FORMAT = "format";
    /** Set by CREATE TABLE from the ENCODE clause ({@code json} or {@code csv}); not a user option. */
    public static final String ENCODE = "encode";
    /** Set by CREATE TABLE from {@code ENCODE CSV (delimiter = …)}; not a user option. */
    public static final String CSV_DELIMITER = "encode.delimiter";
    /** Set by CREATE TABLE from {@code ENCODE CSV (without_header = …)}; not a user option. */
    public static final String CSV_WITHOUT_HEADER = "encode.without_header";
    /** Topic that bad records are copied to, raw, with the error in headers. */
    public static final String DEAD_LETTER_TOPIC = "dead_letter.topic";
    /** {@code skip} (default): a bad record is skipped; {@code null}: a bad field is NULL. */
    public static final String BAD_FIELD_MODE = "bad_field.mode";
    /** Header names of a dead-letter record. */
    public static final String HEADER_ERROR = "freshet.error";
    public static final String HEADER_TOPIC = "freshet.source.topic";
    public static final String HEADER_PARTITION = "freshet.source.partition";
    public static final String HEADER_OFFSET = "freshet.source.offset";
    /**
     * Prefix of the options CREATE TABLE sets from {@code INCLUDE} clauses: {@code include.<column>}
     * = {@code key | partition | offset | timestamp | header:<name>}; not user options.
     */
    public static final String INCLUDE = "include.";
    /** Bad records kept per table for {@code freshet_source_errors}. */
    public static final int ERRORS_KEPT = 1000;
    /** Bytes of a bad record's value shown in {@code freshet_source_errors}. */
    public static final int PAYLOAD_SAMPLE = 256;
    private static final String PROPERTIES = "properties.";
    /** Consumer settings the connector owns; a {@code properties.*} option may not override them. */
    private static final Set<String> RESERVED = Set.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
    private static final int QUEUE_BATCHES = 8;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often the consumer thread looks for new partitions and reads the high watermarks. */
    private static final long DISCOVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Length of the window over which records/s is measured. */
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String table;
    private final String topic;
    private final boolean earliest;
    private final Map<String, Object> consumerConfig;
    private final JsonRowDecoder decoder;
    /** The CSV decoder for {@code ENCODE CSV}, else null. */
    private final CsvRowDecoder csv;
    /** The Avro decoder for {@code ENCODE AVRO}, else null. */
    private final AvroRowDecoder avro;
    private final boolean debezium;
    private final String deadLetterTopic;
    private final Map<Integer, Long> saved;
    private final int[] keyColumns;
    private final int width;
    /** Per column: the record metadata it is filled from ({@code include.*}), or null. */
    private final String[] includes;
    private final java.util.concurrent.ConcurrentSkipListMap<Integer, PartitionStats> stats =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final java.util.ArrayDeque<SourceError> errors = new java.util.ArrayDeque<>();
    private long rateWindowStart = Long.MIN_VALUE;
    /** Next offset per partition, of the records pushed so far; dataflow thread only. */
    private final TreeMap<Integer, Long> offsets = new TreeMap<>();
    private final BlockingQueue<List<Item>> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final AtomicLong badRecords = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private List<Item> current = List.of();
    private int index;
    private long lastLogNanos = Long.MIN_VALUE;
    private long suppressed;

    /** One unit handed from the consumer thread: the resolved start offsets, or one decoded record. */
    private sealed interface Item permits Start, Record {
    }

    private record Start(Map<Integer, Long> offsets) implements Item {
    }

    /**
     * A record's row, or null with the reason and a payload sample when it is bad, or null without
     * an error when it is ignored (a Debezium tombstone, a CSV header line); a row with an error
     * had a bad field set to NULL ({@code bad_field.mode = 'null'}). {@code deleteFirst}, when not
     * null, is a delete pushed before {@code row} (a Debezium primary key change). {@code bytes} is
     * the size of its key and value.
     */
    private record Record(int partition, long offset, Object[] row, String error, String payload, int bytes,
                          Object[] deleteFirst) implements Item {
        Record(int partition, long offset, Object[] row, String error, String payload, int bytes) {
            this(partition, offset, row, error, payload, bytes, null);
        }
    }

    /** A bad record as {@code freshet_source_errors} shows it; {@code timeMicros} since the epoch. */
    public record SourceError(int partition, long offset, String error, String payload, long timeMicros) {
    }

    /**
     * One partition's progress as {@code freshet_source_progress} shows it: the offset saved with the
     * last epoch checkpoint, the next offset to read into the table, the partition's high watermark
     * (-1 until known), and counters since this connector started.
     */
    public record Progress(int partition, long committedOffset, long nextOffset, long highWatermark, long records,
                           long bytes, long badRecords, double recordsPerSecond) {
        /** Records in the topic not read into the table yet; -1 while the high watermark is unknown. */
        public long lag() {
            return highWatermark < 0 ? -1 : Math.max(0, highWatermark - nextOffset);
        }
    }

    /** Counters of one partition; written by one thread each (see the fields), read by any. */
    private static final class PartitionStats {
        volatile long committed = -1;     // dataflow thread
        volatile long next = -1;          // dataflow thread
        volatile long highWatermark = -1; // consumer thread
        volatile long records;            // dataflow thread
        volatile long bytes;              // dataflow thread
        volatile long bad;                // dataflow thread
        volatile double rate;             // dataflow thread
        long windowRecords;               // dataflow thread
    }

    /** The validated options of a kafka table. */
    public record Options(String topic, String bootstrap, boolean earliest, String format, boolean csv,
                          char delimiter, boolean csvHeader, String deadLetterTopic, boolean badFieldNull,
                          Map<String, Object> consumerConfig) {
        public boolean upsert() {
            return format.equals("upsert");
        }

        public boolean debezium() {
            return format.equals("debezium");
        }
    }

    /**
     * Checks the WITH options (42601 naming an unknown option, 22023 naming a missing or bad one)
     * without contacting Kafka.
     */
    public static Options parseOptions(Map<String, String> options) {
        String topic = null;
        String bootstrap = null;
        boolean earliest = true;
        String format = "plain";
        boolean csv = false;
        char delimiter = ',';
        boolean header = false;
        String deadLetter = null;
        boolean badFieldNull = false;
        Map<String, Object> config = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            String value = option.getValue();
            switch (key) {
                case "connector":
                    continue;
                case TOPIC:
                    if (value.isBlank()) {
                        throw invalid("option 'topic' must not be empty");
                    }
                    topic = value;
                    continue;
                case BOOTSTRAP:
                case "properties.bootstrap.servers":
                    if (value.isBlank()) {
                        throw invalid("option '" + key + "' must not be empty");
                    }
                    bootstrap = value;
                    continue;
                case FORMAT:
                    switch (value) {
                        case "plain", "upsert", "debezium" -> format = value;
                        default -> throw invalid("format '" + value + "' (only plain, upsert and debezium)");
                    }
                    continue;
                case ENCODE:
                    switch (value) {
                        case "json" -> csv = false;
                        case "csv" -> csv = true;
                        case "avro" -> csv = false; // options checked by AvroRowDecoder.checkOptions below
                        default -> throw invalid("encode '" + value + "' (only json, csv and avro)");
                    }
                    continue;
                case CSV_DELIMITER:
                    String d = value.equals("\\t") ? "\t" : value;
                    if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
                        throw invalid("ENCODE CSV option 'delimiter' must be one character other than a quote or a line break, not '"
                                + value + "'");
                    }
                    delimiter = d.charAt(0);
                    continue;
                case CSV_WITHOUT_HEADER:
                    switch (value.toLowerCase(Locale.ROOT)) {
                        case "true" -> header = false;
                        case "false" -> header = true;
                        default -> throw invalid("ENCODE CSV option 'without_header' must be 'true' or 'false', not '" + value + "'");
                    }
                    continue;
                case AvroRowDecoder.REGISTRY, AvroRowDecoder.DEFINITION:
                    continue;
                case DEAD_LETTER_TOPIC:
                    if (value.isBlank()) {
                        throw invalid("option '" + DEAD_LETTER_TOPIC + "' must not be empty");
                    }
                    deadLetter = value;
                    continue;
                case BAD_FIELD_MODE:
                    switch (value.toLowerCase(Locale.ROOT)) {
                        case "skip" -> badFieldNull = false;
                        case "null" -> badFieldNull = true;
                        default -> throw invalid("option '" + BAD_FIELD_MODE + "' must be 'skip' or 'null', not '" + value + "'");
                    }
                    continue;
                case STARTUP_MODE:
                    switch (value.toLowerCase(Locale.ROOT)) {
                        case "earliest" -> earliest = true;
                        case "latest" -> earliest = false;
                        default -> throw invalid("option 'scan.startup.mode' must be 'earliest' or 'latest', not '" + value + "'");
                    }
                    continue;
                default:
                    break;
            }
            if (key.startsWith(INCLUDE)) {
                includeType(value);
                continue;
            }
            if (key.startsWith(PROPERTIES)) {
                String property = key.substring(PROPERTIES.length());
                if (!ConsumerConfig.configNames().contains(property)) {
                    throw new FreshetException(SqlState.SYNTAX_ERROR, "unknown kafka option '" + key
                            + "': '" + property + "' is not a Kafka consumer setting");
                }
                if (RESERVED.contains(property)) {
                    throw invalid("option '" + key + "' cannot be set: the kafka connector manages '" + property + "'");
                }
                config.put(property, value);
                continue;
            }
            throw new FreshetException(SqlState.SYNTAX_ERROR, "unknown kafka option '" + key + "'; known: topic, "
                    + BOOTSTRAP + ", " + STARTUP_MODE + " (earliest|latest), " + DEAD_LETTER_TOPIC + ", " + BAD_FIELD_MODE
                    + " (skip|null), properties.<kafka consumer setting>");
        }
        AvroRowDecoder.checkOptions(options);
        if (topic == null) {
            throw invalid("kafka connector needs option 'topic'");
        }
        if (bootstrap == null) {
            throw invalid("kafka connector needs option '" + BOOTSTRAP + "'");
        }
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, earliest ? "earliest" : "latest");
        try {
            Map<String, Object> check = new HashMap<>(config);
            check.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            check.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            ConsumerConfig.configDef().parse(check);
        } catch (ConfigException e) {
            throw invalid("invalid kafka consumer setting: " + e.getMessage());
        }
        return new Options(topic, bootstrap, earliest, format, csv, delimiter, header, deadLetter, badFieldNull,
                Map.copyOf(config));
    }

    /**
     * The column type of an {@code INCLUDE} of {@code what} ({@code key}, {@code partition},
     * {@code offset}, {@code timestamp} or {@code header:<name>}); 42601 for anything else.
     */
    public static DataType includeType(String what) {
        return switch (what) {
            case "key" -> DataType.VARCHAR;
            case "partition" -> DataType.INTEGER;
            case "offset" -> DataType.BIGINT;
            case "timestamp" -> DataType.TIMESTAMPTZ;
            default -> {
                if (what.startsWith("header:") && what.length() > "header:".length()) {
                    yield DataType.VARCHAR;
                }
                throw new FreshetException(SqlState.SYNTAX_ERROR, "unknown INCLUDE '" + what
                        + "' (key, partition, offset, timestamp or header 'name')");
            }
        };
    }

    /**
     * Checks that the topic exists, waiting at most {@code timeout} for the brokers; 22023 naming
     * the topic or the bootstrap servers otherwise. For {@code scan.startup.mode='latest'} returns
     * the partitions' end offsets now as a {@link #position()}, else null.
     */
    public static byte[] checkTopic(Options options, Duration timeout) {
        Map<String, Object> config = new HashMap<>(options.consumerConfig());
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-create-" + options.topic());
        try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            Map<String, List<PartitionInfo>> topics = probe.listTopics(timeout);
            List<PartitionInfo> partitions = topics.get(options.topic());
            if (partitions == null || partitions.isEmpty()) {
                throw invalid("Kafka topic \"" + options.topic() + "\" does not exist at " + options.bootstrap());
            }
            if (options.deadLetterTopic() != null && !topics.containsKey(options.deadLetterTopic())) {
                throw invalid("dead-letter Kafka topic \"" + options.deadLetterTopic() + "\" (option '" + DEAD_LETTER_TOPIC
                        + "') does not exist at " + options.bootstrap());
            }
            if (options.earliest()) {
                return null;
            }
            List<TopicPartition> assigned = new ArrayList<>();
            for (PartitionInfo info : partitions) {
                assigned.add(new TopicPartition(options.topic(), info.partition()));
            }
            probe.assign(assigned);
            TreeMap<Integer, Long> offsets = new TreeMap<>();
            probe.endOffsets(assigned, timeout).forEach((partition, offset) -> offsets.put(partition.partition(), offset));
            return format(offsets);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw invalid("could not reach Kafka at " + options.bootstrap() + " (option '" + BOOTSTRAP + "') within "
                    + timeout.toSeconds() + " s");
        } catch (KafkaException e) {
            throw invalid("could not read the topics of Kafka at " + options.bootstrap() + ": " + e.getMessage());
        }
    }

    /** Decodes a position saved by {@link #position()}; empty for null. */
    public static Map<Integer, Long> parsePosition(byte[] saved) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (saved == null || saved.length == 0) {
            return offsets;
        }
        for (String entry : new String(saved, StandardCharsets.UTF_8).split(",")) {
            int colon = entry.indexOf(':');
            offsets.put(Integer.parseInt(entry.substring(0, colon)), Long.parseLong(entry.substring(colon + 1)));
        }
        return offsets;
    }

    /**
     * Starts consuming {@code options} for {@code table}, from {@code savedPosition} (null: a fresh
     * table). The columns are the table's visible ones; {@code keyColumns} (indexes into them) is
     * the primary key, which {@code FORMAT UPSERT} reads from each record's key.
     */
    public KafkaConnector(String table, List<String> names, List<DataType> types, boolean[] notNull, int[] keyColumns,
                          Map<String, String> options, byte[] savedPosition) {
        Options parsed = parseOptions(options);
        this.keyColumns = parsed.upsert() || parsed.debezium() ? keyColumns.clone() : null;
        this.debezium = parsed.debezium();
        this.deadLetterTopic = parsed.deadLetterTopic();
        this.width = names.size();
        if (parsed.upsert()) {
            // Key columns come from the record key, so the value need not carry them.
            notNull = notNull.clone();
            for (int k : keyColumns) {
                notNull[k] = false;
            }
        }
        this.table = table;
        this.topic = parsed.topic();
        this.earliest = parsed.earliest();
        Map<String, Object> config = new HashMap<>(parsed.consumerConfig());
        // One client id per table: clients of one JVM must not share one (their metrics would clash).
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-" + table);
        this.consumerConfig = Map.copyOf(config);
        this.includes = new String[names.size()];
        boolean[] skip = new boolean[names.size()];
        for (int c = 0; c < names.size(); c++) {
            includes[c] = options.get(INCLUDE + names.get(c));
            skip[c] = includes[c] != null;
        }
        this.decoder = new JsonRowDecoder(names, types, notNull, skip).badFieldAsNull(parsed.badFieldNull());
        this.csv = parsed.csv() ? new CsvRowDecoder(names, types, notNull, skip, parsed.delimiter(), parsed.csvHeader())
                .badFieldAsNull(parsed.badFieldNull()) : null;
        this.avro = "avro".equals(options.get(ENCODE))
                ? AvroRowDecoder.forTable(names, types, notNull, skip, options).badFieldAsNull(parsed.badFieldNull()) : null;
        this.saved = parsePosition(savedPosition);
        this.offsets.putAll(saved);
        this.thread = new Thread(this::consume, "kafka-" + table);
        thread.setDaemon(true);
        thread.start();
    }

    /** Records skipped as bad since this connector started. */
    public long badRecords() {
        return badRecords.get();
    }

    public String topic() {
        return topic;
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

    @Override
    public List<Object[]> poll(long nowNanos, int limit) {
        List<Object[]> rows = null;
        while (rows == null || rows.size() < limit) {
            if (index == current.size()) {
                List<Item> next = queue.poll();
                if (next == null) {
                    break;
                }
                current = next;
                index = 0;
            }
            Item item = current.get(index++);
            if (item instanceof Start start) {
                for (Map.Entry<Integer, Long> entry : start.offsets().entrySet()) {
                    offsets.putIfAbsent(entry.getKey(), entry.getValue());
                    PartitionStats s = stats(entry.getKey());
                    if (s.next < 0) {
                        s.next = offsets.get(entry.getKey());
                    }
                }
                continue;
            }
            Record record = (Record) item;
            offsets.put(record.partition(), record.offset() + 1);
            PartitionStats s = stats(record.partition());
            s.next = record.offset() + 1;
            s.records++;
            s.bytes += record.bytes();
            if (record.error() != null) {
                s.bad++;
                badRecord(record, nowNanos);
            }
            if (record.row() == null) {
                continue;
            }
            if (rows == null) {
                rows = new ArrayList<>(Math.min(limit, 512));
            }
            if (record.deleteFirst() != null) {
                rows.add(record.deleteFirst());
            }
            rows.add(record.row());
        }
        updateRates(nowNanos);
        return rows == null ? List.of() : rows;
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

    private void badRecord(Record record, long nowNanos) {
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
        LOG.warn("table {}: {} bad record at topic {} partition {} offset {}: {}{}", table,
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
        return format(offsets);
    }

    private static byte[] format(Map<Integer, Long> offsets) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<Integer, Long> entry : offsets.entrySet()) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(entry.getKey()).append(':').append(entry.getValue());
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void consume() {
        KafkaProducer<byte[], byte[]> producer = null;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            producer = deadLetterProducer();
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = partitions(c);
            if (partitions == null) {
                return;
            }
            c.assign(partitions);
            Map<Integer, Long> start = new HashMap<>();
            for (TopicPartition partition : partitions) {
                Long offset = saved.get(partition.partition());
                if (offset != null) {
                    c.seek(partition, offset);
                } else if (earliest || !saved.isEmpty()) {
                    // A partition missing from a saved position was added to the topic since: read all of it.
                    c.seekToBeginning(List.of(partition));
                } else {
                    c.seekToEnd(List.of(partition));
                }
                start.put(partition.partition(), c.position(partition));
            }
            LOG.info("table {}: reading Kafka topic {} from offsets {}", table, topic, new TreeMap<>(start));
            hand(List.of(new Start(start)));
            long nextDiscovery = System.nanoTime();
            while (running) {
                if (System.nanoTime() - nextDiscovery >= 0) {
                    discover(c);
                    nextDiscovery = System.nanoTime() + DISCOVERY_NANOS;
                }
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<Item> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    Record decoded = decode(record);
                    if (decoded.error() != null && producer != null) {
                        deadLetter(producer, record, decoded.error());
                    }
                    batch.add(decoded);
                }
                hand(batch);
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("table {}: Kafka consumer of topic {} woken up unexpectedly", table, topic, e);
            }
        } catch (InterruptException | InterruptedException e) {
            if (running) {
                LOG.error("table {}: Kafka consumer of topic {} interrupted", table, topic, e);
            }
        } catch (RuntimeException e) {
            LOG.error("table {}: Kafka consumer of topic {} failed; the table receives no more records until restart",
                    table, topic, e);
        } finally {
            consumer = null;
            if (producer != null) {
                // Bounded: an unreachable broker must not hold up the close.
                producer.close(Duration.ofSeconds(2));
            }
        }
    }

    /**
     * Assigns partitions added to the topic since the last look, from their beginning, and reads
     * the high watermark of every assigned partition. A broker that does not answer in time is
     * tried again at the next discovery.
     */
    private void discover(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
        Set<TopicPartition> assigned = c.assignment();
        try {
            // listTopics asks a broker each time; partitionsFor would answer from the metadata cache.
            List<PartitionInfo> infos = c.listTopics(Duration.ofSeconds(5)).get(topic);
            List<TopicPartition> added = new ArrayList<>();
            for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
                TopicPartition partition = new TopicPartition(topic, info.partition());
                if (!assigned.contains(partition)) {
                    added.add(partition);
                }
            }
            if (!added.isEmpty()) {
                List<TopicPartition> all = new ArrayList<>(assigned);
                all.addAll(added);
                c.assign(all);
                c.seekToBeginning(added);
                Map<Integer, Long> start = new HashMap<>();
                for (TopicPartition partition : added) {
                    start.put(partition.partition(), c.position(partition, Duration.ofSeconds(5)));
                }
                LOG.info("table {}: new partitions of Kafka topic {}, reading from offsets {}", table, topic,
                        new TreeMap<>(start));
                hand(List.of(new Start(start)));
                assigned = c.assignment();
            }
            Map<TopicPartition, Long> ends = c.endOffsets(assigned, Duration.ofSeconds(5));
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                stats(end.getKey().partition()).highWatermark = end.getValue();
            }
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // Brokers unreachable or slow: the next discovery tries again; polling goes on meanwhile.
            LOG.debug("table {}: partition discovery of topic {} failed: {}", table, topic, e.toString());
        }
    }

    /** Queues a batch for the dataflow thread, waiting while the queue is full; false once closed. */
    private boolean hand(List<Item> batch) throws InterruptedException {
        while (running) {
            if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** The topic's partitions, waiting while the topic does not exist; null when closed meanwhile. */
    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
        boolean logged = false;
        while (running) {
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                infos = List.of();
            }
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo info : infos) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
                return partitions;
            }
            if (!logged) {
                LOG.warn("table {}: Kafka topic {} not found at {} (or the brokers are unreachable); retrying", table, topic,
                        consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
                logged = true;
            }
            for (int i = 0; i < 10 && running; i++) {
                Thread.sleep(100);
            }
        }
        return null;
    }

    private Record decode(ConsumerRecord<byte[], byte[]> record) {
        int bytes = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        try {
            Object[] row;
            Object[] deleteFirst = null;
            String fieldError = null;
            if (debezium) {
                if (record.value() == null) {
                    // The tombstone Debezium writes after a delete, for log compaction: nothing to do.
                    return new Record(record.partition(), record.offset(), null, null, null, bytes);
                }
                JsonRowDecoder.Change change = decoder.decodeDebezium(record.value(), keyColumns);
                fieldError = decoder.fieldError();
                if (change.deleteKey() != null) {
                    Object[] delete = new Object[width + 1];
                    for (int k = 0; k < keyColumns.length; k++) {
                        delete[keyColumns[k]] = change.deleteKey()[k];
                    }
                    if (change.insert() == null) {
                        row = delete;
                    } else {
                        deleteFirst = delete;
                        row = change.insert();
                    }
                } else {
                    row = change.insert();
                }
            } else if (keyColumns == null) {
                if (avro != null) {
                    row = avro.decode(record.value());
                    fieldError = avro.fieldError();
                } else if (csv != null) {
                    row = csv.decode(record.value());
                    if (row == null) {
                        return new Record(record.partition(), record.offset(), null, null, null, bytes);
                    }
                    fieldError = csv.fieldError();
                } else {
                    row = decoder.decode(record.value());
                    fieldError = decoder.fieldError();
                }
            } else {
                Object[] key = decoder.decodeKey(record.key(), keyColumns);
                if (record.value() == null) {
                    row = new Object[width + 1];
                } else {
                    row = decoder.decode(record.value());
                    fieldError = decoder.fieldError();
                }
                for (int k = 0; k < keyColumns.length; k++) {
                    row[keyColumns[k]] = key[k];
                }
            }
            if (row.length == width) {
                include(record, row);
            }
            return new Record(record.partition(), record.offset(), row, fieldError,
                    fieldError == null ? null : sample(record.value()), bytes, deleteFirst);
        } catch (JsonRowDecoder.BadRecordException e) {
            return new Record(record.partition(), record.offset(), null, e.getMessage(), sample(record.value()), bytes);
        }
    }

    /**
     * Copies a bad record, raw (key, value and headers as read), to the dead-letter topic, adding
     * the headers {@value #HEADER_ERROR}, {@value #HEADER_TOPIC}, {@value #HEADER_PARTITION} and
     * {@value #HEADER_OFFSET}. Sent asynchronously; a failed send is logged.
     */
    private void deadLetter(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> record, String error) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(HEADER_ERROR, error.getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_TOPIC, topic.getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_PARTITION, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(HEADER_OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), headers), (meta, e) -> {
            if (e != null) {
                LOG.warn("table {}: could not copy the bad record at partition {} offset {} to dead-letter topic {}: {}",
                        table, record.partition(), record.offset(), deadLetterTopic, e.toString());
            }
        });
    }

    private KafkaProducer<byte[], byte[]> deadLetterProducer() {
        if (deadLetterTopic == null) {
            return null;
        }
        Map<String, Object> config = new HashMap<>();
        for (Map.Entry<String, Object> entry : consumerConfig.entrySet()) {
            if (ProducerConfig.configNames().contains(entry.getKey())) {
                config.put(entry.getKey(), entry.getValue());
            }
        }
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "freshet-dead-letter-" + table);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Fills the {@code INCLUDE} columns of {@code row} from the record's metadata. */
    private void include(ConsumerRecord<byte[], byte[]> record, Object[] row) {
        for (int c = 0; c < width; c++) {
            String what = includes[c];
            if (what == null) {
                continue;
            }
            row[c] = switch (what) {
                case "key" -> record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                case "partition" -> record.partition();
                case "offset" -> record.offset();
                case "timestamp" -> record.timestamp() < 0 ? null : record.timestamp() * 1000L;
                default -> {
                    org.apache.kafka.common.header.Header header = record.headers().lastHeader(what.substring("header:".length()));
                    yield header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
                }
            };
        }
    }

    /**
     * The first {@link #PAYLOAD_SAMPLE} bytes of a value as text: printable ASCII as is, a backslash
     * as {@code \\}, any other byte as {@code \xNN}; null for no value.
     */
    static String sample(byte[] value) {
        if (value == null) {
            return null;
        }
        int n = Math.min(value.length, PAYLOAD_SAMPLE);
        StringBuilder text = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            int b = value[i] & 0xff;
            if (b == '\\') {
                text.append("\\\\");
            } else if (b >= 0x20 && b < 0x7f) {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.toString();
    }

    private static FreshetException invalid(String message) {
        return new FreshetException(SqlState.INVALID_PARAMETER_VALUE, message);
    }
}
