package io.freshet.planner.catalog;

import io.freshet.common.DataType;
import io.freshet.common.KeyCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table, materialized view or source: its columns (visible ones first, then hidden ones), its
 * primary key (indexes into the columns; a view's key is its stream key; a source's is its hidden
 * row id), the state table that holds its rows (none for a source, which is not stored), and what
 * it was created from.
 */
public record Relation(long id, Kind kind, String name, List<ColumnDef> columns, int[] keyColumns, int stateTableId,
                       List<Integer> ownedTableIds, List<String> dependsOn, Map<String, String> options, String sql) {
    public enum Kind { TABLE, MATERIALIZED_VIEW, SOURCE }

    public Relation {
        columns = List.copyOf(columns);
        keyColumns = keyColumns.clone();
        ownedTableIds = List.copyOf(ownedTableIds);
        dependsOn = List.copyOf(dependsOn);
        options = Map.copyOf(options);
    }

    public List<DataType> types() {
        List<DataType> types = new ArrayList<>(columns.size());
        for (ColumnDef column : columns) {
            types.add(column.type());
        }
        return types;
    }

    public List<ColumnDef> visibleColumns() {
        List<ColumnDef> visible = new ArrayList<>();
        for (ColumnDef column : columns) {
            if (!column.hidden()) {
                visible.add(column);
            }
        }
        return visible;
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (ColumnDef column : columns) {
            names.add(column.name());
        }
        return names;
    }

    public KeyCodec keyCodec() {
        List<DataType> keyTypes = new ArrayList<>();
        for (int k : keyColumns) {
            keyTypes.add(columns.get(k).type());
        }
        return KeyCodec.ascending(keyTypes);
    }

    /** Whether the table has a hidden {@code _row_id} key instead of a declared primary key. */
    public boolean hasHiddenRowId() {
        return kind == Kind.TABLE && keyColumns.length == 1 && columns.get(keyColumns[0]).hidden();
    }

    public String kindName() {
        return switch (kind) {
            case TABLE -> "table";
            case MATERIALIZED_VIEW -> "materialized view";
            case SOURCE -> "source";
        };
    }
}
