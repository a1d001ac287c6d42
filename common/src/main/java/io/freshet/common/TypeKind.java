package io.freshet.common;

/**
 * The SQL types Freshet stores and computes with.
 *
 * <p>Each kind has one physical representation in a {@link Column}; the Java value used at row
 * boundaries (parameters, state, test helpers) is documented per constant.
 */
public enum TypeKind {
    /** {@link Boolean}; stored in a {@link BooleanColumn}. */
    BOOLEAN(PhysicalKind.BOOLEAN),
    /** {@link Long} (range of int16); stored in a {@link LongColumn}. */
    SMALLINT(PhysicalKind.LONG),
    /** {@link Long} (range of int32); stored in a {@link LongColumn}. */
    INTEGER(PhysicalKind.LONG),
    /** {@link Long}; stored in a {@link LongColumn}. */
    BIGINT(PhysicalKind.LONG),
    /** {@link Double} rounded to float precision; stored in a {@link DoubleColumn}. */
    REAL(PhysicalKind.DOUBLE),
    /** {@link Double}; stored in a {@link DoubleColumn}. */
    DOUBLE(PhysicalKind.DOUBLE),
    /** {@link java.math.BigDecimal}, exact; stored in a {@link DecimalColumn}. */
    DECIMAL(PhysicalKind.DECIMAL),
    /** {@link String}; UTF-8 bytes in a {@link BytesColumn}. */
    VARCHAR(PhysicalKind.BYTES),
    /** {@code byte[]}; stored in a {@link BytesColumn}. */
    BYTEA(PhysicalKind.BYTES),
    /** {@link Long} days since 1970-01-01; stored in a {@link LongColumn}. */
    DATE(PhysicalKind.LONG),
    /** {@link Long} microseconds since midnight; stored in a {@link LongColumn}. */
    TIME(PhysicalKind.LONG),
    /** {@link Long} microseconds since 1970-01-01 00:00:00 (no zone); stored in a {@link LongColumn}. */
    TIMESTAMP(PhysicalKind.LONG),
    /** {@link Long} microseconds since the Unix epoch (UTC instant); stored in a {@link LongColumn}. */
    TIMESTAMPTZ(PhysicalKind.LONG),
    /** {@link Interval}; stored in an {@link IntervalColumn}. */
    INTERVAL(PhysicalKind.INTERVAL),
    /** {@link String}, the normalized text of a jsonb value (see {@link Jsonb}); UTF-8 bytes in a {@link BytesColumn}. */
    JSONB(PhysicalKind.BYTES),
    /**
     * A one-dimensional array of {@link DataType#element()}: an immutable {@link java.util.List} of
     * element Java values (nulls allowed), see {@link SqlArray}; stored in an {@link ArrayColumn}.
     */
    ARRAY(PhysicalKind.ARRAY);

    private final PhysicalKind physical;

    TypeKind(PhysicalKind physical) {
        this.physical = physical;
    }

    public PhysicalKind physical() {
        return physical;
    }

    public boolean isIntegral() {
        return this == SMALLINT || this == INTEGER || this == BIGINT;
    }

    /** Whether the Java value is a {@link String} (held as UTF-8 bytes). */
    public boolean isText() {
        return this == VARCHAR || this == JSONB;
    }

    public boolean isNumeric() {
        return isIntegral() || this == REAL || this == DOUBLE || this == DECIMAL;
    }

    /** How a column of this kind is laid out in memory. */
    public enum PhysicalKind {
        BOOLEAN, LONG, DOUBLE, DECIMAL, BYTES, INTERVAL, ARRAY
    }
}
