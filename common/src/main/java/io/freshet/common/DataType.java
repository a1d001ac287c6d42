package io.freshet.common;

import java.util.Objects;

/**
 * A SQL type: a {@link TypeKind} plus its parameters (precision and scale of DECIMAL, the length
 * limit of VARCHAR). Immutable; compare with {@link #equals}.
 */
public final class DataType {
    /** Precision used for DECIMAL when none is declared (Postgres's numeric is unbounded). */
    public static final int UNBOUNDED = -1;

    public static final DataType BOOLEAN = new DataType(TypeKind.BOOLEAN, UNBOUNDED, UNBOUNDED);
    public static final DataType SMALLINT = new DataType(TypeKind.SMALLINT, UNBOUNDED, UNBOUNDED);
    public static final DataType INTEGER = new DataType(TypeKind.INTEGER, UNBOUNDED, UNBOUNDED);
    public static final DataType BIGINT = new DataType(TypeKind.BIGINT, UNBOUNDED, UNBOUNDED);
    public static final DataType REAL = new DataType(TypeKind.REAL, UNBOUNDED, UNBOUNDED);
    public static final DataType DOUBLE = new DataType(TypeKind.DOUBLE, UNBOUNDED, UNBOUNDED);
    public static final DataType DECIMAL = new DataType(TypeKind.DECIMAL, UNBOUNDED, UNBOUNDED);
    public static final DataType VARCHAR = new DataType(TypeKind.VARCHAR, UNBOUNDED, UNBOUNDED);
    public static final DataType BYTEA = new DataType(TypeKind.BYTEA, UNBOUNDED, UNBOUNDED);
    public static final DataType DATE = new DataType(TypeKind.DATE, UNBOUNDED, UNBOUNDED);
    public static final DataType TIME = new DataType(TypeKind.TIME, UNBOUNDED, UNBOUNDED);
    public static final DataType TIMESTAMP = new DataType(TypeKind.TIMESTAMP, UNBOUNDED, UNBOUNDED);
    public static final DataType TIMESTAMPTZ = new DataType(TypeKind.TIMESTAMPTZ, UNBOUNDED, UNBOUNDED);
    public static final DataType INTERVAL = new DataType(TypeKind.INTERVAL, UNBOUNDED, UNBOUNDED);
    public static final DataType JSONB = new DataType(TypeKind.JSONB, UNBOUNDED, UNBOUNDED);

    private final TypeKind kind;
    private final int precision;
    private final int scale;
    /** The element type of an ARRAY, else {@code null}. */
    private final DataType element;

    private DataType(TypeKind kind, int precision, int scale) {
        this(kind, precision, scale, null);
    }

    private DataType(TypeKind kind, int precision, int scale, DataType element) {
        this.kind = Objects.requireNonNull(kind, "kind is null");
        this.precision = precision;
        this.scale = scale;
        this.element = element;
    }

    /** A one-dimensional array of a scalar (non-array) element type. */
    public static DataType array(DataType element) {
        Objects.requireNonNull(element, "element is null");
        if (element.kind == TypeKind.ARRAY) {
            throw new IllegalArgumentException("arrays of arrays are not supported: " + element);
        }
        return new DataType(TypeKind.ARRAY, UNBOUNDED, UNBOUNDED, element);
    }

    /** The element type of an ARRAY type. */
    public DataType element() {
        if (element == null) {
            throw new IllegalStateException("not an array type: " + this);
        }
        return element;
    }

    /** DECIMAL(precision, scale); precision 1..1000, 0 &lt;= scale &lt;= precision. */
    public static DataType decimal(int precision, int scale) {
        if (precision < 1 || precision > 1000 || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("invalid DECIMAL(" + precision + ", " + scale + ")");
        }
        return new DataType(TypeKind.DECIMAL, precision, scale);
    }

    /** VARCHAR(length); length &gt;= 1. */
    public static DataType varchar(int length) {
        if (length < 1) {
            throw new IllegalArgumentException("invalid VARCHAR(" + length + ")");
        }
        return new DataType(TypeKind.VARCHAR, length, UNBOUNDED);
    }

    /** The unparameterized type of a kind. */
    public static DataType of(TypeKind kind) {
        switch (kind) {
            case BOOLEAN: return BOOLEAN;
            case SMALLINT: return SMALLINT;
            case INTEGER: return INTEGER;
            case BIGINT: return BIGINT;
            case REAL: return REAL;
            case DOUBLE: return DOUBLE;
            case DECIMAL: return DECIMAL;
            case VARCHAR: return VARCHAR;
            case BYTEA: return BYTEA;
            case DATE: return DATE;
            case TIME: return TIME;
            case TIMESTAMP: return TIMESTAMP;
            case TIMESTAMPTZ: return TIMESTAMPTZ;
            case INTERVAL: return INTERVAL;
            case JSONB: return JSONB;
            case ARRAY: throw new IllegalArgumentException("ARRAY needs an element type");
        }
        throw new AssertionError(kind);
    }

    public TypeKind kind() {
        return kind;
    }

    /** DECIMAL precision or VARCHAR length, or {@link #UNBOUNDED}. */
    public int precision() {
        return precision;
    }

    /** DECIMAL scale, or {@link #UNBOUNDED}. */
    public int scale() {
        return scale;
    }

    /** Postgres's name for the type, as {@code format_type} prints it. */
    public String sqlName() {
        switch (kind) {
            case BOOLEAN: return "boolean";
            case SMALLINT: return "smallint";
            case INTEGER: return "integer";
            case BIGINT: return "bigint";
            case REAL: return "real";
            case DOUBLE: return "double precision";
            case DECIMAL: return precision == UNBOUNDED ? "numeric" : "numeric(" + precision + "," + scale + ")";
            case VARCHAR: return precision == UNBOUNDED ? "character varying" : "character varying(" + precision + ")";
            case BYTEA: return "bytea";
            case DATE: return "date";
            case TIME: return "time without time zone";
            case TIMESTAMP: return "timestamp without time zone";
            case TIMESTAMPTZ: return "timestamp with time zone";
            case INTERVAL: return "interval";
            case JSONB: return "jsonb";
            case ARRAY: return element.sqlName() + "[]";
        }
        throw new AssertionError(kind);
    }

    /** A compact, parseable form used in the persisted catalog: {@code DECIMAL(10,2)}, {@code VARCHAR}. */
    public String encode() {
        if (kind == TypeKind.ARRAY) {
            return "ARRAY<" + element.encode() + ">";
        }
        if (kind == TypeKind.DECIMAL && precision != UNBOUNDED) {
            return "DECIMAL(" + precision + "," + scale + ")";
        }
        if (kind == TypeKind.VARCHAR && precision != UNBOUNDED) {
            return "VARCHAR(" + precision + ")";
        }
        return kind.name();
    }

    /** Inverse of {@link #encode()}. */
    public static DataType decode(String text) {
        if (text.startsWith("ARRAY<") && text.endsWith(">")) {
            return array(decode(text.substring(6, text.length() - 1)));
        }
        int paren = text.indexOf('(');
        if (paren < 0) {
            return of(TypeKind.valueOf(text));
        }
        TypeKind kind = TypeKind.valueOf(text.substring(0, paren));
        String[] args = text.substring(paren + 1, text.length() - 1).split(",");
        if (kind == TypeKind.DECIMAL) {
            return decimal(Integer.parseInt(args[0].trim()), Integer.parseInt(args[1].trim()));
        }
        if (kind == TypeKind.VARCHAR) {
            return varchar(Integer.parseInt(args[0].trim()));
        }
        throw new IllegalArgumentException("bad type: " + text);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataType)) {
            return false;
        }
        DataType that = (DataType) o;
        return kind == that.kind && precision == that.precision && scale == that.scale
                && Objects.equals(element, that.element);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, precision, scale, element);
    }

    @Override
    public String toString() {
        return encode();
    }
}
