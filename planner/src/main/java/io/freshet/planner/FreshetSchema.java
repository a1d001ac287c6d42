package io.freshet.planner;

import io.freshet.planner.catalog.Relation;
import io.freshet.planner.catalog.RelationTable;
import io.freshet.planner.catalog.SystemTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** The {@code public} schema as Calcite sees it: one table per relation of the catalog at
 * planning time, and the catalog's system tables (a relation of the same name hides one). */
final class FreshetSchema extends AbstractSchema {
    private final Map<String, Table> tables = new LinkedHashMap<>();

    FreshetSchema(List<Relation> relations, List<SystemTable> systemTables) {
        for (SystemTable table : systemTables) {
            tables.put(table.name(), table);
        }
        for (Relation relation : relations) {
            tables.put(relation.name(), new RelationTable(relation));
        }
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }
}
