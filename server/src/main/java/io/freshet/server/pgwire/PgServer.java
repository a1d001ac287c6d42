package io.freshet.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.freshet.server.session.Engine;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Postgres wire-protocol (v3) server in front of an {@link Engine}: psql, pgjdbc and other
 * Postgres clients connect to it.
 *
 * <pre>{@code
 * PgServer server = new PgServer(engine, "127.0.0.1", 5432);
 * server.start();   // listening when it returns
 * ...
 * server.close();   // idempotent
 * }</pre>
 *
 * <p>Threads: Netty event loops only decode and encode; statements run on a shared pool of
 * worker threads, each connection's in order and one at a time (see {@link PgConnection}).
 * Thread-safe.
 */
public final class PgServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgServer.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    /**
     * Server settings: at most {@code maxConnections} sessions (more get 53300), the way clients
     * authenticate, and how long a client may take to finish startup.
     */
    public record Options(int maxConnections, Authenticator authenticator, Duration startupTimeout) {
        public Options {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
            }
            requireNonNull(authenticator, "authenticator is null");
            requireNonNull(startupTimeout, "startupTimeout is null");
        }

        /** 100 connections, trust authentication, 60 s for startup (Postgres's defaults). */
        public static Options defaults() {
            return new Options(100, Authenticator.TRUST, Duration.ofSeconds(60));
        }

        public Options withMaxConnections(int newMaxConnections) {
            return new Options(newMaxConnections, authenticator, startupTimeout);
        }

        public Options withAuthenticator(Authenticator newAuthenticator) {
            return new Options(maxConnections, newAuthenticator, startupTimeout);
        }
    }

    private final Engine engine;
    private final String host;
    private final int requestedPort;
    private final Options options;
    private final SecureRandom random = new SecureRandom();
    private final Set<PgConnection> connections = ConcurrentHashMap.newKeySet();
    private final ConcurrentMap<Integer, PgConnection> connectionsByProcessId = new ConcurrentHashMap<>();
    private final AtomicInteger nextProcessId = new AtomicInteger(1);
    private final AtomicInteger sessionSlotsInUse = new AtomicInteger();
    private final Object lifecycle = new Object();

    private EventLoopGroup acceptorGroup;
    private EventLoopGroup ioGroup;
    private ExecutorService statementThreads;
    private Channel serverChannel;
    private boolean started;
    private boolean closed;

    /** A server on {@code host}:{@code port} (0 picks a free port) with {@link Options#defaults()}. */
    public PgServer(Engine engine, String host, int port) {
        this(engine, host, port, Options.defaults());
    }

    public PgServer(Engine engine, String host, int port, Options options) {
        this.engine = requireNonNull(engine, "engine is null");
        this.host = requireNonNull(host, "host is null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("invalid port: " + port);
        }
        this.requestedPort = port;
        this.options = requireNonNull(options, "options is null");
    }

    /** Binds the port and starts accepting connections; returns once listening. Call at most once. */
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "server is closed" : "server already started");
            }
            started = true;
            acceptorGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("freshet-pgwire-accept", true),
                    NioIoHandler.newFactory());
            ioGroup = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("freshet-pgwire-io", true),
                    NioIoHandler.newFactory());
            statementThreads = Executors.newCachedThreadPool(new DefaultThreadFactory("freshet-pgwire-worker", true));
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptorGroup, ioGroup)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 256)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast("frames", new PgFrameDecoder())
                                    .addLast("connection", new PgConnectionHandler(PgServer.this, options.startupTimeout()));
                        }
                    });
            try {
                serverChannel = bootstrap.bind(host, requestedPort).sync().channel();
            } catch (Exception e) {
                shutDownThreads();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
            }
            log.info("pgwire listening on {}", serverChannel.localAddress());
        }
    }

    /** The port the server listens on (the chosen one when constructed with port 0). */
    public int port() {
        synchronized (lifecycle) {
            if (serverChannel == null) {
                throw new IllegalStateException("server is not started");
            }
            return ((InetSocketAddress) serverChannel.localAddress()).getPort();
        }
    }

    /**
     * Stops accepting, tells every client the server is shutting down (FATAL 57P01) once its
     * running statement is cancelled, closes the connections and sessions, and stops the threads.
     * Waits a few seconds at most. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (!started) {
                return;
            }
            if (serverChannel != null) {
                serverChannel.close().awaitUninterruptibly();
            }
            connections.forEach(PgConnection::shutdown);
            awaitConnectionsClosed();
            shutDownThreads();
            log.info("pgwire stopped");
        }
    }

    private void awaitConnectionsClosed() {
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!connections.isEmpty()) {
            log.warn("{} connections did not close within {} s; closing them now", connections.size(), SHUTDOWN_GRACE.toSeconds());
        }
    }

    private void shutDownThreads() {
        // Closing the event loops closes the remaining channels; their sessions are released on the
        // statement threads, which are stopped last.
        var acceptorDone = acceptorGroup.shutdownGracefully(0, SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        var ioDone = ioGroup.shutdownGracefully(0, SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        acceptorDone.awaitUninterruptibly();
        ioDone.awaitUninterruptibly();
        statementThreads.shutdown();
        try {
            if (!statementThreads.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("statements still running after shutdown; interrupting them");
                statementThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            statementThreads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- for connections

    Engine engine() {
        return engine;
    }

    Authenticator authenticator() {
        return options.authenticator();
    }

    /** A new channel was accepted. */
    PgConnection accept(Channel channel) {
        PgConnection connection = new PgConnection(this, channel, statementThreads);
        connections.add(connection);
        return connection;
    }

    /** Takes one of the {@code maxConnections} session slots; false when all are in use. */
    boolean tryAcquireSessionSlot() {
        while (true) {
            int used = sessionSlotsInUse.get();
            if (used >= options.maxConnections()) {
                return false;
            }
            if (sessionSlotsInUse.compareAndSet(used, used + 1)) {
                return true;
            }
        }
    }

    void releaseSessionSlot() {
        sessionSlotsInUse.decrementAndGet();
    }

    /** Assigns a process id (BackendKeyData) under which cancel requests find the connection. */
    int register(PgConnection connection) {
        while (true) {
            int processId = nextProcessId.getAndIncrement() & Integer.MAX_VALUE;
            if (processId != 0 && connectionsByProcessId.putIfAbsent(processId, connection) == null) {
                return processId;
            }
        }
    }

    int newSecretKey() {
        return random.nextInt();
    }

    void unregister(PgConnection connection, int processId) {
        connections.remove(connection);
        connectionsByProcessId.remove(processId, connection);
    }

    /** Handles a CancelRequest: cancels the statement of the process if the key matches. Never blocks. */
    void cancel(int processId, int secretKey) {
        PgConnection connection = connectionsByProcessId.get(processId);
        if (connection == null) {
            log.info("ignoring a cancel request for unknown process {}", processId);
            return;
        }
        try {
            statementThreads.execute(() -> {
                if (!connection.cancel(secretKey)) {
                    log.info("ignoring a cancel request with a wrong key for process {}", processId);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("ignoring a cancel request during shutdown");
        }
    }
}
