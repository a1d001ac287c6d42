package io.freshet.planner;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.common.TypeKind;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** Converts between Calcite's types and Freshet's {@link DataType}. */
public final class TypeMapping {
    private TypeMapping() {
    }

    public static DataType toDataType(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        switch (name) {
            case BOOLEAN: return DataType.BOOLEAN;
            case TINYINT:
            case SMALLINT: return DataType.SMALLINT;
            case INTEGER: return DataType.INTEGER;
            case BIGINT: return DataType.BIGINT;
            case REAL: return DataType.REAL;
            case FLOAT:
            case DOUBLE: return DataType.DOUBLE;
            case DECIMAL:
                if (type.getPrecision() >= PgTypeSystem.MAX_NUMERIC_PRECISION || type.getPrecision() <= 0) {
                    return DataType.DECIMAL;
                }
                return DataType.decimal(type.getPrecision(), Math.max(0, type.getScale()));
            case CHAR:
            case VARCHAR:
                if (type.getPrecision() > 0 && type.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
                        && type.getPrecision() < 65536 && name == SqlTypeName.VARCHAR) {
                    return DataType.varchar(type.getPrecision());
                }
                return DataType.VARCHAR;
            case BINARY:
            case VARBINARY: return DataType.BYTEA;
            case DATE: return DataType.DATE;
            case TIME: return DataType.TIME;
            case TIMESTAMP: return DataType.TIMESTAMP;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE: return DataType.TIMESTAMPTZ;
            case NULL: return DataType.VARCHAR;
            case ARRAY: {
                DataType element = toDataType(type.getComponentType());
                if (element.kind() == TypeKind.ARRAY) {
                    throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "multidimensional arrays are not supported yet");
                }
                return DataType.array(element);
            }
            case VARIANT: return DataType.JSONB; // jsonb is Calcite's VARIANT; Freshet's expressions give it Postgres's semantics
            default:
                if (SqlTypeName.INTERVAL_TYPES.contains(name)) {
                    return DataType.INTERVAL;
                }
                if (name.getName().equals("TIMESTAMP_TZ")) {
                    return DataType.TIMESTAMPTZ;
                }
                throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "type " + type.getFullTypeString() + " is not supported yet");
        }
    }

    public static RelDataType toRelDataType(RelDataTypeFactory factory, DataType type, boolean nullable) {
        RelDataType result;
        switch (type.kind()) {
            case BOOLEAN: result = factory.createSqlType(SqlTypeName.BOOLEAN); break;
            case SMALLINT: result = factory.createSqlType(SqlTypeName.SMALLINT); break;
            case INTEGER: result = factory.createSqlType(SqlTypeName.INTEGER); break;
            case BIGINT: result = factory.createSqlType(SqlTypeName.BIGINT); break;
            case REAL: result = factory.createSqlType(SqlTypeName.REAL); break;
            case DOUBLE: result = factory.createSqlType(SqlTypeName.DOUBLE); break;
            case DECIMAL:
                result = type.precision() == DataType.UNBOUNDED
                        ? factory.createSqlType(SqlTypeName.DECIMAL, PgTypeSystem.MAX_NUMERIC_PRECISION, 16)
                        : factory.createSqlType(SqlTypeName.DECIMAL, type.precision(), type.scale());
                break;
            case VARCHAR:
                result = type.precision() == DataType.UNBOUNDED
                        ? factory.createSqlType(SqlTypeName.VARCHAR)
                        : factory.createSqlType(SqlTypeName.VARCHAR, type.precision());
                break;
            case BYTEA: result = factory.createSqlType(SqlTypeName.VARBINARY); break;
            case JSONB: result = factory.createSqlType(SqlTypeName.VARIANT); break;
            case DATE: result = factory.createSqlType(SqlTypeName.DATE); break;
            case TIME: result = factory.createSqlType(SqlTypeName.TIME, 6); break;
            case TIMESTAMP: result = factory.createSqlType(SqlTypeName.TIMESTAMP, 6); break;
            case TIMESTAMPTZ: result = factory.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6); break;
            case INTERVAL:
                result = factory.createSqlIntervalType(new org.apache.calcite.sql.SqlIntervalQualifier(
                        org.apache.calcite.avatica.util.TimeUnit.DAY, org.apache.calcite.avatica.util.TimeUnit.SECOND,
                        org.apache.calcite.sql.parser.SqlParserPos.ZERO));
                break;
            case ARRAY:
                result = factory.createArrayType(toRelDataType(factory, type.element(), true), -1);
                break;
            default: throw new AssertionError(type);
        }
        return factory.createTypeWithNullability(result, nullable);
    }

    /** Calcite's internal (Enumerable runtime) value to Freshet's Java value. */
    public static Object fromCalcite(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        switch (type.kind()) {
            case BOOLEAN: return value;
            case SMALLINT:
            case INTEGER:
            case BIGINT: return ((Number) value).longValue();
            case REAL: return (double) ((Number) value).floatValue();
            case DOUBLE: return ((Number) value).doubleValue();
            case DECIMAL:
                return value instanceof java.math.BigDecimal ? value : new java.math.BigDecimal(value.toString());
            case VARCHAR: return value.toString();
            case JSONB: return io.freshet.common.Jsonb.normalize(value.toString());
            case BYTEA:
                return value instanceof org.apache.calcite.avatica.util.ByteString
                        ? ((org.apache.calcite.avatica.util.ByteString) value).getBytes() : value;
            case DATE: return ((Number) value).longValue();
            case TIME: return ((Number) value).longValue() * 1000L;
            case TIMESTAMP:
            case TIMESTAMPTZ: return ((Number) value).longValue() * 1000L;
            case INTERVAL: {
                long millis = ((Number) value).longValue();
                return new io.freshet.common.Interval(0, (int) (millis / 86_400_000L), (millis % 86_400_000L) * 1000L);
            }
            case ARRAY: {
                java.util.List<Object> out = new java.util.ArrayList<>();
                for (Object element : (java.util.List<?>) value) {
                    out.add(fromCalcite(element, type.element()));
                }
                return io.freshet.common.SqlArray.of(out);
            }
        }
        throw new AssertionError(type);
    }

    /** Freshet's Java value to Calcite's internal representation (ms precision for date/times). */
    public static Object toCalcite(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        switch (type.kind()) {
            case BOOLEAN: return value;
            case SMALLINT: return ((Number) value).shortValue();
            case INTEGER: return ((Number) value).intValue();
            case BIGINT: return ((Number) value).longValue();
            case REAL: return ((Number) value).floatValue();
            case DOUBLE: return ((Number) value).doubleValue();
            case DECIMAL: return value;
            case VARCHAR: return value;
            case JSONB: return value;
            case BYTEA: return new org.apache.calcite.avatica.util.ByteString((byte[]) value);
            case DATE: return ((Number) value).intValue();
            case TIME: return (int) (((Number) value).longValue() / 1000L);
            case TIMESTAMP:
            case TIMESTAMPTZ: return Math.floorDiv(((Number) value).longValue(), 1000L);
            case INTERVAL: {
                io.freshet.common.Interval interval = (io.freshet.common.Interval) value;
                return (interval.months() * 30L + interval.days()) * 86_400_000L + interval.micros() / 1000L;
            }
            case ARRAY: {
                java.util.List<Object> out = new java.util.ArrayList<>();
                for (Object element : (java.util.List<?>) value) {
                    out.add(toCalcite(element, type.element()));
                }
                return out;
            }
        }
        throw new AssertionError(type);
    }

    public static boolean isCharacter(DataType type) {
        return type.kind() == TypeKind.VARCHAR;
    }
}
