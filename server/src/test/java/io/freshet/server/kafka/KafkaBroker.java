package io.freshet.server.kafka;

import io.freshet.kafkalocal.LocalKafka;
import io.freshet.kafkalocal.LocalKafkaProcess;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link LocalKafka} broker (single-node KRaft, free loopback ports) for a test class, with a
 * producer that waits for acknowledgements. Register it as a static {@code @RegisterExtension}
 * field: one broker serves the whole test class. It runs in the test's JVM, or, with
 * {@link #inOwnProcess()}, in a JVM of its own ({@code bin/freshet kafka}'s main) so that
 * {@link #stopBroker()} is a {@code kill -9} of a real broker process.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
    private final boolean ownProcess;
    private LocalKafka kafka;
    private LocalKafkaProcess process;
    private KafkaProducer<byte[], byte[]> producer;
    private Admin admin;

    public KafkaBroker() {
        this(false);
    }

    private KafkaBroker(boolean ownProcess) {
        this.ownProcess = ownProcess;
    }

    /** A broker in a JVM of its own. */
    public static KafkaBroker inOwnProcess() {
        return new KafkaBroker(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() throws Exception {
        if (ownProcess) {
            process = LocalKafkaProcess.start();
            admin = Admin.create(Map.of("bootstrap.servers", bootstrap()));
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } else {
            kafka = LocalKafka.startTemporary();
            admin = kafka.admin();
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // One request in flight: a refused first batch cannot leave later ones out of sequence.
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void stop() {
        try {
            if (producer != null) {
                producer.close();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            if (process != null) {
                admin.close();
                process.close();
            }
        }
    }

    /**
     * Stops the broker but keeps its data: clients see an outage until {@link #restartBroker()}.
     * In its own process this is a {@code kill -9}.
     */
    public void stopBroker() throws InterruptedException {
        if (!ownProcess) {
            kafka.stopBroker();
            return;
        }
        process.kill();
    }

    /** Starts the broker again on the same ports and data. */
    public void restartBroker() throws Exception {
        if (!ownProcess) {
            kafka.restartBroker();
            return;
        }
        process.restart();
        admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    }

    /** host:port of the PLAINTEXT listener. */
    public String bootstrap() {
        return ownProcess ? process.bootstrap() : kafka.bootstrap();
    }

    public void createTopic(String topic, int partitions) throws Exception {
        LocalKafka.createTopic(admin, topic, partitions, Map.of());
    }

    /** Sends the values (UTF-8, no key) to the given partition and waits until all are acknowledged. */
    public void produce(String topic, int partition, List<String> values) throws Exception {
        List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
        for (String value : values) {
            byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
            sent.add(producer.send(new ProducerRecord<>(topic, partition, null, bytes)));
        }
        for (java.util.concurrent.Future<RecordMetadata> future : sent) {
            future.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Produces {@code {"p": x % partitions, "x": x}} for x = from .. from+n-1, each to partition
     * {@code x % partitions}: records whose expected totals are easy to compute.
     */
    public void produceNumbers(String topic, int partitions, int from, int n) throws Exception {
        List<List<String>> byPartition = new java.util.ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            byPartition.add(new java.util.ArrayList<>());
        }
        for (int x = from; x < from + n; x++) {
            byPartition.get(x % partitions).add("{\"p\": " + (x % partitions) + ", \"x\": " + x + "}");
        }
        for (int p = 0; p < partitions; p++) {
            produce(topic, p, byPartition.get(p));
        }
    }

    /**
     * Sends {@code keysAndValues} (key, value, key, value, …; UTF-8, a null value is a tombstone) to
     * the given partition and waits until all are acknowledged.
     */
    public void produceKeyed(String topic, int partition, String... keysAndValues) throws Exception {
        List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String key = keysAndValues[i];
            String value = keysAndValues[i + 1];
            sent.add(producer.send(new ProducerRecord<>(topic, partition,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value == null ? null : value.getBytes(StandardCharsets.UTF_8))));
        }
        for (java.util.concurrent.Future<RecordMetadata> future : sent) {
            future.get(30, TimeUnit.SECONDS);
        }
    }

    /** Sends one record and waits until it is acknowledged. */
    public void send(ProducerRecord<byte[], byte[]> record) throws Exception {
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    /** Grows {@code topic} to {@code total} partitions. */
    public void addPartitions(String topic, int total) throws Exception {
        admin.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(total)))
                .all().get(30, TimeUnit.SECONDS);
    }
}
