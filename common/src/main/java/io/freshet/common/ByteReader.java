package io.freshet.common;

/** Reads what a {@link ByteWriter} wrote. Not thread-safe. */
public final class ByteReader {
    private final byte[] buffer;
    private int position;
    private final int end;

    public ByteReader(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
    }

    public ByteReader(byte[] buffer) {
        this(buffer, 0, buffer.length);
    }

    public int position() {
        return position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    private void need(int n) {
        if (position + n > end) {
            throw new IllegalStateException("truncated encoding: need " + n + " bytes at " + position + " of " + end);
        }
    }

    public int readByte() {
        need(1);
        return buffer[position++] & 0xFF;
    }

    public byte[] readBytes(int length) {
        need(length);
        byte[] out = java.util.Arrays.copyOfRange(buffer, position, position + length);
        position += length;
        return out;
    }

    public long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buffer[position++] & 0xFF);
        }
        return v;
    }

    public int readInt() {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buffer[position++] & 0xFF);
        }
        return v;
    }

    public long readVarInt() {
        long v = 0;
        int shift = 0;
        while (true) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }
}
