package io.freshet.parser;

import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.Litmus;

import java.util.Objects;

/**
 * An interval type in a column declaration or a cast target.
 *
 * <p>With a qualifier ({@code INTERVAL DAY TO SECOND}) it is Calcite's
 * interval type of that qualifier. Without one it is Postgres' plain
 * {@code interval} ({@link #isPostgresInterval()}), which Calcite has no type
 * for: it derives to {@code INTERVAL DAY(10) TO SECOND(6)}, Calcite's widest
 * day-time interval, so a planner that wants Postgres' month component must
 * look for this spec itself.
 */
public final class SqlIntervalTypeNameSpec extends SqlTypeNameSpec {
    /** The fractional-second precision of the derived type: microseconds, as in Postgres. */
    public static final int POSTGRES_FRACTIONAL_SECOND_PRECISION = 6;

    private final SqlIntervalQualifier qualifier;

    /** @param qualifier the interval's qualifier, or null for Postgres' plain {@code interval} */
    public SqlIntervalTypeNameSpec(SqlIntervalQualifier qualifier, SqlParserPos pos) {
        super(new SqlIdentifier("INTERVAL", pos), pos);
        this.qualifier = qualifier;
    }

    /** The qualifier, or null for Postgres' plain {@code interval}. */
    public SqlIntervalQualifier getQualifier() {
        return qualifier;
    }

    /** Whether this is Postgres' {@code interval} without a qualifier. */
    public boolean isPostgresInterval() {
        return qualifier == null;
    }

    /** The qualifier the type derives from: the written one, or DAY(10) TO SECOND(6). */
    public SqlIntervalQualifier effectiveQualifier() {
        if (qualifier != null) {
            return qualifier;
        }
        return new SqlIntervalQualifier(TimeUnit.DAY, SqlTypeName.MAX_INTERVAL_START_PRECISION, TimeUnit.SECOND,
                POSTGRES_FRACTIONAL_SECOND_PRECISION, getParserPos());
    }

    @Override
    public RelDataType deriveType(SqlValidator validator) {
        return validator.getTypeFactory().createSqlIntervalType(effectiveQualifier());
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("INTERVAL");
        if (qualifier != null) {
            qualifier.unparse(writer, 0, 0);
        }
    }

    @Override
    public boolean equalsDeep(SqlTypeNameSpec spec, Litmus litmus) {
        if (!(spec instanceof SqlIntervalTypeNameSpec that)) {
            return litmus.fail("{} != {}", this, spec);
        }
        if (qualifier == null || that.qualifier == null) {
            return Objects.equals(qualifier, that.qualifier) ? litmus.succeed() : litmus.fail("{} != {}", this, spec);
        }
        return qualifier.equalsDeep(that.qualifier, litmus);
    }

    @Override
    public String toString() {
        return qualifier == null ? "INTERVAL" : "INTERVAL " + qualifier;
    }
}
