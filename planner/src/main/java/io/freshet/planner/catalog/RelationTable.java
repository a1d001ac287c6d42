package io.freshet.planner.catalog;

import io.freshet.common.DataType;
import io.freshet.executor.runtime.ReadSnapshot;
import io.freshet.planner.TypeMapping;
import io.freshet.storage.StateTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A table or view as Calcite sees it: its visible columns, scanned from the committed snapshot of
 * the statement being run ({@link ReadContext}).
 */
public final class RelationTable extends AbstractTable implements ScannableTable {
    private final Relation relation;

    public RelationTable(Relation relation) {
        this.relation = relation;
    }

    public Relation relation() {
        return relation;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
        RelDataTypeFactory.Builder builder = typeFactory.builder();
        for (ColumnDef column : relation.visibleColumns()) {
            builder.add(column.name(), TypeMapping.toRelDataType(typeFactory, column.type(), !column.notNull()));
        }
        return builder.build();
    }

    private static Object[] toCalcite(Object[] row, int visible, List<DataType> types) {
        Object[] out = new Object[visible];
        for (int c = 0; c < visible; c++) {
            out[c] = TypeMapping.toCalcite(row[c], types.get(c));
        }
        return out;
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
        List<DataType> types = relation.types();
        int visible = relation.visibleColumns().size();
        List<Object[]> rows = new ArrayList<>();
        if (relation.kind() == Relation.Kind.SOURCE) {
            for (Object[] row : SourceRows.read(relation)) {
                rows.add(toCalcite(row, visible, types));
            }
            return Linq4j.asEnumerable(rows);
        }
        ReadSnapshot snapshot = ReadContext.current();
        try (StateTable.Scan scan = StateTable.scan(snapshot.snapshot(), relation.stateTableId(), relation.keyCodec(), types)) {
            while (scan.hasNext()) {
                rows.add(toCalcite(scan.next(), visible, types));
                ReadContext.checkCanceled();
            }
        }
        return Linq4j.asEnumerable(rows);
    }
}
