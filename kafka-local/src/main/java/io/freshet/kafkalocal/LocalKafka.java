package io.freshet.kafkalocal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process) on loopback,
 * started from the {@code kafka_2.13} jar: for tests, benchmarks, and trying Freshet with
 * {@code bin/freshet kafka} without a Kafka installation. Kafka's exit procedures are replaced
 * while it runs, so a broker fault throws instead of ending the JVM.
 *
 * <p>A broker on a temporary directory ({@link #startTemporary()}) deletes it on {@link #close()};
 * one on a given directory ({@link #start(Path, int)}) keeps its topics there across restarts.
 */
public final class LocalKafka implements AutoCloseable {
    private final Path dir;
    private final boolean temporary;
    private final Properties props;
    private final String bootstrap;
    private KafkaRaftServer server;
    private final Admin admin;

    private LocalKafka(Path dir, boolean temporary, Properties props, String bootstrap) throws Exception {
        this.dir = dir;
        this.temporary = temporary;
        this.props = props;
        this.bootstrap = bootstrap;
        startServer();
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        awaitReady();
    }

    /** A broker on free ports and a new temporary directory, deleted on {@link #close()}. */
    public static LocalKafka startTemporary() throws Exception {
        return start(Files.createTempDirectory("freshet-kafka"), 0, true);
    }

    /**
     * A broker listening on {@code port} (0: a free one) with its data in {@code dir}, which is
     * formatted on first use and kept.
     */
    public static LocalKafka start(Path dir, int port) throws Exception {
        return start(dir, port, false);
    }

    private static LocalKafka start(Path dir, int port, boolean temporary) throws Exception {
        replaceExitProcedures();
        Files.createDirectories(dir);
        String logDir = dir.resolve("log").toAbsolutePath().toString();
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = port == 0 ? freePort() : port + 1;
        Properties props = new Properties();
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
        if (!Files.exists(dir.resolve("log").resolve("meta.properties"))) {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir)
                    .addDirectory(logDir)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        }
        return new LocalKafka(dir, temporary, props, "127.0.0.1:" + brokerPort);
    }

    private static void replaceExitProcedures() {
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker called exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker called halt(" + status + "): " + message);
        });
    }

    private void startServer() {
        server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
    }

    private void awaitReady() throws Exception {
        admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    }

    /** host:port of the PLAINTEXT listener. */
    public String bootstrap() {
        return bootstrap;
    }

    /** An admin client of this broker; closed with it. */
    public Admin admin() {
        return admin;
    }

    /**
     * Creates a topic with one replica and the given topic configs, and returns once every
     * partition has a leader (a producer writing before that can have its first batches refused and
     * its idempotent sequence stuck).
     */
    public void createTopic(String topic, int partitions, Map<String, String> configs) throws Exception {
        createTopic(admin, topic, partitions, configs);
    }

    /** As {@link #createTopic(String, int, Map)}, through any admin client (of a broker in another process, say). */
    public static void createTopic(Admin admin, String topic, int partitions, Map<String, String> configs) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic);
            if (description != null && description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has partitions without a leader after 30 s");
            }
            Thread.sleep(20);
        }
    }

    public void createTopic(String topic, int partitions) throws Exception {
        createTopic(topic, partitions, Map.of());
    }

    /** Stops the broker but keeps its data and ports: clients see an outage until {@link #restartBroker()}. */
    public void stopBroker() {
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Starts the broker again on the same ports and data. */
    public void restartBroker() throws Exception {
        startServer();
        awaitReady();
    }

    @Override
    public void close() {
        try {
            admin.close();
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } finally {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
            if (temporary) {
                deleteRecursively(dir);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
