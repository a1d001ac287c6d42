package io.freshet.server.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code freshet server} in a JVM of its own, started the way a user starts it, so that tests can
 * kill it with SIGKILL or stop it with SIGTERM. Output goes to a log file next to the data directory
 * (a pipe nobody reads would block the server); failures quote the log's tail.
 */
final class FreshetProcess implements AutoCloseable {
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int START_ATTEMPTS = 3;

    private final Path dataDir;
    private final Path logFile;
    private Process process;
    private int port;

    private FreshetProcess(Path dataDir, Path logFile) {
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /** Starts a server on {@code dataDir}; its output is appended to {@code logFile}. */
    static FreshetProcess start(Path dataDir, Path logFile) throws IOException, InterruptedException {
        FreshetProcess server = new FreshetProcess(dataDir, logFile);
        server.start();
        return server;
    }

    /** Starts (again) on the same data directory, on a new free port. */
    void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the server is still running");
        }
        // A free port found here may be taken by someone else before the child binds it: retry then.
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            process = launch(port);
            if (awaitReady()) {
                return;
            }
            if (attempt == START_ATTEMPTS) {
                fail("the server did not start (exit code " + process.exitValue() + "); log:\n" + logTail());
            }
        }
    }

    int port() {
        return port;
    }

    Process process() {
        return process;
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "freshet");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "30");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/dev", properties);
    }

    /** {@code kill -9}: the JVM gets no chance to flush, close RocksDB or run shutdown hooks. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            fail("the server survived SIGKILL");
        }
    }

    /** Sends SIGTERM and waits up to {@code seconds} for the exit; returns true if it exited. */
    boolean terminate(long seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** The server's output so far, for assertion messages. */
    String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logTail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }

    private Process launch(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and the serial collector: the server starts in about half the time, which is what these tests wait on.
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (Runtime.version().feature() >= 24) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.freshet.server.Main", "server",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString(), "--barrier-interval-ms", "50"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    /** Waits until the port accepts connections; false if the process died first. */
    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        fail("the server did not accept connections within 60 s; log:\n" + logTail());
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
