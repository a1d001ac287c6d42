package io.freshet.server.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process single-node KRaft Kafka broker (combined broker and controller) on free loopback
 * ports, for tests. Register it as a static {@code @RegisterExtension} field: one broker serves the
 * whole test class. Kafka's {@link Exit} procedures are replaced while it runs, so a broker fault
 * fails the test instead of ending the JVM.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private KafkaRaftServer server;
    private Properties props;
    private String bootstrap;
    private KafkaProducer<byte[], byte[]> producer;
    private Admin admin;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    public void start() throws Exception {
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker called exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker called halt(" + status + "): " + message);
        });
        dir = Files.createTempDirectory("freshet-kafka");
        String logDir = dir.resolve("log").toString();
        int brokerPort = freePort();
        int controllerPort = freePort();
        props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("log.flush.interval.messages", "1000000");
        new Formatter()
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir)
                .addDirectory(logDir)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        bootstrap = "127.0.0.1:" + brokerPort;
        Map<String, Object> common = Map.of("bootstrap.servers", bootstrap);
        admin = Admin.create(common);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new ByteArraySerializer(), new ByteArraySerializer());
        // Wait until the broker answers metadata requests.
        admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
    }

    public void stop() {
        try {
            if (producer != null) {
                producer.close();
            }
            if (admin != null) {
                admin.close();
            }
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } finally {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
            deleteQuietly(dir);
        }
    }

    /** Stops the broker process but keeps its data: clients see an outage until {@link #restartBroker()}. */
    public void stopBroker() {
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Starts the broker again on the same ports and data. */
    public void restartBroker() throws Exception {
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
    }

    /** host:port of the PLAINTEXT listener. */
    public String bootstrap() {
        return bootstrap;
    }

    public void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
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
     * Sends {@code keysAndValues} (key, value, key, value, …; UTF-8, a null value is a tombstone) to
     * the given partition and waits until all are acknowledged.
     */
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
