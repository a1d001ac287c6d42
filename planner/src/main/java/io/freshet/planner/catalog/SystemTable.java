package io.freshet.planner.catalog;

import io.freshet.common.DataType;
import io.freshet.planner.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A read-only virtual table whose rows are computed when a query scans it (for example
 * {@code freshet_source_errors}): monitoring state held in memory, not in the store. Only ad-hoc
 * queries read it (the batch interpreter through {@link #rows()}, Calcite's runtime through
 * {@link #scan}); a view over it is refused (0A000) because its rows change without a changelog.
 * The supplier returns rows of Freshet values, one per column, in {@link #columns} order.
 */
public final class SystemTable extends AbstractTable implements ScannableTable {
    private final String name;
    private final List<ColumnDef> columns;
    private final Supplier<List<Object[]>> rows;

    public SystemTable(String name, List<ColumnDef> columns, Supplier<List<Object[]>> rows) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    public String name() {
        return name;
    }

    public List<ColumnDef> columns() {
        return columns;
    }

    /** The current rows (Freshet values). */
    public List<Object[]> rows() {
        return rows.get();
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        for (ColumnDef column : columns) {
            builder.add(column.name(), TypeMapping.toRelDataType(typeFactory, column.type(), !column.notNull()));
        }
        return builder.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] row : rows.get()) {
            Object[] converted = new Object[columns.size()];
            for (int c = 0; c < converted.length; c++) {
                DataType type = columns.get(c).type();
                converted[c] = TypeMapping.toCalcite(row[c], type);
            }
            out.add(converted);
        }
        return Linq4j.asEnumerable(out);
    }
}
