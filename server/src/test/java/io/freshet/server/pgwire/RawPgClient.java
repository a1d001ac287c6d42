package io.freshet.server.pgwire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bare Postgres protocol client over a socket, for tests that need exact bytes on the wire:
 * malformed input, protocol corner cases, binary formats. Not thread-safe.
 */
final class RawPgClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    /** A backend message: its type byte and its body (without the length). */
    record Message(char type, byte[] body) {
        ByteBuffer buffer() {
            return ByteBuffer.wrap(body);
        }

        /** A field of an ErrorResponse or NoticeResponse ({@code C}, {@code M}, {@code P}, ...), or null. */
        String field(char code) {
            return errorFields().get(code);
        }

        Map<Character, String> errorFields() {
            Map<Character, String> fields = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i];
                int end = i + 1;
                while (body[end] != 0) {
                    end++;
                }
                fields.put(code, new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8));
                i = end + 1;
            }
            return fields;
        }

        /** The values of a DataRow, as byte arrays (null for SQL NULL). */
        List<byte[]> values() {
            ByteBuffer buffer = buffer();
            int count = buffer.getShort();
            List<byte[]> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = buffer.getInt();
                if (length < 0) {
                    values.add(null);
                } else {
                    byte[] value = new byte[length];
                    buffer.get(value);
                    values.add(value);
                }
            }
            return values;
        }

        /** The text of a CommandComplete or the value part of simple C-string messages. */
        String text() {
            return new String(body, 0, Math.max(0, body.length - 1), StandardCharsets.UTF_8);
        }
    }

    RawPgClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /** Connects and completes startup as {@code freshet} on {@code dev}; returns the messages up to ReadyForQuery. */
    static RawPgClient connected(int port) throws IOException {
        RawPgClient client = new RawPgClient(port);
        client.startup(3, 0, Map.of("user", "freshet", "database", TestEngine.DATABASE));
        List<Message> messages = client.readUntilReady();
        if (messages.stream().anyMatch(m -> m.type() == 'E')) {
            throw new IllegalStateException("startup failed: " + messages.get(0).errorFields());
        }
        return client;
    }

    // ---------------------------------------------------------------- sending

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A packet without a type byte: length, then the body. */
    void sendUntyped(byte[] body) throws IOException {
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
    }

    void startup(int major, int minor, Map<String, String> parameters) throws IOException {
        Body body = new Body().int32(major << 16 | minor);
        parameters.forEach((name, value) -> body.string(name).string(value));
        sendUntyped(body.int8(0).bytes());
    }

    void send(char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
    }

    void query(String sql) throws IOException {
        send('Q', new Body().string(sql).bytes());
    }

    void parse(String name, String sql, int... parameterOids) throws IOException {
        Body body = new Body().string(name).string(sql).int16(parameterOids.length);
        for (int oid : parameterOids) {
            body.int32(oid);
        }
        send('P', body.bytes());
    }

    void bind(String portal, String statement, int[] parameterFormats, List<byte[]> values, int... resultFormats)
            throws IOException {
        Body body = new Body().string(portal).string(statement).int16(parameterFormats.length);
        for (int format : parameterFormats) {
            body.int16(format);
        }
        body.int16(values.size());
        for (byte[] value : values) {
            if (value == null) {
                body.int32(-1);
            } else {
                body.int32(value.length).raw(value);
            }
        }
        body.int16(resultFormats.length);
        for (int format : resultFormats) {
            body.int16(format);
        }
        send('B', body.bytes());
    }

    void describe(char kind, String name) throws IOException {
        send('D', new Body().int8(kind).string(name).bytes());
    }

    void execute(String portal, int maxRows) throws IOException {
        send('E', new Body().string(portal).int32(maxRows).bytes());
    }

    void close(char kind, String name) throws IOException {
        send('C', new Body().int8(kind).string(name).bytes());
    }

    void sync() throws IOException {
        send('S', new byte[0]);
    }

    void flush() throws IOException {
        send('H', new byte[0]);
    }

    void terminate() throws IOException {
        send('X', new byte[0]);
    }

    // ---------------------------------------------------------------- receiving

    /** One untyped byte (the answer to SSLRequest and GSSENCRequest). */
    char readByte() throws IOException {
        return (char) in.readUnsignedByte();
    }

    Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    /** Reads messages up to and including ReadyForQuery. */
    List<Message> readUntilReady() throws IOException {
        List<Message> messages = new ArrayList<>();
        Message message;
        do {
            message = read();
            messages.add(message);
        } while (message.type() != 'Z');
        return messages;
    }

    /** Reads the next messages; returns those read before the server closed the connection. */
    List<Message> readUntilClosed() throws IOException {
        List<Message> messages = new ArrayList<>();
        while (true) {
            try {
                messages.add(read());
            } catch (EOFException e) {
                return messages;
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not close the connection; got " + types(messages), e);
            }
        }
    }

    static String types(List<Message> messages) {
        StringBuilder types = new StringBuilder();
        messages.forEach(message -> types.append(message.type()));
        return types.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A message body under construction. */
    static final class Body {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);

        Body int8(int value) {
            return write(() -> data.writeByte(value));
        }

        Body int16(int value) {
            return write(() -> data.writeShort(value));
        }

        Body int32(int value) {
            return write(() -> data.writeInt(value));
        }

        Body int64(long value) {
            return write(() -> data.writeLong(value));
        }

        Body raw(byte[] value) {
            return write(() -> data.write(value));
        }

        Body string(String value) {
            return write(() -> {
                data.write(value.getBytes(StandardCharsets.UTF_8));
                data.writeByte(0);
            });
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        private interface Write {
            void run() throws IOException;
        }

        private Body write(Write write) {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }
}
