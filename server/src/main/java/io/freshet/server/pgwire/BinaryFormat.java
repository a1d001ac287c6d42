package io.freshet.server.pgwire;

import io.freshet.common.DataType;
import io.freshet.common.Interval;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Postgres's binary format ({@code typsend}/{@code typreceive}) for every Freshet type. Integers
 * and floats are big-endian; dates count days and timestamps microseconds from 2000-01-01;
 * numeric is a list of base-10000 digits. Values are the Java values of {@link io.freshet.common.TypeKind}.
 */
final class BinaryFormat {
    /** Days from 1970-01-01 (Freshet's epoch) to 2000-01-01 (Postgres's). */
    static final long POSTGRES_EPOCH_DAYS = 10_957L;
    /** Microseconds from 1970-01-01 00:00 to 2000-01-01 00:00. */
    static final long POSTGRES_EPOCH_MICROS = POSTGRES_EPOCH_DAYS * 86_400_000_000L;

    private static final int NUMERIC_POSITIVE = 0x0000;
    private static final int NUMERIC_NEGATIVE = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final int NUMERIC_MAX_DISPLAY_SCALE = 0x3FFF;
    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

    private BinaryFormat() {
    }

    /** Appends the binary form of a non-null value of {@code type}. */
    static void encode(DataType type, Object value, ByteBuf out) {
        switch (type.kind()) {
            case BOOLEAN:
                out.writeByte((Boolean) value ? 1 : 0);
                return;
            case SMALLINT:
                out.writeShort((int) ((Number) value).longValue());
                return;
            case INTEGER:
                out.writeInt((int) ((Number) value).longValue());
                return;
            case BIGINT:
            case TIME:
                out.writeLong(((Number) value).longValue());
                return;
            case REAL:
                out.writeFloat(((Number) value).floatValue());
                return;
            case DOUBLE:
                out.writeDouble(((Number) value).doubleValue());
                return;
            case DECIMAL:
                encodeNumeric((BigDecimal) value, out);
                return;
            case VARCHAR:
                out.writeCharSequence((String) value, StandardCharsets.UTF_8);
                return;
            case BYTEA:
                out.writeBytes((byte[]) value);
                return;
            case JSONB:
                out.writeByte(1); // jsonb's binary format: version 1, then the text
                out.writeCharSequence((String) value, StandardCharsets.UTF_8);
                return;
            case DATE:
                out.writeInt(toInt(((Number) value).longValue() - POSTGRES_EPOCH_DAYS, "date"));
                return;
            case TIMESTAMP:
            case TIMESTAMPTZ:
                out.writeLong(Math.subtractExact(((Number) value).longValue(), POSTGRES_EPOCH_MICROS));
                return;
            case INTERVAL:
                Interval interval = (Interval) value;
                out.writeLong(interval.micros());
                out.writeInt(interval.days());
                out.writeInt(interval.months());
                return;
            case ARRAY:
                encodeArray(type, (java.util.List<?>) value, out);
                return;
        }
        throw new AssertionError(type);
    }

    /**
     * Decodes the binary form of {@code wireType}: the Java value of its {@link PgType#dataType()},
     * or the text form for types Freshet lacks ({@code uuid}, {@code json}, {@code jsonb}).
     *
     * @throws PgException 22P03 when the bytes are not a valid value of the type
     */
    static Object decode(PgType wireType, byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        switch (wireType) {
            case BOOL:
                requireLength(wireType, bytes, 1);
                return in.readByte() != 0;
            case INT2:
                requireLength(wireType, bytes, 2);
                return (long) in.readShort();
            case INT4:
            case DATE:
                requireLength(wireType, bytes, 4);
                return wireType == PgType.DATE ? in.readInt() + POSTGRES_EPOCH_DAYS : (long) in.readInt();
            case INT8:
            case TIME:
                requireLength(wireType, bytes, 8);
                return in.readLong();
            case TIMESTAMP:
            case TIMESTAMPTZ:
                requireLength(wireType, bytes, 8);
                return addMicros(in.readLong());
            case FLOAT4:
                requireLength(wireType, bytes, 4);
                return (double) in.readFloat();
            case FLOAT8:
                requireLength(wireType, bytes, 8);
                return in.readDouble();
            case NUMERIC:
                return decodeNumeric(in);
            case TEXT:
            case VARCHAR:
            case BPCHAR:
            case JSON:
                return new String(bytes, StandardCharsets.UTF_8);
            case JSONB:
                if (bytes.length == 0 || bytes[0] != 1) {
                    throw invalid(wireType, "unsupported jsonb version");
                }
                return io.freshet.common.Jsonb.normalize(new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8));
            case BYTEA:
                return bytes.clone();
            case INTERVAL:
                requireLength(wireType, bytes, 16);
                long micros = in.readLong();
                int days = in.readInt();
                return new Interval(in.readInt(), days, micros);
            case UUID:
                requireLength(wireType, bytes, 16);
                return new UUID(in.readLong(), in.readLong()).toString();
            default:
                if (wireType.element() != null) {
                    return decodeArray(wireType, in);
                }
        }
        throw new AssertionError(wireType);
    }

    /**
     * Postgres's {@code array_send} for a one-dimensional array: int32 dimension count (0 for an
     * empty array), int32 has-nulls flag, int32 element OID, then per dimension int32 length and
     * int32 lower bound (1), then each element as int32 byte length (-1 for NULL) and its binary form.
     */
    private static void encodeArray(DataType type, java.util.List<?> array, ByteBuf out) {
        DataType element = type.element();
        out.writeInt(array.isEmpty() ? 0 : 1);
        out.writeInt(array.contains(null) ? 1 : 0);
        out.writeInt(PgType.of(element).oid());
        if (array.isEmpty()) {
            return;
        }
        out.writeInt(array.size());
        out.writeInt(1);
        for (Object value : array) {
            if (value == null) {
                out.writeInt(-1);
                continue;
            }
            int lengthAt = out.writerIndex();
            out.writeInt(0);
            encode(element, value, out);
            out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
        }
    }

    private static java.util.List<Object> decodeArray(PgType wireType, ByteBuf in) {
        if (in.readableBytes() < 12) {
            throw invalid(wireType, "too short");
        }
        int dimensions = in.readInt();
        in.readInt(); // has-nulls flag
        int elementOid = in.readInt();
        PgType element = PgType.ofOid(elementOid);
        boolean textual = (element == PgType.TEXT || element == PgType.VARCHAR)
                && (wireType.element() == PgType.TEXT || wireType.element() == PgType.VARCHAR);
        if (element == null || (element != wireType.element() && !textual) || dimensions > 1 || dimensions < 0) {
            throw new PgException(PgException.FEATURE_NOT_SUPPORTED,
                    "binary " + wireType.name().toLowerCase(java.util.Locale.ROOT) + " with element OID " + elementOid
                            + " and " + dimensions + " dimensions is not supported");
        }
        java.util.List<Object> values = new java.util.ArrayList<>();
        if (dimensions == 0) {
            return io.freshet.common.SqlArray.of(values);
        }
        int count = in.readInt();
        in.readInt(); // lower bound
        for (int i = 0; i < count; i++) {
            int length = in.readInt();
            if (length < 0) {
                values.add(null);
                continue;
            }
            byte[] bytes = new byte[length];
            in.readBytes(bytes);
            values.add(decode(element, bytes));
        }
        return io.freshet.common.SqlArray.of(values);
    }

    private static long addMicros(long postgresMicros) {
        try {
            return Math.addExact(postgresMicros, POSTGRES_EPOCH_MICROS);
        } catch (ArithmeticException e) {
            throw new PgException(PgException.DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        }
    }

    private static int toInt(long value, String what) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new PgException(PgException.DATETIME_FIELD_OVERFLOW, what + " out of range");
        }
        return (int) value;
    }

    // ---------------------------------------------------------------- numeric

    /**
     * Writes {@code numeric}: int16 digit count, int16 weight (the power of 10000 of the first
     * digit), int16 sign, int16 display scale, then the base-10000 digits without leading or
     * trailing zero digits. Digit groups are aligned on the decimal point.
     */
    static void encodeNumeric(BigDecimal value, ByteBuf out) {
        BigDecimal abs = value.abs();
        if (abs.scale() < 0) {
            abs = abs.setScale(0);
        }
        int displayScale = abs.scale();
        if (displayScale > NUMERIC_MAX_DISPLAY_SCALE) {
            throw new PgException(PgException.NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
        }
        String digits = abs.unscaledValue().toString();
        int integerLength = digits.length() - displayScale;
        String integerPart = integerLength > 0 ? digits.substring(0, integerLength) : "";
        String fractionPart = integerLength >= 0 ? digits.substring(integerLength) : "0".repeat(-integerLength) + digits;
        String aligned = "0".repeat(padding(integerPart.length())) + integerPart
                + fractionPart + "0".repeat(padding(fractionPart.length()));
        int groups = aligned.length() / 4;
        int weight = (integerPart.length() + padding(integerPart.length())) / 4 - 1;
        int first = 0;
        while (first < groups && isZeroGroup(aligned, first)) {
            first++;
            weight--;
        }
        int last = groups;
        while (last > first && isZeroGroup(aligned, last - 1)) {
            last--;
        }
        int count = last - first;
        if (count == 0) {
            weight = 0;
        }
        if (weight > Short.MAX_VALUE || weight < Short.MIN_VALUE) {
            throw new PgException(PgException.NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
        }
        out.writeShort(count);
        out.writeShort(weight);
        out.writeShort(count == 0 || value.signum() >= 0 ? NUMERIC_POSITIVE : NUMERIC_NEGATIVE);
        out.writeShort(displayScale);
        for (int i = first; i < last; i++) {
            out.writeShort(Integer.parseInt(aligned, 4 * i, 4 * i + 4, 10));
        }
    }

    private static int padding(int length) {
        return (4 - length % 4) % 4;
    }

    private static boolean isZeroGroup(String aligned, int group) {
        return aligned.regionMatches(4 * group, "0000", 0, 4);
    }

    static BigDecimal decodeNumeric(ByteBuf in) {
        if (in.readableBytes() < 8) {
            throw invalid(PgType.NUMERIC, "too short");
        }
        int count = in.readShort();
        int weight = in.readShort();
        int sign = in.readUnsignedShort();
        int displayScale = in.readUnsignedShort();
        if (sign == NUMERIC_NAN || (sign & 0xC000) == 0xC000) {
            throw new PgException(PgException.FEATURE_NOT_SUPPORTED, "numeric NaN and infinity are not supported");
        }
        if (sign != NUMERIC_POSITIVE && sign != NUMERIC_NEGATIVE) {
            throw invalid(PgType.NUMERIC, "invalid sign");
        }
        if (count < 0 || in.readableBytes() != 2 * count) {
            throw invalid(PgType.NUMERIC, "invalid length");
        }
        if (displayScale > NUMERIC_MAX_DISPLAY_SCALE) {
            throw invalid(PgType.NUMERIC, "invalid scale");
        }
        BigInteger unscaled = BigInteger.ZERO;
        for (int i = 0; i < count; i++) {
            int digit = in.readShort();
            if (digit < 0 || digit > 9999) {
                throw invalid(PgType.NUMERIC, "invalid digit");
            }
            unscaled = unscaled.multiply(TEN_THOUSAND).add(BigInteger.valueOf(digit));
        }
        // The last digit is worth 10000^(weight - count + 1).
        BigDecimal value = new BigDecimal(unscaled, 4 * (count - weight - 1));
        // Postgres truncates digits the display scale hides.
        value = value.setScale(displayScale, RoundingMode.DOWN);
        return sign == NUMERIC_NEGATIVE ? value.negate() : value;
    }

    private static void requireLength(PgType type, byte[] bytes, int length) {
        if (bytes.length != length) {
            throw invalid(type, "expected " + length + " bytes, got " + bytes.length);
        }
    }

    private static PgException invalid(PgType type, String reason) {
        return new PgException(PgException.INVALID_BINARY_REPRESENTATION,
                "incorrect binary data format for type " + type.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason);
    }
}
