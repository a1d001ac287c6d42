package io.freshet.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Memcomparable key encoding: for keys of the same column types and directions, unsigned
 * lexicographic byte order of the encodings equals SQL order of the values, so RocksDB range scans
 * return rows in key order.
 *
 * <p>Per column: a flag byte (0x01 value, 0x02 NULL, so NULLs sort last ascending as in Postgres),
 * then the value: sign-flipped big-endian for integers and date/times, sign-adjusted IEEE bits for
 * floats (-0 folded to 0, NaN greatest), sign/exponent/digits for decimals, 0x00-escaped bytes with a
 * 0x00 0x01 terminator for strings, and span-then-fields for intervals. A DESC column has all its
 * bytes, flag included, inverted (so NULLs sort first, again as in Postgres).
 *
 * <p>Immutable and thread-safe; encoders pass their own {@link ByteWriter}.
 */
public final class KeyCodec {
    private static final int VALUE = 0x01;
    private static final int NULL = 0x02;

    private final List<DataType> types;
    private final boolean[] descending;

    public KeyCodec(List<DataType> types, boolean[] descending) {
        this.types = List.copyOf(types);
        this.descending = descending == null ? new boolean[types.size()] : descending.clone();
        if (this.descending.length != this.types.size()) {
            throw new IllegalArgumentException("one direction per key column");
        }
    }

    public static KeyCodec ascending(List<DataType> types) {
        return new KeyCodec(types, null);
    }

    public List<DataType> types() {
        return types;
    }

    public byte[] encode(Object[] values) {
        ByteWriter out = new ByteWriter(16 * values.length);
        for (int i = 0; i < types.size(); i++) {
            encodeValue(out, i, values[i]);
        }
        return out.toByteArray();
    }

    /** Appends the key formed by {@code columns} of {@code chunk} at {@code row}. */
    public void encode(ByteWriter out, Chunk chunk, int[] columns, int row) {
        for (int i = 0; i < columns.length; i++) {
            encodeColumn(out, i, chunk.column(columns[i]), row);
        }
    }

    /** Appends key column {@code index} taken from a chunk column; avoids boxing for primitives. */
    public void encodeColumn(ByteWriter out, int index, Column column, int row) {
        int start = out.size();
        if (column.isNull(row)) {
            out.writeByte(NULL);
        } else {
            out.writeByte(VALUE);
            if (column instanceof LongColumn) {
                out.writeLong(((LongColumn) column).getLong(row) ^ Long.MIN_VALUE);
            } else if (column instanceof DoubleColumn) {
                writeDouble(out, ((DoubleColumn) column).getDouble(row));
            } else if (column instanceof BytesColumn) {
                BytesColumn bytes = (BytesColumn) column;
                writeEscaped(out, bytes.data(), bytes.offset(row), bytes.length(row));
            } else {
                writeValue(out, types.get(index), column.get(row));
            }
        }
        if (descending[index]) {
            out.invertFrom(start);
        }
    }

    public void encodeValue(ByteWriter out, int index, Object value) {
        int start = out.size();
        if (value == null) {
            out.writeByte(NULL);
        } else {
            out.writeByte(VALUE);
            writeValue(out, types.get(index), value);
        }
        if (descending[index]) {
            out.invertFrom(start);
        }
    }

    private static void writeValue(ByteWriter out, DataType type, Object value) {
        switch (type.kind().physical()) {
            case BOOLEAN:
                out.writeByte((Boolean) value ? 1 : 0);
                return;
            case LONG:
                out.writeLong(((Number) value).longValue() ^ Long.MIN_VALUE);
                return;
            case DOUBLE:
                writeDouble(out, ((Number) value).doubleValue());
                return;
            case DECIMAL:
                writeDecimal(out, (BigDecimal) value);
                return;
            case BYTES:
                byte[] bytes = value instanceof String ? ((String) value).getBytes(StandardCharsets.UTF_8) : (byte[]) value;
                writeEscaped(out, bytes, 0, bytes.length);
                return;
            case INTERVAL:
                Interval interval = (Interval) value;
                byte[] span = interval.span().toByteArray();
                // 16-byte two's complement, sign-flipped: the span orders intervals.
                byte[] wide = new byte[16];
                byte fill = (byte) (span[0] < 0 ? 0xFF : 0);
                java.util.Arrays.fill(wide, fill);
                System.arraycopy(span, 0, wide, 16 - span.length, span.length);
                wide[0] ^= (byte) 0x80;
                out.writeBytes(wide);
                out.writeInt(interval.months() ^ Integer.MIN_VALUE);
                out.writeInt(interval.days() ^ Integer.MIN_VALUE);
                out.writeLong(interval.micros() ^ Long.MIN_VALUE);
                return;
            case ARRAY:
                // 0x01 before each element (its flag byte and value), 0x00 after the last: element
                // order first (NULL elements last), then a prefix before the longer array.
                for (Object element : (List<?>) value) {
                    out.writeByte(0x01);
                    if (element == null) {
                        out.writeByte(NULL);
                    } else {
                        out.writeByte(VALUE);
                        writeValue(out, type.element(), element);
                    }
                }
                out.writeByte(0x00);
                return;
        }
        throw new AssertionError(type);
    }

    private static void writeDouble(ByteWriter out, double d) {
        if (d == 0) {
            d = 0.0; // fold -0.0
        }
        long bits = Double.isNaN(d) ? 0x7ff8000000000000L : Double.doubleToLongBits(d);
        bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
        out.writeLong(bits);
    }

    private static void writeDecimal(ByteWriter out, BigDecimal value) {
        int signum = value.signum();
        if (signum == 0) {
            out.writeByte(0x01);
            return;
        }
        BigDecimal normalized = value.stripTrailingZeros();
        String digits = normalized.unscaledValue().abs().toString();
        int exponent = normalized.precision() - normalized.scale();
        int start = out.size();
        out.writeByte(signum < 0 ? 0x00 : 0x02);
        int bodyStart = out.size();
        out.writeInt(exponent ^ Integer.MIN_VALUE);
        for (int i = 0; i < digits.length(); i++) {
            out.writeByte(digits.charAt(i));
        }
        out.writeByte(0x00);
        if (signum < 0) {
            out.invertFrom(bodyStart);
        }
        assert out.size() > start;
    }

    private static void writeEscaped(ByteWriter out, byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = data[i];
            out.writeByte(b);
            if (b == 0) {
                out.writeByte(0xFF);
            }
        }
        out.writeByte(0x00);
        out.writeByte(0x01);
    }

    /** Decodes a whole key into Java values. */
    public Object[] decode(byte[] key) {
        return decode(key, 0, key.length);
    }

    public Object[] decode(byte[] key, int offset, int length) {
        byte[] work = java.util.Arrays.copyOfRange(key, offset, offset + length);
        Object[] values = new Object[types.size()];
        int position = 0;
        for (int i = 0; i < types.size(); i++) {
            int start = position;
            position = decodeColumn(work, position, i, values);
            assert position > start;
        }
        return values;
    }

    private int decodeColumn(byte[] work, int position, int index, Object[] values) {
        return decodeFlagged(work, position, types.get(index), descending[index], values, index);
    }

    private static int decodeFlagged(byte[] work, int position, DataType type, boolean desc, Object[] values, int index) {
        int flag = read(work, position++, desc);
        if (flag == NULL) {
            values[index] = null;
            return position;
        }
        switch (type.kind().physical()) {
            case BOOLEAN:
                values[index] = read(work, position++, desc) == 1;
                return position;
            case LONG:
                values[index] = readLong(work, position, desc) ^ Long.MIN_VALUE;
                return position + 8;
            case DOUBLE: {
                long bits = readLong(work, position, desc);
                bits = bits < 0 ? bits ^ Long.MIN_VALUE : ~bits;
                double d = Double.longBitsToDouble(bits);
                values[index] = type.kind() == TypeKind.REAL ? (double) (float) d : d;
                return position + 8;
            }
            case DECIMAL:
                return decodeDecimal(work, position, desc, type, values, index);
            case BYTES: {
                ByteWriter raw = new ByteWriter();
                while (true) {
                    int b = read(work, position++, desc);
                    if (b == 0) {
                        int next = read(work, position++, desc);
                        if (next == 0x01) {
                            break;
                        }
                        raw.writeByte(0);
                    } else {
                        raw.writeByte(b);
                    }
                }
                byte[] bytes = raw.toByteArray();
                values[index] = type.kind().isText() ? new String(bytes, StandardCharsets.UTF_8) : bytes;
                return position;
            }
            case INTERVAL: {
                position += 16;
                int months = readInt(work, position, desc) ^ Integer.MIN_VALUE;
                int days = readInt(work, position + 4, desc) ^ Integer.MIN_VALUE;
                long micros = readLong(work, position + 8, desc) ^ Long.MIN_VALUE;
                values[index] = new Interval(months, days, micros);
                return position + 16;
            }
            case ARRAY: {
                java.util.List<Object> elements = new java.util.ArrayList<>();
                Object[] one = new Object[1];
                while (read(work, position++, desc) == 0x01) {
                    position = decodeFlagged(work, position, type.element(), desc, one, 0);
                    elements.add(one[0]);
                }
                values[index] = SqlArray.of(elements);
                return position;
            }
        }
        throw new AssertionError(type);
    }

    private static int decodeDecimal(byte[] work, int position, boolean desc, DataType type, Object[] values, int index) {
        int sign = read(work, position++, desc);
        if (sign == 0x01) {
            values[index] = fitScale(BigDecimal.ZERO, type);
            return position;
        }
        boolean negative = sign == 0x00;
        boolean invert = desc ^ negative;
        int exponent = readInt(work, position, invert) ^ Integer.MIN_VALUE;
        position += 4;
        StringBuilder digits = new StringBuilder();
        while (true) {
            int b = read(work, position++, invert);
            if (b == 0) {
                break;
            }
            digits.append((char) b);
        }
        BigDecimal unscaled = new BigDecimal(new BigInteger(digits.toString()));
        BigDecimal value = unscaled.scaleByPowerOfTen(exponent - digits.length());
        values[index] = fitScale(negative ? value.negate() : value, type);
        return position;
    }

    private static BigDecimal fitScale(BigDecimal value, DataType type) {
        if (type.scale() != DataType.UNBOUNDED) {
            return value.setScale(type.scale(), java.math.RoundingMode.HALF_UP);
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    private static int read(byte[] work, int position, boolean invert) {
        int b = work[position] & 0xFF;
        return invert ? (~b) & 0xFF : b;
    }

    private static long readLong(byte[] work, int position, boolean invert) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | read(work, position + i, invert);
        }
        return v;
    }

    private static int readInt(byte[] work, int position, boolean invert) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | read(work, position + i, invert);
        }
        return v;
    }
}
