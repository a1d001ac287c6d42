package io.freshet.server.pgwire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message from the client, as {@link PgFrameDecoder} decodes it. Immutable once built (arrays
 * are never modified after decoding) and free of Netty buffers, so it can be handed from the event
 * loop to the connection's worker thread.
 */
sealed interface FrontendMessage {
    // ---- before startup: length-prefixed packets without a type byte

    /** Asks for TLS; answered with one byte, {@code N} or {@code S}. */
    record SslRequest() implements FrontendMessage {
    }

    /** Asks for GSSAPI encryption; answered with one byte, {@code N}. */
    record GssEncryptionRequest() implements FrontendMessage {
    }

    /** Sent on a new connection to cancel the statement another connection runs. */
    record CancelRequest(int processId, int secretKey) implements FrontendMessage {
    }

    /** The startup packet: protocol version and the connection's parameters. */
    record Startup(int majorVersion, int minorVersion, Map<String, String> parameters) implements FrontendMessage {
        public Startup {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    // ---- after startup: typed messages

    /** {@code Q}: simple query. */
    record Query(String sql) implements FrontendMessage {
    }

    /** {@code P}: parse into a prepared statement; OID 0 means unspecified. */
    record Parse(String statementName, String sql, int[] parameterTypeOids) implements FrontendMessage {
    }

    /**
     * {@code B}: bind parameter values to a statement, creating a portal. A {@code null} value is
     * SQL NULL. Format codes: 0 text, 1 binary; none means all text, one applies to all.
     */
    record Bind(String portalName, String statementName, int[] parameterFormats, List<byte[]> parameterValues,
                int[] resultFormats) implements FrontendMessage {
    }

    /** {@code D}: describe a prepared statement ({@code S}) or a portal ({@code P}). */
    record Describe(char kind, String name) implements FrontendMessage {
    }

    /** {@code E}: run a portal; {@code maxRows} &lt;= 0 means all rows. */
    record Execute(String portalName, int maxRows) implements FrontendMessage {
    }

    /** {@code C}: close a prepared statement ({@code S}) or a portal ({@code P}). */
    record Close(char kind, String name) implements FrontendMessage {
    }

    /** {@code S}: end of an extended-query batch; the server answers ReadyForQuery. */
    record Sync() implements FrontendMessage {
    }

    /** {@code H}: send what is buffered now. */
    record Flush() implements FrontendMessage {
    }

    /** {@code X}: the client is leaving. */
    record Terminate() implements FrontendMessage {
    }

    /**
     * {@code p}: a password, SASLInitialResponse or SASLResponse; which one depends on the
     * authentication request it answers, so the body is kept raw.
     */
    record PasswordMessage(byte[] body) implements FrontendMessage {
    }

    /** {@code F}: fastpath function call; not supported. */
    record FunctionCall() implements FrontendMessage {
    }

    /** {@code d}, {@code c}, {@code f} outside COPY: ignored, as Postgres does. */
    record CopyMessage(char type) implements FrontendMessage {
    }

    /**
     * Bytes that do not form a valid message (bad length, unknown type, truncated body). The
     * decoder emits this once, in order after the messages before it, and then discards all further
     * input; the connection answers with a FATAL 08P01 and closes.
     */
    record Malformed(String reason) implements FrontendMessage {
    }
}
