package io.freshet.executor.connector.avro;

import io.freshet.executor.connector.JsonRowDecoder.BadRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads Avro's binary encoding from a byte array. Every read checks the bytes left first, so
 * truncated or garbage input is a {@link BadRecordException}, never an exception of another kind
 * or an allocation larger than the input.
 */
final class AvroInput {
    private final byte[] buf;
    private int pos;
    private final int end;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    AvroInput(byte[] buf, int offset) {
        this.buf = buf;
        this.pos = offset;
        this.end = buf.length;
    }

    int remaining() {
        return end - pos;
    }

    static BadRecordException truncated() {
        return new BadRecordException("Avro value truncated: the record ends inside a value");
    }

    /** A zig-zag varint of at most 10 bytes. */
    long readLong() throws BadRecordException {
        long raw = 0;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw truncated();
            }
            int b = buf[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
            shift += 7;
            if (shift > 63) {
                throw new BadRecordException("invalid Avro long: a varint longer than 10 bytes");
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    int readInt() throws BadRecordException {
        long value = readLong();
        if (value != (int) value) {
            throw new BadRecordException("invalid Avro int: " + value + " is out of the int range");
        }
        return (int) value;
    }

    boolean readBoolean() throws BadRecordException {
        if (pos >= end) {
            throw truncated();
        }
        int b = buf[pos++];
        if (b != 0 && b != 1) {
            throw new BadRecordException("invalid Avro boolean byte " + (b & 0xff));
        }
        return b == 1;
    }

    float readFloat() throws BadRecordException {
        return Float.intBitsToFloat((int) readLittleEndian(4));
    }

    double readDouble() throws BadRecordException {
        return Double.longBitsToDouble(readLittleEndian(8));
    }

    private long readLittleEndian(int n) throws BadRecordException {
        if (end - pos < n) {
            throw truncated();
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            value |= (long) (buf[pos++] & 0xff) << (8 * i);
        }
        return value;
    }

    /** The length prefix of bytes or a string, checked against the bytes left. */
    int readLength() throws BadRecordException {
        long length = readLong();
        if (length < 0) {
            throw new BadRecordException("invalid Avro length " + length);
        }
        if (length > end - pos) {
            throw truncated();
        }
        return (int) length;
    }

    byte[] readBytes() throws BadRecordException {
        return readFixed(readLength());
    }

    byte[] readFixed(int size) throws BadRecordException {
        if (size > end - pos) {
            throw truncated();
        }
        byte[] out = new byte[size];
        System.arraycopy(buf, pos, out, 0, size);
        pos += size;
        return out;
    }

    String readString() throws BadRecordException {
        int length = readLength();
        try {
            String text = utf8.decode(ByteBuffer.wrap(buf, pos, length)).toString();
            pos += length;
            return text;
        } catch (CharacterCodingException e) {
            throw new BadRecordException("invalid Avro string: not UTF-8");
        }
    }

    void skip(int n) throws BadRecordException {
        if (n < 0 || n > end - pos) {
            throw truncated();
        }
        pos += n;
    }
}
