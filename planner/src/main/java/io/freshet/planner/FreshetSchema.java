package io.freshet.planner;

import io.freshet.planner.catalog.Relation;
import io.freshet.planner.catalog.RelationTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** The {@code public} schema as Calcite sees it: one table per relation of the catalog at planning time. */
final class FreshetSchema extends AbstractSchema {
    private final Map<String, Table> tables = new LinkedHashMap<>();

    FreshetSchema(List<Relation> relations) {
        for (Relation relation : relations) {
            tables.put(relation.name(), new RelationTable(relation));
        }
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }
}
