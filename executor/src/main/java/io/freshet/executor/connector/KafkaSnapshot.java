package io.freshet.executor.connector;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An ad-hoc read of a kafka source ({@code SELECT … FROM source}): the records of every partition
 * from where {@code scan.startup.mode} says up to the partition's end when the read starts, decoded
 * as a view's read would decode them; bad records are left out. Nothing is stored or committed.
 */
public final class KafkaSnapshot {
    /** How long the read waits for the brokers to answer at all. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private KafkaSnapshot() {
    }

    /**
     * The rows of the visible columns, in partition and offset order; {@code checkCanceled} runs
     * between polls and may throw.
     */
    public static List<Object[]> read(String source, List<String> names, List<DataType> types, boolean[] notNull,
                                      Map<String, String> options, Runnable checkCanceled) {
        KafkaOptions parsed = KafkaOptions.parse(options);
        String[] includes = new String[names.size()];
        for (int c = 0; c < includes.length; c++) {
            includes[c] = options.get(KafkaOptions.INCLUDE + names.get(c));
        }
        KafkaRecordDecoder decoder = new KafkaRecordDecoder(parsed, names, types, notNull, new int[0], includes);
        Map<String, Object> config = new HashMap<>(parsed.consumerConfig());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "freshet-select-" + source);
        List<Object[]> rows = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(parsed.topic(), TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "Kafka topic \"" + parsed.topic()
                        + "\" of source \"" + source + "\" does not exist at " + parsed.bootstrap());
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(info -> partitions.add(new TopicPartition(parsed.topic(), info.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            parsed.startOffsets(consumer, partitions, TIMEOUT).forEach(consumer::seek);
            List<TopicPartition> open = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                if (consumer.position(partition, TIMEOUT) < ends.get(partition)) {
                    open.add(partition);
                } else {
                    consumer.pause(List.of(partition));
                }
            }
            long idleSince = System.nanoTime();
            while (!open.isEmpty()) {
                checkCanceled.run();
                boolean any = false;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= ends.get(partition)) {
                        continue;
                    }
                    any = true;
                    KafkaRecordDecoder.Decoded decoded = decoder.decode(record);
                    if (decoded.row() != null) {
                        rows.add(decoded.row());
                    }
                }
                for (TopicPartition partition : List.copyOf(open)) {
                    if (consumer.position(partition, TIMEOUT) >= ends.get(partition)) {
                        open.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
                if (any) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > TIMEOUT.toNanos()) {
                    throw new FreshetException(SqlState.IO_ERROR, "reading source \"" + source
                            + "\": Kafka at " + parsed.bootstrap() + " sent nothing for " + TIMEOUT.toSeconds() + " s");
                }
            }
        } catch (RetryLaterException e) {
            throw new FreshetException(SqlState.IO_ERROR, "reading source \"" + source + "\": " + e.getMessage());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new FreshetException(SqlState.IO_ERROR, "reading source \"" + source + "\": could not reach Kafka at "
                    + parsed.bootstrap() + " within " + TIMEOUT.toSeconds() + " s");
        } catch (KafkaException e) {
            throw new FreshetException(SqlState.IO_ERROR, "reading source \"" + source + "\": " + e.getMessage());
        }
        return rows;
    }
}
