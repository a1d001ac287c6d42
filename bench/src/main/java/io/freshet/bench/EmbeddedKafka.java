package io.freshet.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * A single-node KRaft broker (broker and controller in one) in the benchmark's process, on free
 * loopback ports, its log in a temporary directory deleted on {@link #close()}. Kafka's exit
 * procedures are replaced so that a broker fault throws instead of ending the JVM.
 */
final class EmbeddedKafka implements AutoCloseable {
    private final Path dir;
    private final KafkaRaftServer server;
    private final String bootstrap;
    private final Admin admin;

    private EmbeddedKafka(Path dir, KafkaRaftServer server, String bootstrap, Admin admin) {
        this.dir = dir;
        this.server = server;
        this.bootstrap = bootstrap;
        this.admin = admin;
    }

    static EmbeddedKafka start() throws Exception {
        Configurator.setLevel("kafka", Level.WARN);
        Configurator.setLevel("org.apache.kafka", Level.WARN);
        Configurator.setLevel("state.change.logger", Level.WARN);
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker called exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker called halt(" + status + "): " + message);
        });
        Path dir = Files.createTempDirectory("freshet-bench-kafka");
        String logDir = dir.resolve("log").toString();
        int brokerPort = freePort();
        int controllerPort = freePort();
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
        props.put("auto.create.topics.enable", "false");
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir)
                .addDirectory(logDir)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + brokerPort;
        Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        return new EmbeddedKafka(dir, server, bootstrap, admin);
    }

    String bootstrap() {
        return bootstrap;
    }

    /** A topic whose records carry the broker's append time as their timestamp. */
    void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
                        .configs(Map.of("message.timestamp.type", "LogAppendTime"))))
                .all().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            admin.close();
            server.shutdown();
            server.awaitShutdown();
        } finally {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
            PipelineBench.deleteRecursively(dir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
