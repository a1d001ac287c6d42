package io.freshet.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random Java values of every {@link DataType} for property tests, with edge cases drawn often.
 *
 * <p>Each test run picks a fresh seed unless {@code -Dfreshet.test.seed=N} fixes it; tests put
 * {@link #seed()} in every failure message so a failure can be replayed.
 */
final class RandomValues {
    /** Every kind once, plus parameterized DECIMAL and VARCHAR. */
    static final List<DataType> TYPES = List.of(
            DataType.BOOLEAN, DataType.SMALLINT, DataType.INTEGER, DataType.BIGINT, DataType.REAL, DataType.DOUBLE,
            DataType.DECIMAL, DataType.decimal(10, 2), DataType.decimal(5, 0), DataType.decimal(38, 12),
            DataType.VARCHAR, DataType.varchar(5), DataType.BYTEA, DataType.DATE, DataType.TIME,
            DataType.TIMESTAMP, DataType.TIMESTAMPTZ, DataType.INTERVAL);

    /** Characters that make strings interesting to order: NUL, 0xFF, multi-byte, a surrogate pair. */
    private static final String[] STRING_PIECES = {
        "", "a", "b", "ab", "\u0000", "\u0001", "\u007f", "\u0080", "\u00ff", "\u00e9", "\u4e2d", "\ud83d\ude00",
        " ", "'", "NULL", "z"
    };
    private static final long[] LONG_EDGES = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1, Long.MAX_VALUE};
    private static final double[] DOUBLE_EDGES = {
        0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1, -1, 0.1, 1e15, 1.5e-5
    };
    private static final String[] DECIMAL_EDGES = {
        "0", "0.00", "-0.0", "1.5", "1.50", "-1.5", "-1.50", "1", "10", "100", "1E+2", "0.001", "-0.001", "999999", "1000000",
        "1E-100", "-1E-100", "1E+100", "-1E+100", "123456789012345678901234567890.123456789", "0.0000000001"
    };
    /** Postgres's date range: 4714-11-24 BC .. 5874897-12-31. */
    static final long MIN_DATE = LocalDate.of(-4713, 11, 24).toEpochDay();
    static final long MAX_DATE = LocalDate.of(5874897, 12, 31).toEpochDay();
    /** Postgres's timestamp range starts at 4714-11-24 BC; its end does not fit epoch micros in a long. */
    static final long MIN_TIMESTAMP = MIN_DATE * Interval.MICROS_PER_DAY;
    static final long MAX_TIMESTAMP = 9_000_000_000_000_000_000L;

    private final long seed;
    private final Random random;
    /** Whether values must survive {@link TextFormat} output and input unchanged. */
    private final boolean textSafe;

    private RandomValues(long seed, boolean textSafe) {
        this.seed = seed;
        this.random = new Random(seed);
        this.textSafe = textSafe;
    }

    /** Values for codecs: any bit pattern of the Java value. */
    static RandomValues create() {
        return new RandomValues(pickSeed(), false);
    }

    /** Values within Postgres's ranges, in the canonical form that reads back from its text. */
    static RandomValues textSafe() {
        return new RandomValues(pickSeed(), true);
    }

    private static long pickSeed() {
        String fixed = System.getProperty("freshet.test.seed");
        return fixed != null ? Long.parseLong(fixed) : ThreadLocalRandom.current().nextLong();
    }

    long seed() {
        return seed;
    }

    /** "seed N" for failure messages. */
    String describeSeed() {
        return "seed " + seed + " (replay with -Dfreshet.test.seed=" + seed + ")";
    }

    Random random() {
        return random;
    }

    DataType type() {
        return TYPES.get(random.nextInt(TYPES.size()));
    }

    /** A value of {@code type}, NULL one time in eight. */
    Object valueOrNull(DataType type) {
        return random.nextInt(8) == 0 ? null : value(type);
    }

    Object[] row(List<DataType> types) {
        Object[] row = new Object[types.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = valueOrNull(types.get(i));
        }
        return row;
    }

    /** A non-null value of {@code type}. */
    Object value(DataType type) {
        boolean edge = random.nextInt(3) == 0;
        switch (type.kind()) {
            case BOOLEAN: return random.nextBoolean();
            case SMALLINT: return edge ? (long) pick(Short.MIN_VALUE, -1, 0, 1, Short.MAX_VALUE) : (long) (short) random.nextInt();
            case INTEGER: return edge ? (long) pick(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE) : (long) random.nextInt();
            case BIGINT: return edge ? LONG_EDGES[random.nextInt(LONG_EDGES.length)] : smallOrAnyLong();
            case REAL: return (double) (float) doubleValue(edge, true);
            case DOUBLE: return doubleValue(edge, false);
            case DECIMAL: return decimal(type, edge);
            case VARCHAR: return string(type);
            case BYTEA: return bytes();
            case DATE: return date(edge);
            case TIME: return edge ? (long) pick(0, 1, 999_999, 43_200_000_000L, 86_399_999_999L) : (long) (random.nextDouble() * Interval.MICROS_PER_DAY);
            case TIMESTAMP:
            case TIMESTAMPTZ: return timestamp(edge);
            case INTERVAL: return interval(edge);
            case ARRAY: {
                // Short arrays, so that prefixes and shared elements are frequent.
                int length = random.nextInt(4);
                Object[] elements = new Object[length];
                for (int i = 0; i < length; i++) {
                    elements[i] = valueOrNull(type.element());
                }
                return SqlArray.of(elements);
            }
        }
        throw new AssertionError(type);
    }

    private long pick(long... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private long smallOrAnyLong() {
        return random.nextBoolean() ? random.nextInt(2001) - 1000 : random.nextLong();
    }

    private double doubleValue(boolean edge, boolean real) {
        if (edge) {
            return DOUBLE_EDGES[random.nextInt(DOUBLE_EDGES.length)];
        }
        switch (random.nextInt(3)) {
            case 0: return (random.nextInt(2_000_001) - 1_000_000) / Math.pow(10, random.nextInt(8));
            case 1: return real ? Float.intBitsToFloat(random.nextInt()) : Double.longBitsToDouble(random.nextLong());
            default: return random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
        }
    }

    private BigDecimal decimal(DataType type, boolean edge) {
        if (type.precision() != DataType.UNBOUNDED) {
            BigInteger limit = BigInteger.TEN.pow(type.precision());
            BigInteger unscaled = edge
                    ? limit.subtract(BigInteger.ONE).divide(BigInteger.TEN.pow(random.nextInt(type.precision() + 1)))
                    : new BigInteger(limit.bitLength() + 2, random).mod(limit);
            return new BigDecimal(random.nextBoolean() ? unscaled.negate() : unscaled, type.scale());
        }
        BigDecimal value;
        if (edge) {
            value = new BigDecimal(DECIMAL_EDGES[random.nextInt(DECIMAL_EDGES.length)]);
        } else {
            BigInteger unscaled = new BigInteger(1 + random.nextInt(130), random);
            value = new BigDecimal(random.nextBoolean() ? unscaled.negate() : unscaled, random.nextInt(61) - 20);
        }
        // Postgres's numeric has no negative scale; 1E+2 reads back from its text as 100.
        return textSafe && value.scale() < 0 ? value.setScale(0) : value;
    }

    private String string(DataType type) {
        StringBuilder sb = new StringBuilder();
        int pieces = random.nextInt(5);
        for (int i = 0; i < pieces; i++) {
            sb.append(random.nextInt(4) == 0
                    ? randomCharacter()
                    : STRING_PIECES[random.nextInt(STRING_PIECES.length)]);
        }
        String text = sb.toString();
        if (type.precision() != DataType.UNBOUNDED && text.codePointCount(0, text.length()) > type.precision()) {
            text = text.substring(0, text.offsetByCodePoints(0, type.precision()));
        }
        return text;
    }

    /** A character below U+2020 that is assigned, not a surrogate half and not a line break; else "". */
    private String randomCharacter() {
        int c = 0x20 + random.nextInt(0x2000);
        int category = Character.getType(c);
        boolean lineBreak = c == 0x85 || c == 0x2028 || c == 0x2029;
        return category == Character.UNASSIGNED || category == Character.SURROGATE || lineBreak ? "" : Character.toString(c);
    }

    private byte[] bytes() {
        byte[] bytes = new byte[random.nextInt(6)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (random.nextBoolean() ? pick(0x00, 0x01, 0x7f, 0x80, 0xff) : random.nextInt(256));
        }
        return bytes;
    }

    private long date(boolean edge) {
        if (edge) {
            return pick(0, -1, 1, LocalDate.of(-43, 3, 15).toEpochDay(), LocalDate.of(0, 12, 31).toEpochDay(),
                    LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay(), MIN_DATE, MAX_DATE);
        }
        return random.nextBoolean()
                ? random.nextInt(200_000) - 100_000
                : MIN_DATE + (long) (random.nextDouble() * (MAX_DATE - MIN_DATE));
    }

    private long timestamp(boolean edge) {
        if (edge) {
            return textSafe
                    ? pick(0, -1, 1, MIN_TIMESTAMP, MAX_TIMESTAMP, -62_135_596_800_000_000L)
                    : LONG_EDGES[random.nextInt(LONG_EDGES.length)];
        }
        long micros = random.nextBoolean()
                ? (random.nextLong() % 10_000_000_000_000_000L)
                : MIN_TIMESTAMP + (long) (random.nextDouble() * ((double) MAX_TIMESTAMP - MIN_TIMESTAMP));
        return Math.max(MIN_TIMESTAMP, Math.min(MAX_TIMESTAMP, micros));
    }

    private Interval interval(boolean edge) {
        if (edge) {
            Interval[] edges = {
                Interval.ZERO, new Interval(1, 0, 0), new Interval(0, 30, 0), new Interval(0, 1, 0),
                new Interval(0, 0, Interval.MICROS_PER_DAY), new Interval(0, 1, -3_600_000_000L), new Interval(-1, 0, 0),
                new Interval(0, -1, 0), new Interval(-14, 3, 1), new Interval(1, -30, 0)
            };
            return edges[random.nextInt(edges.length)];
        }
        int months = random.nextBoolean() ? random.nextInt(49) - 24 : random.nextInt(2_000_001) - 1_000_000;
        int days = random.nextBoolean() ? random.nextInt(61) - 30 : random.nextInt(2_000_001) - 1_000_000;
        long micros = random.nextBoolean()
                ? (random.nextInt(200_001) - 100_000) * 1_000_000L
                : random.nextLong() % 1_000_000_000_000_000L;
        return new Interval(months, days, micros);
    }
}
