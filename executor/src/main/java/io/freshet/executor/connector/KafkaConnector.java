package io.freshet.executor.connector;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka} connector ({@code FORMAT PLAIN ENCODE JSON}): appends each record of a topic,
 * decoded by {@link JsonRowDecoder}, to its table.
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
    private static final String PROPERTIES = "properties.";
    /** Consumer settings the connector owns; a {@code properties.*} option may not override them. */
    private static final Set<String> RESERVED = Set.of(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
    private static final int QUEUE_BATCHES = 8;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String table;
    private final String topic;
    private final boolean earliest;
    private final Map<String, Object> consumerConfig;
    private final JsonRowDecoder decoder;
    private final Map<Integer, Long> saved;
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

    /** A record's row, or null with the reason when it is bad. */
    private record Record(int partition, long offset, Object[] row, String error) implements Item {
    }

    /** The validated options of a kafka table. */
    public record Options(String topic, String bootstrap, boolean earliest, Map<String, Object> consumerConfig) {
    }

    /**
     * Checks the WITH options (42601 naming an unknown option, 22023 naming a missing or bad one)
     * without contacting Kafka.
     */
    public static Options parseOptions(Map<String, String> options) {
        String topic = null;
        String bootstrap = null;
        boolean earliest = true;
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
                    + BOOTSTRAP + ", " + STARTUP_MODE + " (earliest|latest), properties.<kafka consumer setting>");
        }
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
        return new Options(topic, bootstrap, earliest, Map.copyOf(config));
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
     * table). The columns are the table's visible ones.
     */
    public KafkaConnector(String table, List<String> names, List<DataType> types, boolean[] notNull,
                          Map<String, String> options, byte[] savedPosition) {
        Options parsed = parseOptions(options);
        this.table = table;
        this.topic = parsed.topic();
        this.earliest = parsed.earliest();
        Map<String, Object> config = new HashMap<>(parsed.consumerConfig());
        // One client id per table: clients of one JVM must not share one (their metrics would clash).
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-" + table);
        this.consumerConfig = Map.copyOf(config);
        this.decoder = new JsonRowDecoder(names, types, notNull);
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
                }
                continue;
            }
            Record record = (Record) item;
            offsets.put(record.partition(), record.offset() + 1);
            if (record.row() == null) {
                badRecord(record, nowNanos);
                continue;
            }
            if (rows == null) {
                rows = new ArrayList<>(Math.min(limit, 512));
            }
            rows.add(record.row());
        }
        return rows == null ? List.of() : rows;
    }

    private void badRecord(Record record, long nowNanos) {
        badRecords.incrementAndGet();
        if (lastLogNanos != Long.MIN_VALUE && nowNanos - lastLogNanos < LOG_INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        LOG.warn("table {}: skipped bad record at topic {} partition {} offset {}: {}{}", table, topic, record.partition(),
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
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
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
                } else if (earliest) {
                    c.seekToBeginning(List.of(partition));
                } else {
                    c.seekToEnd(List.of(partition));
                }
                start.put(partition.partition(), c.position(partition));
            }
            LOG.info("table {}: reading Kafka topic {} from offsets {}", table, topic, new TreeMap<>(start));
            hand(List.of(new Start(start)));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<Item> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    batch.add(decode(record));
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

    private Item decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return new Record(record.partition(), record.offset(), decoder.decode(record.value()), null);
        } catch (JsonRowDecoder.BadRecordException e) {
            return new Record(record.partition(), record.offset(), null, e.getMessage());
        }
    }

    private static FreshetException invalid(String message) {
        return new FreshetException(SqlState.INVALID_PARAMETER_VALUE, message);
    }
}
