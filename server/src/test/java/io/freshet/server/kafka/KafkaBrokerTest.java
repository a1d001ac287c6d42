package io.freshet.server.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test broker fixture: records produced to a topic can be read back in order. */
class KafkaBrokerTest {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @Test
    void producedRecordsCanBeConsumed() throws Exception {
        BROKER.createTopic("smoke", 1);
        List<String> sent = List.of("a", "b", "c");
        BROKER.produce("smoke", 0, sent);
        TopicPartition partition = new TopicPartition("smoke", 0);
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", BROKER.bootstrap()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (read.size() < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    read.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(sent, read);
    }
}
