package io.freshet.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.freshet.server.session.Session;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: startup, authentication and then the query protocol, over a
 * {@link Session}.
 *
 * <p>Threading: the event loop hands each decoded message to {@link #receive}; messages are
 * processed one at a time, in order, on a worker thread (a {@link SerialExecutor} over the
 * server's statement threads), so a long statement blocks only its own connection. The fields
 * below "worker state" are touched by that worker only. {@link #cancel}, {@link #disconnected}
 * and {@link #shutdown} may be called from any thread.
 */
final class PgConnection {
    private static final Logger log = LoggerFactory.getLogger(PgConnection.class);
    /** Stop reading from a client that has this many messages queued, until it is down to the resume mark. */
    private static final int PAUSE_READING_AT = 1_000;
    private static final int RESUME_READING_AT = 100;

    private enum Phase {
        STARTUP, AUTHENTICATING, READY, CLOSED
    }

    private final PgServer server;
    private final Channel channel;
    private final SerialExecutor worker;
    private final PgOutput out;
    private final AtomicInteger queuedMessages = new AtomicInteger();

    /** Set when the channel closed or the server shuts down: queued messages are skipped. */
    private volatile boolean closing;
    /** Set when startup completed; read by {@link #cancel} from other threads. */
    private volatile Session session;
    private volatile int secretKey;

    // worker state
    private Phase phase = Phase.STARTUP;
    private Map<String, String> startupParameters;
    private Authenticator.Exchange authentication;
    private boolean holdsSessionSlot;
    private int processId;
    private QueryProtocol queries;

    PgConnection(PgServer server, Channel channel, Executor statementThreads) {
        this.server = requireNonNull(server, "server is null");
        this.channel = requireNonNull(channel, "channel is null");
        this.worker = new SerialExecutor(statementThreads);
        this.out = new PgOutput(channel);
    }

    // ---------------------------------------------------------------- called from the event loop or other threads

    /** Queues a message from the client; pauses reading while too many are queued. */
    void receive(FrontendMessage message) {
        if (queuedMessages.incrementAndGet() >= PAUSE_READING_AT) {
            channel.config().setAutoRead(false);
            resumeReadingIfDrained(); // the worker may have drained the queue meanwhile
        }
        submit(() -> {
            try {
                handle(message);
            } finally {
                queuedMessages.decrementAndGet();
                resumeReadingIfDrained();
            }
        });
    }

    /** Whether startup completed (the session is open and ReadyForQuery was sent). */
    boolean isReady() {
        return session != null;
    }

    /**
     * Cancels the running statement if {@code key} is this connection's secret key; returns whether
     * it matched. Thread-safe.
     */
    boolean cancel(int key) {
        Session current = session;
        if (current == null || key != secretKey) {
            return false;
        }
        current.cancel();
        return true;
    }

    /** The channel closed: interrupt what runs, then release the session after the queued work. */
    void disconnected() {
        closing = true;
        cancelRunningStatement();
        try {
            worker.execute(this::release);
        } catch (RejectedExecutionException e) {
            release(); // the server is shutting down and no worker runs for this connection
        }
    }

    /** The server is shutting down: tell the client (57P01) after the running statement stops, and close. */
    void shutdown() {
        closing = true;
        cancelRunningStatement();
        submit(() -> {
            if (phase != Phase.CLOSED && channel.isActive()) {
                out.error(PgError.fatal(PgException.ADMIN_SHUTDOWN, "terminating connection due to administrator command"));
                out.flush();
            }
            closeChannel();
        });
    }

    void writabilityChanged() {
        out.writabilityChanged();
    }

    private void resumeReadingIfDrained() {
        if (queuedMessages.get() <= RESUME_READING_AT && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    private void cancelRunningStatement() {
        Session current = session;
        if (current == null) {
            return;
        }
        try {
            current.cancel();
        } catch (RuntimeException e) {
            log.warn("cancelling the statement of a closing connection failed", e);
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            channel.close();
        }
    }

    // ---------------------------------------------------------------- worker

    private void handle(FrontendMessage message) {
        if (closing || phase == Phase.CLOSED) {
            return;
        }
        try {
            if (message instanceof FrontendMessage.Malformed) {
                fatal(PgException.protocolViolation(((FrontendMessage.Malformed) message).reason()));
                return;
            }
            if (message instanceof FrontendMessage.Terminate) {
                out.flush();
                closeChannel();
                return;
            }
            switch (phase) {
                case STARTUP:
                    startup(message);
                    return;
                case AUTHENTICATING:
                    authenticate(message);
                    return;
                case READY:
                    queries.handle(message);
                    return;
                case CLOSED:
                    return;
            }
            throw new AssertionError(phase);
        } catch (RuntimeException | Error e) {
            // A startup or protocol error, or a bug: end this connection only. Statement errors
            // never get here; QueryProtocol reports them and the connection goes on.
            fatal(e);
        }
    }

    private void startup(FrontendMessage message) {
        if (!(message instanceof FrontendMessage.Startup)) {
            throw PgException.protocolViolation("expected a startup message, got " + message.getClass().getSimpleName());
        }
        FrontendMessage.Startup startup = (FrontendMessage.Startup) message;
        if (startup.majorVersion() != 3) {
            throw new PgException(PgException.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol "
                    + startup.majorVersion() + "." + startup.minorVersion() + ": server supports 3.0 to 3.0");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> unrecognizedOptions = new ArrayList<>();
        startup.parameters().forEach((name, value) -> {
            if (name.startsWith("_pq_.")) {
                unrecognizedOptions.add(name);
            } else {
                parameters.put(name, value);
            }
        });
        if (startup.minorVersion() > 0 || !unrecognizedOptions.isEmpty()) {
            Collections.sort(unrecognizedOptions);
            out.negotiateProtocolVersion(0, unrecognizedOptions);
        }
        String user = parameters.get("user");
        if (user == null || user.isEmpty()) {
            throw new PgException(PgException.INVALID_AUTHORIZATION_SPECIFICATION,
                    "no PostgreSQL user name specified in startup packet");
        }
        parameters.putIfAbsent("database", user);
        if (!server.tryAcquireSessionSlot()) {
            throw new PgException(PgException.TOO_MANY_CONNECTIONS, "sorry, too many clients already");
        }
        holdsSessionSlot = true;
        startupParameters = Collections.unmodifiableMap(parameters);
        authentication = server.authenticator().begin(user, parameters.get("database"), channel.remoteAddress());
        advance(authentication.start());
    }

    private void authenticate(FrontendMessage message) {
        if (!(message instanceof FrontendMessage.PasswordMessage)) {
            throw PgException.protocolViolation("expected a password response, got " + message.getClass().getSimpleName());
        }
        advance(authentication.respond(((FrontendMessage.PasswordMessage) message).body()));
    }

    private void advance(Authenticator.Step step) {
        if (!step.complete()) {
            out.authentication(step.code(), step.data());
            out.flush();
            phase = Phase.AUTHENTICATING;
            return;
        }
        if (step.code() != 0) {
            out.authentication(step.code(), step.data());
        }
        completeStartup();
    }

    private void completeStartup() {
        Session opened = server.engine().openSession(startupParameters);
        processId = server.register(this);
        secretKey = server.newSecretKey();
        session = opened;
        queries = new QueryProtocol(opened, out);
        phase = Phase.READY;
        out.authentication(0, null);
        out.parameterStatuses(parameterStatus());
        out.backendKeyData(processId, secretKey);
        queries.readyForQuery();
        log.debug("session {} started for user {} from {}", processId, startupParameters.get("user"), channel.remoteAddress());
    }

    /**
     * The ParameterStatus values after startup: the engine's, with defaults for those clients
     * check, and the facts this layer decides whatever the engine says: text is UTF-8 on the wire,
     * binary timestamps are 64-bit integers, and the user and application name are this client's.
     */
    private Map<String, String> parameterStatus() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("server_version", "15.0");
        status.put("server_encoding", "UTF8");
        status.put("DateStyle", "ISO, MDY");
        status.put("IntervalStyle", "postgres");
        status.put("standard_conforming_strings", "on");
        status.putAll(server.engine().initialParameterStatus());
        status.put("client_encoding", "UTF8");
        status.put("integer_datetimes", "on");
        status.put("session_authorization", startupParameters.get("user"));
        status.put("application_name", startupParameters.getOrDefault("application_name", status.getOrDefault("application_name", "")));
        return status;
    }

    /** Reports a FATAL error and closes the connection. */
    private void fatal(Throwable failure) {
        PgError error = PgError.of(failure, PgError.Severity.FATAL);
        if (!error.sqlState().equals(PgException.INTERNAL_ERROR)) {
            log.info("closing connection from {}: {} ({})", channel.remoteAddress(), error.message(), error.sqlState());
        }
        out.error(error);
        out.flush();
        closeChannel();
    }

    private void closeChannel() {
        phase = Phase.CLOSED;
        closing = true;
        channel.close();
    }

    /** Runs once, on the worker, after everything queued before the disconnect. */
    private void release() {
        phase = Phase.CLOSED;
        out.discard();
        server.unregister(this, processId);
        if (holdsSessionSlot) {
            holdsSessionSlot = false;
            server.releaseSessionSlot();
        }
        Session current = session;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                log.warn("closing session {} failed", processId, e);
            }
        }
    }
}
