package io.freshet.common;

import java.util.Arrays;

/** A growable byte buffer for codecs; reusable through {@link #reset()}. Not thread-safe. */
public final class ByteWriter {
    private byte[] buffer;
    private int size;

    public ByteWriter(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    public ByteWriter() {
        this(64);
    }

    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public byte[] buffer() {
        return buffer;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(size + extra, buffer.length * 2));
        }
    }

    public void writeByte(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    public void writeBytes(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    public void writeBytes(byte[] bytes) {
        writeBytes(bytes, 0, bytes.length);
    }

    public void writeLong(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buffer[size++] = (byte) (v >>> (i * 8));
        }
    }

    public void writeInt(int v) {
        ensure(4);
        for (int i = 3; i >= 0; i--) {
            buffer[size++] = (byte) (v >>> (i * 8));
        }
    }

    /** Unsigned LEB128. */
    public void writeVarInt(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[size++] = (byte) v;
    }

    /** Inverts the bytes written from {@code from} to the end (for DESC key columns). */
    public void invertFrom(int from) {
        for (int i = from; i < size; i++) {
            buffer[i] = (byte) ~buffer[i];
        }
    }
}
