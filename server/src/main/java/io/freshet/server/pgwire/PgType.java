package io.freshet.server.pgwire;

import io.freshet.common.DataType;
import io.freshet.common.TypeKind;

/**
 * The Postgres types that cross the wire: every Freshet type's OID, plus the OIDs clients declare
 * for parameters that Freshet reads as one of its own types ({@code text}, {@code bpchar}) or as
 * text ({@code uuid}, {@code json}).
 */
enum PgType {
    BOOL(16, 1, DataType.BOOLEAN),
    INT2(21, 2, DataType.SMALLINT),
    INT4(23, 4, DataType.INTEGER),
    INT8(20, 8, DataType.BIGINT),
    FLOAT4(700, 4, DataType.REAL),
    FLOAT8(701, 8, DataType.DOUBLE),
    NUMERIC(1700, -1, DataType.DECIMAL),
    TEXT(25, -1, DataType.VARCHAR),
    VARCHAR(1043, -1, DataType.VARCHAR),
    BPCHAR(1042, -1, DataType.VARCHAR),
    BYTEA(17, -1, DataType.BYTEA),
    DATE(1082, 4, DataType.DATE),
    TIME(1083, 8, DataType.TIME),
    TIMESTAMP(1114, 8, DataType.TIMESTAMP),
    TIMESTAMPTZ(1184, 8, DataType.TIMESTAMPTZ),
    INTERVAL(1186, 16, DataType.INTERVAL),
    // Types Freshet has no counterpart for. A parameter declared with one of them gets no type
    // hint; its value is passed on as text (binary input is converted to the text form).
    UUID(2950, 16, null),
    JSON(114, -1, null),
    JSONB(3802, -1, DataType.JSONB),
    // One-dimensional arrays of the types above (Postgres's _int4 etc.).
    BOOL_ARRAY(1000, BOOL),
    BYTEA_ARRAY(1001, BYTEA),
    INT2_ARRAY(1005, INT2),
    INT4_ARRAY(1007, INT4),
    TEXT_ARRAY(1009, TEXT),
    VARCHAR_ARRAY(1015, VARCHAR),
    INT8_ARRAY(1016, INT8),
    FLOAT4_ARRAY(1021, FLOAT4),
    FLOAT8_ARRAY(1022, FLOAT8),
    TIMESTAMP_ARRAY(1115, TIMESTAMP),
    DATE_ARRAY(1182, DATE),
    TIME_ARRAY(1183, TIME),
    TIMESTAMPTZ_ARRAY(1185, TIMESTAMPTZ),
    INTERVAL_ARRAY(1187, INTERVAL),
    NUMERIC_ARRAY(1231, NUMERIC),
    JSONB_ARRAY(3807, JSONB);

    private final int oid;
    private final int length;
    private final DataType dataType;
    /** The element type of an array type, else {@code null}. */
    private final PgType element;

    PgType(int oid, int length, DataType dataType) {
        this.oid = oid;
        this.length = length;
        this.dataType = dataType;
        this.element = null;
    }

    PgType(int oid, PgType element) {
        this.oid = oid;
        this.length = -1;
        this.dataType = DataType.array(element.dataType);
        this.element = element;
    }

    /** The element type of an array type, or {@code null}. */
    PgType element() {
        return element;
    }

    /** The type OID as RowDescription and ParameterDescription report it. */
    int oid() {
        return oid;
    }

    /** {@code pg_type.typlen}: the fixed size in bytes, or -1 for variable-length types. */
    int length() {
        return length;
    }

    /** The Freshet type a value of this type becomes, or {@code null} when Freshet has none. */
    DataType dataType() {
        return dataType;
    }

    /** The wire type of a Freshet type. Unbounded VARCHAR is reported as {@code varchar}, not {@code text}. */
    static PgType of(DataType type) {
        switch (type.kind()) {
            case BOOLEAN: return BOOL;
            case SMALLINT: return INT2;
            case INTEGER: return INT4;
            case BIGINT: return INT8;
            case REAL: return FLOAT4;
            case DOUBLE: return FLOAT8;
            case DECIMAL: return NUMERIC;
            case VARCHAR: return VARCHAR;
            case BYTEA: return BYTEA;
            case DATE: return DATE;
            case TIME: return TIME;
            case TIMESTAMP: return TIMESTAMP;
            case TIMESTAMPTZ: return TIMESTAMPTZ;
            case INTERVAL: return INTERVAL;
            case JSONB: return JSONB;
            case ARRAY: {
                PgType element = of(type.element());
                for (PgType candidate : values()) {
                    if (candidate.element == element) {
                        return candidate;
                    }
                }
                throw new AssertionError(type);
            }
        }
        throw new AssertionError(type);
    }

    /** The type with this OID, or {@code null} for an OID this server does not know (including 0). */
    static PgType ofOid(int oid) {
        for (PgType type : values()) {
            if (type.oid == oid) {
                return type;
            }
        }
        return null;
    }

    /**
     * The type hint for a parameter the client declared with {@code oid}: {@code null} for 0
     * (unspecified) and for types Freshet does not have.
     */
    static DataType hintForOid(int oid) {
        PgType type = ofOid(oid);
        return type == null ? null : type.dataType;
    }

    /**
     * {@code atttypmod} as RowDescription reports it: {@code n + 4} for {@code varchar(n)},
     * {@code ((p << 16) | s) + 4} for {@code numeric(p, s)}, otherwise -1.
     */
    static int typeModifier(DataType type) {
        if (type.precision() == DataType.UNBOUNDED) {
            return -1;
        }
        if (type.kind() == TypeKind.VARCHAR) {
            return type.precision() + 4;
        }
        if (type.kind() == TypeKind.DECIMAL) {
            return ((type.precision() << 16) | type.scale()) + 4;
        }
        return -1;
    }
}
