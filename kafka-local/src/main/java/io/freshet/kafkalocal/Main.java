package io.freshet.kafkalocal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/freshet kafka}: a local single-node Kafka broker in the foreground, to try Freshet's
 * Kafka tables and sources without a Kafka installation. SIGTERM or Ctrl-C stops it; its topics
 * stay in the data directory.
 */
public final class Main {
    static final String USAGE = """
            Usage: freshet kafka [--port N] [--data-dir DIR] [--topic NAME[:PARTITIONS]]...
                   freshet kafka produce TOPIC [--bootstrap HOST:PORT] [--key-separator C]

            Runs a single-node Kafka broker (KRaft mode, loopback only) in the foreground, for trying
            Freshet's Kafka tables and sources; not for production. SIGTERM or Ctrl-C stops it.

              --port N          the broker's port (default 9092; the controller uses N+1)
              --data-dir DIR    where topics are kept across restarts (default ./freshet-kafka)
              --topic NAME[:P]  creates the topic with P partitions (default 1) unless it exists;
                                may be repeated
              --help            prints this text

            `produce` sends each line of standard input as one record to TOPIC (at 127.0.0.1:9092 by
            default) and waits until all are acknowledged. With --key-separator, the text before the
            first C of a line is the record key and the rest its value; an empty value is a tombstone.
            """;

    /** The start of the line printed once the broker listens. */
    static final String LISTENING = "Kafka broker listening on";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("produce")) {
            produce(args);
            return;
        }
        int port = 9092;
        Path dataDir = Path.of("freshet-kafka");
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.print(USAGE);
                return;
            }
            if (i + 1 >= args.length || !Set.of("--port", "--data-dir", "--topic").contains(arg)) {
                fail(i + 1 >= args.length && arg.startsWith("--") ? "option " + arg + " needs a value" : "unknown argument '" + arg + "'");
                return;
            }
            String value = args[++i];
            switch (arg) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        port = -1;
                    }
                    if (port < 1 || port > 65534) {
                        fail("--port must be a port number from 1 to 65534, not '" + value + "'");
                        return;
                    }
                }
                case "--data-dir" -> dataDir = Path.of(value);
                default -> topics.add(value);
            }
        }
        LocalKafka kafka = LocalKafka.start(dataDir, port);
        Set<String> existing = kafka.admin().listTopics().names().get(30, TimeUnit.SECONDS);
        for (String topic : topics) {
            int colon = topic.lastIndexOf(':');
            String name = colon < 0 ? topic : topic.substring(0, colon);
            int partitions = colon < 0 ? 1 : Integer.parseInt(topic.substring(colon + 1));
            if (!existing.contains(name)) {
                kafka.createTopic(name, partitions);
                System.out.println("created topic " + name + " with " + partitions + " partition(s)");
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        System.out.println(LISTENING + " " + kafka.bootstrap() + ", data in " + dataDir.toAbsolutePath()
                + " (Ctrl-C stops it)");
        stopped.await();
    }

    private static void produce(String[] args) throws Exception {
        if (args.length < 2 || args[1].startsWith("--")) {
            fail("produce needs a topic");
            return;
        }
        String topic = args[1];
        String bootstrap = "127.0.0.1:9092";
        String separator = null;
        for (int i = 2; i < args.length; i += 2) {
            if (i + 1 >= args.length || !(args[i].equals("--bootstrap") || args[i].equals("--key-separator"))) {
                fail("unknown or incomplete produce argument '" + args[i] + "'");
                return;
            }
            if (args[i].equals("--bootstrap")) {
                bootstrap = args[i + 1];
            } else {
                separator = args[i + 1];
            }
        }
        java.util.Map<String, Object> config = java.util.Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(config,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
             var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                     java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                byte[] key = null;
                String value = line;
                int at = separator == null ? -1 : line.indexOf(separator);
                if (at >= 0) {
                    key = line.substring(0, at).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    value = line.substring(at + separator.length());
                }
                byte[] bytes = at >= 0 && value.isEmpty() ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                sent.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, bytes)));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> record : sent) {
                record.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("freshet kafka produce: " + e.getCause().getMessage());
            System.exit(1);
        }
        System.err.println("produced " + sent.size() + " record(s) to " + topic);
    }

    private static void fail(String message) {
        System.err.println("freshet kafka: " + message);
        System.err.print(USAGE);
        System.exit(2);
    }
}
