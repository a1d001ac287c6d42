package io.freshet.executor.connector;

import io.freshet.common.Chunk;
import io.freshet.common.DataType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer thread of a {@link KafkaConnector}: reader {@code index} of {@code count} owns the
 * topic's partitions {@code p} with {@code p % count == index}. It assigns them itself (no consumer
 * group, nothing is committed to Kafka), seeks each to its saved offset or to where the startup
 * mode says, polls, decodes on its own thread, copies bad records to the dead-letter topic, and
 * hands batches to the connector, waiting while the connector's queue is full (back-pressure).
 * Every {@value #DISCOVERY_SECONDS} s it looks for partitions added to the topic and reads the high
 * watermarks. A partition has one reader, so its records reach the dataflow thread in order.
 */
final class KafkaReader implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReader.class);
    private static final long DISCOVERY_SECONDS = 2;
    private static final long DISCOVERY_NANOS = TimeUnit.SECONDS.toNanos(DISCOVERY_SECONDS);

    /** What a reader hands to the dataflow thread: start offsets, or a poll's decoded records. */
    sealed interface Item permits Start, Batch {
    }

    /** The offsets a reader starts its newly assigned partitions at, before any of their records. */
    record Start(Map<Integer, Long> offsets) implements Item {
    }

    /**
     * One poll's records, decoded: the rows to push in order ({@code rows}, a delete by key being a
     * row one slot wider than the columns), or, for connectors that take columns, the same rows as
     * one chunk of inserts ({@code inserts}, and {@code rows} null); per partition the offset after
     * its last record and its record, byte and bad-record counts; and the records with an error.
     */
    record Batch(List<Object[]> rows, Chunk inserts, int[] partitions, long[] nextOffsets, long[] records, long[] bytes,
                 long[] bad, List<KafkaRecordDecoder.Decoded> errors) implements Item {
    }

    private final KafkaConnector connector;
    private final KafkaOptions options;
    private final String owner;
    private final int index;
    private final int count;
    private final Map<String, Object> consumerConfig;
    private final Map<Integer, Long> saved;
    /**
     * Where each partition continues: the saved offset, then the offset after the last record
     * handed to the connector; a consumer started after a failure seeks there. Reader thread only.
     */
    private final Map<Integer, Long> resume;
    private final KafkaRecordDecoder decoder;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    /** The column types when batches carry a chunk of inserts ({@link Batch#inserts}), else null. */
    private final List<DataType> insertTypes;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private long lastHoldLog = Long.MIN_VALUE;
    /** How long a reader waits before trying a held-back record again. */
    private static final long HOLD_MILLIS = 1000;
    private static final long HOLD_LOG_NANOS = TimeUnit.SECONDS.toNanos(30);

    KafkaReader(KafkaConnector connector, KafkaOptions options, String owner, int index, int count,
                Map<String, Object> consumerConfig, Map<Integer, Long> saved, KafkaRecordDecoder decoder,
                KafkaProducer<byte[], byte[]> deadLetters, List<DataType> insertTypes) {
        this.connector = connector;
        this.options = options;
        this.owner = owner;
        this.index = index;
        this.count = count;
        Map<String, Object> config = new HashMap<>(consumerConfig);
        // One client id per consumer: clients of one JVM must not share one (their metrics would clash).
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-" + owner.replace('/', '.') + "-" + index);
        this.consumerConfig = config;
        this.saved = saved;
        this.resume = new HashMap<>(saved);
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.insertTypes = insertTypes;
    }

    private boolean mine(int partition) {
        return partition % count == index;
    }

    /** Interrupts a poll in progress; the thread then ends once the connector stopped running. */
    void wakeup() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        while (connector.running()) {
            if (consume()) {
                return;
            }
            // The consumer failed: start a new one where the last handed batch ended, after a pause.
            try {
                for (int i = 0; i < 10 && connector.running(); i++) {
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One consumer's life; true when it ended because the connector closed, false when it failed. */
    private boolean consume() {
        String topic = options.topic();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (!connector.running()) {
                return true;
            }
            List<TopicPartition> partitions = partitions(c);
            if (partitions == null) {
                return true;
            }
            c.assign(partitions);
            Map<Integer, Long> start = seekNew(c, partitions, false);
            if (!start.isEmpty()) {
                LOG.info("{}: reading Kafka topic {} from offsets {}", owner, topic, new TreeMap<>(start));
            }
            hand(new Start(start));
            long nextDiscovery = System.nanoTime() + DISCOVERY_NANOS;
            while (connector.running()) {
                if (System.nanoTime() - nextDiscovery >= 0) {
                    discover(c);
                    nextDiscovery = System.nanoTime() + DISCOVERY_NANOS;
                }
                if (c.assignment().isEmpty()) {
                    // More readers than partitions: wait for the topic to grow.
                    Thread.sleep(100);
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                BatchBuilder batch = new BatchBuilder(records.count());
                String heldBack = decode(c, records, batch);
                if (batch.count > 0) {
                    hand(batch.build());
                }
                if (heldBack != null) {
                    holdBack(heldBack);
                }
            }
            return true;
        } catch (WakeupException e) {
            if (connector.running()) {
                LOG.error("{}: Kafka consumer of topic {} woken up unexpectedly; starting a new one", owner, topic, e);
            }
            return !connector.running();
        } catch (InterruptException | InterruptedException e) {
            if (connector.running()) {
                LOG.error("{}: Kafka consumer of topic {} interrupted", owner, topic, e);
            }
            return true;
        } catch (RuntimeException e) {
            LOG.error("{}: Kafka consumer of topic {} failed; starting a new one at the offsets already read", owner, topic, e);
            return false;
        } finally {
            consumer = null;
        }
    }

    /** Hands an item to the connector and remembers where its partitions continue. */
    private void hand(Item item) throws InterruptedException {
        if (!connector.hand(List.of(item))) {
            return;
        }
        if (item instanceof Batch batch) {
            for (int i = 0; i < batch.partitions().length; i++) {
                resume.put(batch.partitions()[i], batch.nextOffsets()[i]);
            }
        } else {
            ((Start) item).offsets().forEach(resume::putIfAbsent);
        }
    }

    /**
     * Decodes {@code records} into {@code batch}, partition by partition. When a record cannot be
     * decoded yet ({@link RetryLaterException}) its partition is sought back to it and every
     * partition not decoded yet to its first record, so the next polls return them again; returns
     * the reason then, else null.
     */
    private String decode(KafkaConsumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records, BatchBuilder batch) {
        String heldBack = null;
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
            if (heldBack != null) {
                c.seek(partition, list.get(0).offset());
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : list) {
                KafkaRecordDecoder.Decoded decoded;
                try {
                    decoded = decoder.decode(record);
                } catch (RetryLaterException e) {
                    c.seek(partition, record.offset());
                    heldBack = "partition " + record.partition() + " offset " + record.offset() + ": " + e.getMessage();
                    break;
                }
                if (decoded.error() != null && deadLetters != null) {
                    deadLetter(record, decoded.error());
                }
                batch.add(record, decoded);
            }
        }
        return heldBack;
    }

    /** Collects one poll's decoded records into a {@link Batch}. */
    private final class BatchBuilder {
        final List<Object[]> rows;
        final List<KafkaRecordDecoder.Decoded> errors = new ArrayList<>();
        final Map<Integer, long[]> byPartition = new java.util.LinkedHashMap<>();
        int count;

        BatchBuilder(int records) {
            rows = new ArrayList<>(records);
        }

        void add(ConsumerRecord<byte[], byte[]> record, KafkaRecordDecoder.Decoded decoded) {
            count++;
            // next offset, records, bytes, bad
            long[] counters = byPartition.computeIfAbsent(record.partition(), p -> new long[4]);
            counters[0] = record.offset() + 1;
            counters[1]++;
            counters[2] += decoded.bytes();
            if (decoded.error() != null) {
                counters[3]++;
                errors.add(decoded);
            }
            if (decoded.row() != null) {
                if (decoded.deleteFirst() != null) {
                    rows.add(decoded.deleteFirst());
                }
                rows.add(decoded.row());
            }
        }

        Batch build() {
            int n = byPartition.size();
            int[] partitions = new int[n];
            long[] next = new long[n];
            long[] records = new long[n];
            long[] bytes = new long[n];
            long[] bad = new long[n];
            int i = 0;
            for (Map.Entry<Integer, long[]> entry : byPartition.entrySet()) {
                partitions[i] = entry.getKey();
                next[i] = entry.getValue()[0];
                records[i] = entry.getValue()[1];
                bytes[i] = entry.getValue()[2];
                bad[i] = entry.getValue()[3];
                i++;
            }
            // Turning rows into columns here keeps that work off the dataflow thread.
            Chunk inserts = insertTypes == null ? null : Chunk.ofRows(insertTypes, rows);
            return new Batch(inserts == null ? rows : null, inserts, partitions, next, records, bytes, bad, errors);
        }
    }

    /** Waits before reading held-back records again, logging the reason at most every 30 s. */
    private void holdBack(String reason) throws InterruptedException {
        long now = System.nanoTime();
        if (lastHoldLog == Long.MIN_VALUE || now - lastHoldLog >= HOLD_LOG_NANOS) {
            LOG.warn("{}: holding records back until they can be decoded ({}); retrying every {} ms", owner, reason, HOLD_MILLIS);
            lastHoldLog = now;
        }
        for (long waited = 0; waited < HOLD_MILLIS && connector.running(); waited += 100) {
            Thread.sleep(100);
        }
    }

    /**
     * Seeks newly assigned partitions: to where they continue ({@link #resume}), else to the beginning when the
     * partition was added to the topic since this connector started ({@code added}) or since its
     * position was saved (a saved position without it), else where {@code scan.startup.mode} says.
     * Returns the offsets.
     */
    private Map<Integer, Long> seekNew(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions, boolean added) {
        Map<Integer, Long> start = new HashMap<>();
        List<TopicPartition> byMode = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Long offset = resume.get(partition.partition());
            if (offset != null) {
                c.seek(partition, offset);
            } else if (added || !saved.isEmpty()) {
                c.seekToBeginning(List.of(partition));
            } else {
                byMode.add(partition);
            }
        }
        if (!byMode.isEmpty()) {
            options.startOffsets(c, byMode, Duration.ofSeconds(30)).forEach(c::seek);
        }
        for (TopicPartition partition : partitions) {
            start.put(partition.partition(), c.position(partition, Duration.ofSeconds(30)));
        }
        return start;
    }

    /**
     * Assigns this reader's partitions added to the topic since the last look, from their beginning,
     * and reads the high watermark of every assigned partition. A broker that does not answer in
     * time is tried again at the next discovery.
     */
    private void discover(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
        Set<TopicPartition> assigned = c.assignment();
        try {
            // listTopics asks a broker each time; partitionsFor would answer from the metadata cache.
            List<PartitionInfo> infos = c.listTopics(Duration.ofSeconds(5)).get(options.topic());
            List<TopicPartition> added = new ArrayList<>();
            for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
                TopicPartition partition = new TopicPartition(options.topic(), info.partition());
                if (mine(info.partition()) && !assigned.contains(partition)) {
                    added.add(partition);
                }
            }
            if (!added.isEmpty()) {
                List<TopicPartition> all = new ArrayList<>(assigned);
                all.addAll(added);
                c.assign(all);
                Map<Integer, Long> start = seekNew(c, added, true);
                LOG.info("{}: new partitions of Kafka topic {}, reading from offsets {}", owner, options.topic(),
                        new TreeMap<>(start));
                hand(new Start(start));
                assigned = c.assignment();
            }
            if (assigned.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> ends = c.endOffsets(assigned, Duration.ofSeconds(5));
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                connector.highWatermark(end.getKey().partition(), end.getValue());
            }
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // Brokers unreachable or slow: the next discovery tries again; polling goes on meanwhile.
            LOG.debug("{}: partition discovery of topic {} failed: {}", owner, options.topic(), e.toString());
        }
    }

    /** This reader's partitions of the topic, waiting while the topic does not exist; null when closed meanwhile. */
    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c) throws InterruptedException {
        boolean logged = false;
        while (connector.running()) {
            List<PartitionInfo> infos;
            try {
                infos = c.partitionsFor(options.topic(), Duration.ofSeconds(10));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                infos = List.of();
            }
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo info : infos) {
                    if (mine(info.partition())) {
                        partitions.add(new TopicPartition(options.topic(), info.partition()));
                    }
                }
                return partitions;
            }
            if (!logged) {
                LOG.warn("{}: Kafka topic {} not found at {} (or the brokers are unreachable); retrying", owner,
                        options.topic(), options.bootstrap());
                logged = true;
            }
            for (int i = 0; i < 10 && connector.running(); i++) {
                Thread.sleep(100);
            }
        }
        return null;
    }

    /**
     * Copies a bad record, raw (key, value and headers as read), to the dead-letter topic, adding
     * the error, source topic, partition and offset as headers. Sent asynchronously; a failed send
     * is logged.
     */
    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String error) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(KafkaConnector.HEADER_ERROR, error.getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaConnector.HEADER_TOPIC, options.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaConnector.HEADER_PARTITION, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaConnector.HEADER_OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        String topic = options.deadLetterTopic();
        deadLetters.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers), (meta, e) -> {
            if (e != null) {
                LOG.warn("{}: could not copy the bad record at partition {} offset {} to dead-letter topic {}: {}",
                        owner, record.partition(), record.offset(), topic, e.toString());
            }
        });
    }
}
