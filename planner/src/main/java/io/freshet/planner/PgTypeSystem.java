package io.freshet.planner;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type rules adjusted to Postgres's: SUM of smallint/integer is bigint, SUM of bigint and
 * AVG of integers and numerics are numeric, numeric precision goes up to 1000 digits, and a VALUES
 * list of strings of different lengths is varchar, not padded char.
 */
public final class PgTypeSystem extends RelDataTypeSystemImpl {
    public static final PgTypeSystem INSTANCE = new PgTypeSystem();
    public static final int MAX_NUMERIC_PRECISION = 1000;

    private PgTypeSystem() {
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        if (typeName == SqlTypeName.DECIMAL) {
            return MAX_NUMERIC_PRECISION;
        }
        if (typeName == SqlTypeName.TIMESTAMP || typeName == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                || typeName == SqlTypeName.TIME) {
            return 6;
        }
        return super.getMaxPrecision(typeName);
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        if (typeName == SqlTypeName.DECIMAL) {
            return MAX_NUMERIC_PRECISION;
        }
        return super.getMaxScale(typeName);
    }

    @Override
    public int getDefaultPrecision(SqlTypeName typeName) {
        if (typeName == SqlTypeName.TIMESTAMP || typeName == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                || typeName == SqlTypeName.TIME) {
            return 6;
        }
        return super.getDefaultPrecision(typeName);
    }

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        RelDataType result;
        switch (argumentType.getSqlTypeName()) {
            case TINYINT:
            case SMALLINT:
            case INTEGER:
                result = typeFactory.createSqlType(SqlTypeName.BIGINT);
                break;
            case BIGINT:
                result = typeFactory.createSqlType(SqlTypeName.DECIMAL, MAX_NUMERIC_PRECISION, 0);
                break;
            case DECIMAL:
                result = typeFactory.createSqlType(SqlTypeName.DECIMAL, MAX_NUMERIC_PRECISION, argumentType.getScale());
                break;
            case REAL:
                result = typeFactory.createSqlType(SqlTypeName.REAL);
                break;
            case FLOAT:
            case DOUBLE:
                result = typeFactory.createSqlType(SqlTypeName.DOUBLE);
                break;
            default:
                return super.deriveSumType(typeFactory, argumentType);
        }
        return typeFactory.createTypeWithNullability(result, argumentType.isNullable());
    }

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        switch (argumentType.getSqlTypeName()) {
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case DECIMAL:
                return typeFactory.createTypeWithNullability(
                        typeFactory.createSqlType(SqlTypeName.DECIMAL, MAX_NUMERIC_PRECISION, 16), true);
            case REAL:
            case FLOAT:
            case DOUBLE:
                return typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.DOUBLE), true);
            default:
                return super.deriveAvgAggType(typeFactory, argumentType);
        }
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
