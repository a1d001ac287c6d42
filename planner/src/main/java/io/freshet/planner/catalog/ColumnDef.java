package io.freshet.planner.catalog;

import io.freshet.common.DataType;
import java.util.Objects;

/** A column of a table or view; hidden columns (row id, carried stream keys) are not visible to SQL. */
public record ColumnDef(String name, DataType type, boolean notNull, boolean hidden) {
    public ColumnDef {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(type, "type is null");
    }
}
