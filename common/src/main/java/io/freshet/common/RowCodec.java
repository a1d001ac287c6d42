package io.freshet.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Compact value encoding of a row (not order-preserving): a null bitmap, then each non-null value
 * (8-byte longs and doubles, length-prefixed bytes, scale + unscaled bytes for decimals).
 * Immutable and thread-safe.
 */
public final class RowCodec {
    private final List<DataType> types;

    public RowCodec(List<DataType> types) {
        this.types = List.copyOf(types);
    }

    public List<DataType> types() {
        return types;
    }

    public byte[] encode(Object[] values) {
        ByteWriter out = new ByteWriter(8 + 8 * values.length);
        encode(out, values);
        return out.toByteArray();
    }

    public void encode(ByteWriter out, Object[] values) {
        int bitmapBytes = (types.size() + 7) / 8;
        int bitmapStart = out.size();
        for (int i = 0; i < bitmapBytes; i++) {
            out.writeByte(0);
        }
        for (int i = 0; i < types.size(); i++) {
            Object value = values[i];
            if (value == null) {
                out.buffer()[bitmapStart + i / 8] |= (byte) (1 << (i % 8));
                continue;
            }
            encodeValue(out, types.get(i), value);
        }
    }

    /** Encodes row {@code row} of {@code chunk} (columns in this codec's order) without boxing primitives. */
    public void encode(ByteWriter out, Chunk chunk, int row) {
        int bitmapBytes = (types.size() + 7) / 8;
        int bitmapStart = out.size();
        for (int i = 0; i < bitmapBytes; i++) {
            out.writeByte(0);
        }
        for (int i = 0; i < types.size(); i++) {
            Column column = chunk.column(i);
            if (column.isNull(row)) {
                out.buffer()[bitmapStart + i / 8] |= (byte) (1 << (i % 8));
            } else if (column instanceof LongColumn longs) {
                out.writeLong(longs.getLong(row));
            } else if (column instanceof DoubleColumn doubles) {
                out.writeLong(Double.doubleToRawLongBits(doubles.getDouble(row)));
            } else if (column instanceof BytesColumn bytes) {
                out.writeVarInt(bytes.length(row));
                out.writeBytes(bytes.data(), bytes.offset(row), bytes.length(row));
            } else if (column instanceof BooleanColumn booleans) {
                out.writeByte(booleans.getBoolean(row) ? 1 : 0);
            } else {
                encodeValue(out, types.get(i), column.get(row));
            }
        }
    }

    private static void encodeValue(ByteWriter out, DataType type, Object value) {
        switch (type.kind().physical()) {
            case BOOLEAN:
                out.writeByte((Boolean) value ? 1 : 0);
                return;
            case LONG:
                out.writeLong(((Number) value).longValue());
                return;
            case DOUBLE:
                out.writeLong(Double.doubleToRawLongBits(((Number) value).doubleValue()));
                return;
            case DECIMAL: {
                BigDecimal d = (BigDecimal) value;
                byte[] unscaled = d.unscaledValue().toByteArray();
                out.writeVarInt(d.scale() + 0x7FFF_FFFFL);
                out.writeVarInt(unscaled.length);
                out.writeBytes(unscaled);
                return;
            }
            case BYTES: {
                byte[] bytes = value instanceof String ? ((String) value).getBytes(StandardCharsets.UTF_8) : (byte[]) value;
                out.writeVarInt(bytes.length);
                out.writeBytes(bytes);
                return;
            }
            case INTERVAL: {
                Interval interval = (Interval) value;
                out.writeInt(interval.months());
                out.writeInt(interval.days());
                out.writeLong(interval.micros());
                return;
            }
            case ARRAY: {
                // element count, then the elements as a row of that many element-typed columns
                java.util.List<?> array = (java.util.List<?>) value;
                out.writeVarInt(array.size());
                java.util.List<DataType> elementTypes = java.util.Collections.nCopies(array.size(), type.element());
                new RowCodec(elementTypes).encode(out, array.toArray());
                return;
            }
        }
        throw new AssertionError(type);
    }

    private static java.util.List<Object> decodeArray(ByteReader in, DataType type) {
        int count = (int) in.readVarInt();
        RowCodec elements = new RowCodec(java.util.Collections.nCopies(count, type.element()));
        return SqlArray.of(elements.decodeFrom(in));
    }

    public Object[] decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    public Object[] decode(byte[] bytes, int offset, int length) {
        return decodeFrom(new ByteReader(bytes, offset, length));
    }

    private Object[] decodeFrom(ByteReader in) {
        int bitmapBytes = (types.size() + 7) / 8;
        byte[] bitmap = in.readBytes(bitmapBytes);
        Object[] values = new Object[types.size()];
        for (int i = 0; i < types.size(); i++) {
            if ((bitmap[i / 8] & (1 << (i % 8))) != 0) {
                continue;
            }
            DataType type = types.get(i);
            switch (type.kind().physical()) {
                case BOOLEAN:
                    values[i] = in.readByte() == 1;
                    break;
                case LONG:
                    values[i] = in.readLong();
                    break;
                case DOUBLE:
                    values[i] = Double.longBitsToDouble(in.readLong());
                    break;
                case DECIMAL: {
                    int scale = (int) (in.readVarInt() - 0x7FFF_FFFFL);
                    int len = (int) in.readVarInt();
                    values[i] = new BigDecimal(new BigInteger(in.readBytes(len)), scale);
                    break;
                }
                case BYTES: {
                    int len = (int) in.readVarInt();
                    byte[] raw = in.readBytes(len);
                    values[i] = type.kind().isText() ? new String(raw, StandardCharsets.UTF_8) : raw;
                    break;
                }
                case INTERVAL:
                    values[i] = new Interval(in.readInt(), in.readInt(), in.readLong());
                    break;
                case ARRAY:
                    values[i] = decodeArray(in, type);
                    break;
            }
        }
        return values;
    }
}
