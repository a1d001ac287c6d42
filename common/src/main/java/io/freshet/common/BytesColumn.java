package io.freshet.common;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Variable-length values (VARCHAR as UTF-8, BYTEA) in one byte buffer: value {@code i} occupies
 * {@code data[offsets[i] .. offsets[i + 1])}.
 */
public final class BytesColumn extends Column {
    private final byte[] data;
    private final int[] offsets;

    public BytesColumn(DataType type, byte[] data, int[] offsets, boolean[] nulls, int size) {
        super(type, nulls, size);
        this.data = data;
        this.offsets = offsets;
    }

    public byte[] data() {
        return data;
    }

    public int offset(int row) {
        return offsets[row];
    }

    public int length(int row) {
        return offsets[row + 1] - offsets[row];
    }

    public byte[] getBytes(int row) {
        return Arrays.copyOfRange(data, offsets[row], offsets[row + 1]);
    }

    public String getString(int row) {
        return new String(data, offsets[row], length(row), StandardCharsets.UTF_8);
    }

    /** Byte-wise equality of two values without copying. */
    public boolean bytesEqual(int row, BytesColumn other, int otherRow) {
        return Arrays.equals(data, offsets[row], offsets[row + 1],
                other.data, other.offsets[otherRow], other.offsets[otherRow + 1]);
    }

    @Override
    public Object get(int row) {
        if (isNull(row)) {
            return null;
        }
        return type().kind().isText() ? getString(row) : getBytes(row);
    }

    @Override
    public Column select(int[] positions, int count) {
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += length(positions[i]);
        }
        byte[] out = new byte[total];
        int[] outOffsets = new int[count + 1];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int p = positions[i];
            int len = length(p);
            System.arraycopy(data, offsets[p], out, at, len);
            at += len;
            outOffsets[i + 1] = at;
        }
        return new BytesColumn(type(), out, outOffsets, selectNulls(positions, count), count);
    }
}
