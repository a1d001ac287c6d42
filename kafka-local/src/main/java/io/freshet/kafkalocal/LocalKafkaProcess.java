package io.freshet.kafkalocal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local broker in a JVM of its own ({@link Main}, as {@code bin/freshet kafka} runs it), for tests
 * where the broker must really die: {@link #kill()} is a {@code kill -9}, and {@link #restart()}
 * starts a new process on the same port and data. The child's class path is this JVM's.
 */
public final class LocalKafkaProcess implements AutoCloseable {
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path dir;
    private final int port;
    private Process process;

    private LocalKafkaProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a broker on free ports with its data and log in a new temporary directory (deleted on close). */
    public static LocalKafkaProcess start() throws Exception {
        LocalKafkaProcess broker = new LocalKafkaProcess(Files.createTempDirectory("freshet-kafka-process"), freePortPair());
        broker.launch();
        return broker;
    }

    /** host:port of the PLAINTEXT listener. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Kills the broker process at once ({@code kill -9}); its data stays for {@link #restart()}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        process = null;
    }

    /** Starts a new broker process on the same port and data; returns once it listens. */
    public void restart() throws Exception {
        launch();
    }

    @Override
    public void close() {
        try {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LocalKafka.deleteRecursively(dir);
        }
    }

    private void launch() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC"));
        if (Runtime.version().feature() >= 24) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString()));
        Path log = dir.resolve("broker.log");
        int before = listeningLines(log);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (listeningLines(log) == before) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the Kafka broker process did not start:\n"
                        + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(50);
        }
    }

    /** How many times the broker process said it is listening (once per start). */
    private static int listeningLines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return (int) Files.readAllLines(log).stream().filter(line -> line.startsWith(Main.LISTENING)).count();
    }

    /** A free port whose successor (the controller's, see {@link LocalKafka#start(Path, int)}) is free too. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = LocalKafka.freePort();
            if (candidate < 65535) {
                try (ServerSocket next = new ServerSocket(candidate + 1, 1, InetAddress.getLoopbackAddress())) {
                    return candidate;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two free consecutive ports on loopback");
    }
}
