package io.freshet.server.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the byte stream into {@link FrontendMessage}s. Every Postgres message is length-prefixed;
 * the packets before startup (SSLRequest, GSSENCRequest, CancelRequest, the startup message) have
 * no type byte, later messages do. The decoder switches by itself after the startup message, so no
 * byte is ever read in the wrong mode.
 *
 * <p>Lengths are checked before any body is buffered: startup packets may be at most 10,000 bytes
 * and typed messages at most 1 GiB (small control messages much less). A violation, an unknown
 * type or a body that does not parse emits one {@link FrontendMessage.Malformed} and then discards
 * everything after it. One instance per channel; not thread-safe (it runs on the event loop).
 */
final class PgFrameDecoder extends ByteToMessageDecoder {
    static final int SSL_REQUEST_CODE = 80877103;
    static final int GSS_ENCRYPTION_REQUEST_CODE = 80877104;
    static final int CANCEL_REQUEST_CODE = 80877102;
    static final int MAX_STARTUP_PACKET_LENGTH = 10_000;
    /** Postgres's limit for one message: 1 GiB, the largest value a field can hold. */
    static final int MAX_MESSAGE_LENGTH = 1 << 30;
    private static final int MAX_CONTROL_MESSAGE_LENGTH = 10_000;
    private static final int MAX_PASSWORD_MESSAGE_LENGTH = 65_535;

    private enum Mode {
        STARTUP, MESSAGES, DISCARD
    }

    private Mode mode = Mode.STARTUP;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (mode) {
            case STARTUP:
                decodeStartupPacket(in, out);
                return;
            case MESSAGES:
                decodeMessage(in, out);
                return;
            case DISCARD:
                in.skipBytes(in.readableBytes());
                return;
        }
        throw new AssertionError(mode);
    }

    private void decodeStartupPacket(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 8 || length > MAX_STARTUP_PACKET_LENGTH) {
            malformed(in, out, "invalid length of startup packet: " + length);
            return;
        }
        if (in.readableBytes() < length) {
            return;
        }
        ByteBuf body = in.readSlice(length).skipBytes(4);
        int code = body.readInt();
        try {
            FrontendMessage message = startupPacket(code, length, body);
            if (message instanceof FrontendMessage.Startup) {
                mode = ((FrontendMessage.Startup) message).majorVersion() == 3 ? Mode.MESSAGES : Mode.DISCARD;
            } else if (message instanceof FrontendMessage.CancelRequest) {
                mode = Mode.DISCARD;
            }
            out.add(message);
        } catch (MalformedMessageException e) {
            malformed(in, out, e.getMessage());
        }
    }

    private static FrontendMessage startupPacket(int code, int length, ByteBuf body) {
        switch (code) {
            case SSL_REQUEST_CODE:
                requireLength(length, 8, "SSLRequest");
                return new FrontendMessage.SslRequest();
            case GSS_ENCRYPTION_REQUEST_CODE:
                requireLength(length, 8, "GSSENCRequest");
                return new FrontendMessage.GssEncryptionRequest();
            case CANCEL_REQUEST_CODE:
                requireLength(length, 16, "CancelRequest");
                return new FrontendMessage.CancelRequest(body.readInt(), body.readInt());
            default:
                int major = code >>> 16;
                int minor = code & 0xFFFF;
                Map<String, String> parameters = major == 3 ? startupParameters(body) : Map.of();
                return new FrontendMessage.Startup(major, minor, parameters);
        }
    }

    private static void requireLength(int length, int expected, String what) {
        if (length != expected) {
            throw new MalformedMessageException("invalid length of " + what + ": " + length);
        }
    }

    private static Map<String, String> startupParameters(ByteBuf body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            if (!body.isReadable()) {
                throw new MalformedMessageException("invalid startup packet layout: expected terminator as last byte");
            }
            String name = readString(body);
            if (name.isEmpty()) {
                break;
            }
            parameters.put(name, readString(body));
        }
        if (body.isReadable()) {
            throw new MalformedMessageException("invalid startup packet layout: expected terminator as last byte");
        }
        return parameters;
    }

    private void decodeMessage(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 5) {
            return;
        }
        int start = in.readerIndex();
        char type = (char) (in.getByte(start) & 0xFF);
        int length = in.getInt(start + 1);
        int maxLength = maxLength(type);
        if (maxLength < 0) {
            malformed(in, out, "invalid frontend message type " + (int) type);
            return;
        }
        if (length < 4 || length > maxLength) {
            malformed(in, out, "invalid message length " + length + " for message type '" + type + "'");
            return;
        }
        if (in.readableBytes() < 1 + length) {
            return;
        }
        in.skipBytes(5);
        ByteBuf body = in.readSlice(length - 4);
        try {
            FrontendMessage message = message(type, body);
            if (body.isReadable()) {
                throw new MalformedMessageException("invalid message format: " + body.readableBytes()
                        + " bytes left over in message type '" + type + "'");
            }
            out.add(message);
        } catch (MalformedMessageException e) {
            malformed(in, out, e.getMessage());
        }
    }

    /** The largest length the message type may declare, or -1 for an unknown type. */
    private static int maxLength(char type) {
        switch (type) {
            case 'S': case 'H': case 'X': case 'D': case 'C': case 'E':
                return MAX_CONTROL_MESSAGE_LENGTH;
            case 'p':
                return MAX_PASSWORD_MESSAGE_LENGTH;
            case 'Q': case 'P': case 'B': case 'F': case 'd': case 'c': case 'f':
                return MAX_MESSAGE_LENGTH;
            default:
                return -1;
        }
    }

    private static FrontendMessage message(char type, ByteBuf body) {
        switch (type) {
            case 'Q': return new FrontendMessage.Query(readString(body));
            case 'P': return parse(body);
            case 'B': return bind(body);
            case 'D': return new FrontendMessage.Describe(readKind(body, "DESCRIBE"), readString(body));
            case 'E': return new FrontendMessage.Execute(readString(body), readInt(body));
            case 'C': return new FrontendMessage.Close(readKind(body, "CLOSE"), readString(body));
            case 'S': return new FrontendMessage.Sync();
            case 'H': return new FrontendMessage.Flush();
            case 'X': return new FrontendMessage.Terminate();
            case 'p': return new FrontendMessage.PasswordMessage(readBytes(body, body.readableBytes()));
            case 'F':
                body.skipBytes(body.readableBytes());
                return new FrontendMessage.FunctionCall();
            case 'd': case 'c': case 'f':
                body.skipBytes(body.readableBytes());
                return new FrontendMessage.CopyMessage(type);
            default:
                throw new AssertionError("maxLength accepted type " + type);
        }
    }

    private static FrontendMessage parse(ByteBuf body) {
        String name = readString(body);
        String sql = readString(body);
        int[] oids = new int[readCount(body)];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = readInt(body);
        }
        return new FrontendMessage.Parse(name, sql, oids);
    }

    private static FrontendMessage bind(ByteBuf body) {
        String portal = readString(body);
        String statement = readString(body);
        int[] parameterFormats = readFormatCodes(body);
        int count = readCount(body);
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = readInt(body);
            if (length == -1) {
                values.add(null);
            } else if (length < 0) {
                throw new MalformedMessageException("invalid length " + length + " of bind parameter " + (i + 1));
            } else {
                values.add(readBytes(body, length));
            }
        }
        int[] resultFormats = readFormatCodes(body);
        return new FrontendMessage.Bind(portal, statement, parameterFormats, values, resultFormats);
    }

    private static int[] readFormatCodes(ByteBuf body) {
        int[] codes = new int[readCount(body)];
        for (int i = 0; i < codes.length; i++) {
            need(body, 2);
            codes[i] = body.readShort();
        }
        return codes;
    }

    private static char readKind(ByteBuf body, String what) {
        need(body, 1);
        char kind = (char) (body.readByte() & 0xFF);
        if (kind != 'S' && kind != 'P') {
            throw new MalformedMessageException("invalid " + what + " message subtype " + (int) kind);
        }
        return kind;
    }

    /** A count field: an unsigned 16-bit integer, as the protocol declares them. */
    private static int readCount(ByteBuf body) {
        need(body, 2);
        return body.readUnsignedShort();
    }

    private static int readInt(ByteBuf body) {
        need(body, 4);
        return body.readInt();
    }

    private static byte[] readBytes(ByteBuf body, int length) {
        need(body, length);
        byte[] bytes = new byte[length];
        body.readBytes(bytes);
        return bytes;
    }

    private static String readString(ByteBuf body) {
        int end = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new MalformedMessageException("invalid string in message: no terminating zero byte");
        }
        String value = body.toString(body.readerIndex(), end - body.readerIndex(), StandardCharsets.UTF_8);
        body.readerIndex(end + 1);
        return value;
    }

    private static void need(ByteBuf body, int bytes) {
        if (body.readableBytes() < bytes) {
            throw new MalformedMessageException("insufficient data left in message");
        }
    }

    private void malformed(ByteBuf in, List<Object> out, String reason) {
        in.skipBytes(in.readableBytes());
        mode = Mode.DISCARD;
        out.add(new FrontendMessage.Malformed(reason));
    }

    /** A body that does not parse; caught within this class and turned into a Malformed message. */
    private static final class MalformedMessageException extends RuntimeException {
        MalformedMessageException(String message) {
            super(message, null, false, false);
        }
    }
}
