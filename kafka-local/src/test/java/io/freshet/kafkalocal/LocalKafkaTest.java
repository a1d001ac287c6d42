package io.freshet.kafkalocal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local broker keeps its topics and records in its data directory across restarts, on its fixed
 * port, in this JVM or in a process of its own killed with {@code kill -9}; the command-line
 * producer writes one record per line.
 */
class LocalKafkaTest {
    @TempDir
    Path dir;

    @Test
    void topicsAndRecordsSurviveARestartOnTheSameDirectory() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (LocalKafka kafka = LocalKafka.start(dir, port)) {
            assertEquals("127.0.0.1:" + port, kafka.bootstrap());
            kafka.createTopic("kept", 2);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrap(),
                    "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("kept", i % 2, null, ("r" + i).getBytes(StandardCharsets.UTF_8)))
                            .get(30, TimeUnit.SECONDS);
                }
            }
        }
        try (LocalKafka kafka = LocalKafka.start(dir, port)) {
            assertTrue(kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS).contains("kept"));
            assertEquals(List.of("null=r0", "null=r1", "null=r2", "null=r3", "null=r4", "null=r5", "null=r6", "null=r7",
                            "null=r8", "null=r9"),
                    read(kafka.bootstrap(), "kept", 2, 10).stream().sorted().toList());
        }
    }

    @Test
    void aBrokerProcessKilledAndRestartedKeepsWhatTheCommandLineProducerWrote() throws Exception {
        try (LocalKafkaProcess broker = LocalKafkaProcess.start();
             org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                     Map.of("bootstrap.servers", broker.bootstrap()))) {
            LocalKafka.createTopic(admin, "lines", 1, Map.of());
            // `freshet kafka produce lines --key-separator '|'`: one record per line; an empty value is a tombstone.
            java.io.InputStream stdin = System.in;
            try {
                System.setIn(new java.io.ByteArrayInputStream("a|one\nplain line\nb|\n".getBytes(StandardCharsets.UTF_8)));
                Main.main(new String[] {"produce", "lines", "--bootstrap", broker.bootstrap(), "--key-separator", "|"});
            } finally {
                System.setIn(stdin);
            }
            broker.kill();
            broker.restart();
            assertEquals(List.of("a=one", "null=plain line", "b=null"), read(broker.bootstrap(), "lines", 1, 3));
        }
    }

    /** The first {@code n} records of the topic's partitions as {@code key=value} ({@code null} for none). */
    private static List<String> read(String bootstrap, String topic, int partitions, int n) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String value = record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8);
                    String key = record.key() == null ? "null" : new String(record.key(), StandardCharsets.UTF_8);
                    values.add(key + "=" + value);
                }
            }
        }
        return values;
    }
}
