package io.freshet.shell;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A result set as the server sent it in text format: column names and alignment, and rows of
 * values where {@code null} is SQL NULL. Immutable.
 */
record ResultTable(List<Column> columns, List<List<String>> rows) {
    /** A result column; numbers are right-aligned, as psql aligns them. */
    record Column(String name, boolean rightAligned) {
        Column {
            requireNonNull(name, "name is null");
        }
    }

    ResultTable {
        columns = List.copyOf(columns);
        List<List<String>> copy = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " values for " + columns.size() + " columns");
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        rows = Collections.unmodifiableList(copy);
    }

    /** A row of values, {@code null} for NULL. */
    static List<String> row(String... values) {
        return Arrays.asList(values);
    }
}
