package io.freshet.server.pgwire;

import java.net.SocketAddress;

/**
 * Decides how a connecting client proves who it is. The connection sends each {@link Step}'s
 * request ({@code R} with its code and data) and hands every password message ({@code p}) the
 * client answers with to {@link Exchange#respond}, until a step is complete; then it opens the
 * session and sends AuthenticationOk.
 *
 * <p>This shape fits Postgres's methods: trust (complete at once), cleartext (code 3, then the
 * password), md5 (code 5 with a salt, then the hash) and SCRAM-SHA-256 (10 with the mechanisms,
 * 11 with the server-first message, and a completing 12 with the server signature).
 *
 * <p>Threading: implementations are thread-safe; an {@link Exchange} belongs to one connection
 * and is called by one thread at a time. A rejected client is signalled by throwing a
 * {@link PgException} with {@link PgException#INVALID_PASSWORD} (28P01) or 28000; the connection
 * reports it as FATAL and closes.
 */
public interface Authenticator {
    /** Trusts every client: no password asked. */
    Authenticator TRUST = (user, database, remoteAddress) -> new Exchange() {
        @Override
        public Step start() {
            return Step.ok();
        }

        @Override
        public Step respond(byte[] message) {
            throw PgException.protocolViolation("unexpected password message: no authentication was requested");
        }
    };

    /** Starts authenticating {@code user} who asks for {@code database} from {@code remoteAddress}. */
    Exchange begin(String user, String database, SocketAddress remoteAddress);

    /** One client's authentication conversation. */
    interface Exchange {
        /** The first step: a request to send, or {@link Step#ok()} when nothing is needed. */
        Step start();

        /** Handles the body of the client's password message and returns the next step. */
        Step respond(byte[] message);
    }

    /**
     * An authentication request to send ({@code code} and {@code data} after it; code 0 with no
     * data is AuthenticationOk). {@code complete} means the client is authenticated once this
     * request is sent; a complete step with a code other than 0 (SCRAM's final message) is followed
     * by AuthenticationOk.
     */
    record Step(int code, byte[] data, boolean complete) {
        public static Step ok() {
            return new Step(0, new byte[0], true);
        }

        /** A request the client must answer with a password message. */
        public static Step request(int code, byte[] data) {
            return new Step(code, data.clone(), false);
        }

        /** A last message that needs no answer (SCRAM's AuthenticationSASLFinal). */
        public static Step last(int code, byte[] data) {
            return new Step(code, data.clone(), true);
        }
    }
}
