package io.freshet.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.freshet.common.DataType;
import io.freshet.common.TextFormat;
import io.freshet.server.session.Session.ResultColumn;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Writes backend messages for one connection. Messages collect in a buffer that goes to the
 * channel on {@link #flush()} (ReadyForQuery, Flush) or when it grows past 64 KiB; a flush waits
 * while the channel is not writable, so a slow client slows down its own worker thread instead of
 * filling the server's memory.
 *
 * <p>Threading: used by the connection's worker only (one thread at a time); {@link
 * #writabilityChanged()} is called from the event loop.
 */
final class PgOutput {
    private static final int FLUSH_THRESHOLD = 64 * 1024;
    private static final long WRITABILITY_POLL_MILLIS = 100;

    private final Channel channel;
    private final Object writability = new Object();
    private ByteBuf buffer;

    PgOutput(Channel channel) {
        this.channel = requireNonNull(channel, "channel is null");
    }

    // ---------------------------------------------------------------- startup

    /** {@code R}: an authentication request; code 0 is AuthenticationOk. */
    void authentication(int code, byte[] data) {
        int start = begin('R');
        buffer.writeInt(code);
        if (data != null) {
            buffer.writeBytes(data);
        }
        end(start);
    }

    void parameterStatus(String name, String value) {
        int start = begin('S');
        writeString(name);
        writeString(value);
        end(start);
    }

    void backendKeyData(int processId, int secretKey) {
        int start = begin('K');
        buffer.writeInt(processId);
        buffer.writeInt(secretKey);
        end(start);
    }

    /** {@code v}: the newest minor version we speak and the protocol options we did not recognize. */
    void negotiateProtocolVersion(int minorVersion, List<String> unrecognizedOptions) {
        int start = begin('v');
        buffer.writeInt(3 << 16 | minorVersion);
        buffer.writeInt(unrecognizedOptions.size());
        unrecognizedOptions.forEach(this::writeString);
        end(start);
    }

    void readyForQuery(char transactionStatus) {
        int start = begin('Z');
        buffer.writeByte(transactionStatus);
        end(start);
    }

    // ---------------------------------------------------------------- results

    /** {@code T}: one field per column; {@code formats} holds the resolved format of each column. */
    void rowDescription(List<ResultColumn> columns, int[] formats) {
        int start = begin('T');
        buffer.writeShort(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            ResultColumn column = columns.get(i);
            PgType type = PgType.of(column.type());
            writeString(column.name());
            buffer.writeInt(0); // table OID: unknown, so clients do not look the column up in pg_attribute
            buffer.writeShort(0); // column number
            buffer.writeInt(type.oid());
            buffer.writeShort(type.length());
            buffer.writeInt(PgType.typeModifier(column.type()));
            buffer.writeShort(formats[i]);
        }
        end(start);
    }

    /**
     * {@code D}: one row, each value in its column's format; timestamptz text uses {@code zone}.
     * A value that cannot be encoded leaves nothing of the row behind and throws.
     */
    void dataRow(Object[] row, List<ResultColumn> columns, int[] formats, ZoneId zone) {
        int start = begin('D');
        try {
            buffer.writeShort(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                writeValue(row[i], columns.get(i).type(), formats[i], zone);
            }
        } catch (RuntimeException | Error e) {
            buffer.writerIndex(start);
            throw e;
        }
        end(start);
    }

    private void writeValue(Object value, DataType type, int format, ZoneId zone) {
        if (value == null) {
            buffer.writeInt(-1);
            return;
        }
        int lengthIndex = buffer.writerIndex();
        buffer.writeInt(0);
        if (format == 1) {
            BinaryFormat.encode(type, value, buffer);
        } else {
            buffer.writeCharSequence(TextFormat.format(type, value, zone), StandardCharsets.UTF_8);
        }
        buffer.setInt(lengthIndex, buffer.writerIndex() - lengthIndex - 4);
    }

    void commandComplete(String tag) {
        int start = begin('C');
        writeString(tag);
        end(start);
    }

    void emptyQueryResponse() {
        end(begin('I'));
    }

    void parameterStatuses(Map<String, String> parameters) {
        parameters.forEach(this::parameterStatus);
    }

    // ---------------------------------------------------------------- extended query

    void parseComplete() {
        end(begin('1'));
    }

    void bindComplete() {
        end(begin('2'));
    }

    void closeComplete() {
        end(begin('3'));
    }

    void noData() {
        end(begin('n'));
    }

    void portalSuspended() {
        end(begin('s'));
    }

    void parameterDescription(int[] typeOids) {
        int start = begin('t');
        buffer.writeShort(typeOids.length);
        for (int oid : typeOids) {
            buffer.writeInt(oid);
        }
        end(start);
    }

    // ---------------------------------------------------------------- errors

    /** {@code E} (ErrorResponse) or, for a NOTICE, {@code N} (NoticeResponse). */
    void error(PgError error) {
        int start = begin(error.severity() == PgError.Severity.NOTICE ? 'N' : 'E');
        writeField('S', error.severity().name());
        writeField('V', error.severity().name());
        writeField('C', error.sqlState());
        writeField('M', error.message());
        if (error.detail() != null) {
            writeField('D', error.detail());
        }
        if (error.hint() != null) {
            writeField('H', error.hint());
        }
        if (error.position() > 0) {
            writeField('P', Integer.toString(error.position()));
        }
        buffer.writeByte(0);
        end(start);
    }

    private void writeField(char code, String value) {
        buffer.writeByte(code);
        writeString(value);
    }

    // ---------------------------------------------------------------- buffering

    /** Sends what is buffered and waits while the channel is not writable (or until it closes). */
    void flush() {
        if (buffer == null) {
            return;
        }
        ByteBuf out = buffer;
        buffer = null;
        channel.writeAndFlush(out);
        awaitWritable();
    }

    /** Drops what is buffered, for a connection that is gone. */
    void discard() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }

    /** Called from the event loop when the channel's writability changes. */
    void writabilityChanged() {
        synchronized (writability) {
            writability.notifyAll();
        }
    }

    private void awaitWritable() {
        synchronized (writability) {
            while (channel.isActive() && !channel.isWritable()) {
                try {
                    writability.wait(WRITABILITY_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private int begin(char type) {
        ensureBuffer();
        int start = buffer.writerIndex();
        buffer.writeByte(type);
        buffer.writeInt(0);
        return start;
    }

    private void end(int start) {
        buffer.setInt(start + 1, buffer.writerIndex() - start - 1);
        if (buffer.readableBytes() >= FLUSH_THRESHOLD) {
            flush();
        }
    }

    private void ensureBuffer() {
        if (buffer == null) {
            buffer = channel.alloc().buffer(256);
        }
    }

    /** A C string; a NUL inside the value would end it early, so it becomes a space. */
    private void writeString(String value) {
        buffer.writeCharSequence(value.indexOf('\0') < 0 ? value : value.replace('\0', ' '), StandardCharsets.UTF_8);
        buffer.writeByte(0);
    }
}
