package io.freshet.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A columnar batch of rows: one {@link Column} per field, all of the same length, and an optional
 * visibility mask. A row hidden by the mask is not part of the chunk; operators either honour the
 * mask or {@link #compact()} first. Immutable.
 */
public class Chunk {
    private final List<Column> columns;
    private final int rowCount;
    /** {@code null} when every row is visible. */
    private final boolean[] visibility;

    public Chunk(List<Column> columns, int rowCount, boolean[] visibility) {
        this.columns = List.copyOf(Objects.requireNonNull(columns, "columns is null"));
        this.rowCount = rowCount;
        this.visibility = visibility;
        for (Column column : this.columns) {
            if (column.size() != rowCount) {
                throw new IllegalArgumentException("column of " + column.size() + " rows in a chunk of " + rowCount);
            }
        }
        if (visibility != null && visibility.length < rowCount) {
            throw new IllegalArgumentException("visibility mask shorter than the chunk");
        }
    }

    public Chunk(List<Column> columns, int rowCount) {
        this(columns, rowCount, null);
    }

    public final List<Column> columns() {
        return columns;
    }

    public final Column column(int index) {
        return columns.get(index);
    }

    public final int columnCount() {
        return columns.size();
    }

    /** Physical rows, visible or not. */
    public final int rowCount() {
        return rowCount;
    }

    public final boolean isVisible(int row) {
        return visibility == null || visibility[row];
    }

    public final boolean[] visibility() {
        return visibility;
    }

    public final int visibleCount() {
        if (visibility == null) {
            return rowCount;
        }
        int n = 0;
        for (int i = 0; i < rowCount; i++) {
            if (visibility[i]) {
                n++;
            }
        }
        return n;
    }

    public final List<DataType> types() {
        List<DataType> types = new ArrayList<>(columns.size());
        for (Column column : columns) {
            types.add(column.type());
        }
        return types;
    }

    /** The values of one row as Java values; for tests and row-at-a-time boundaries only. */
    public final Object[] row(int row) {
        Object[] values = new Object[columns.size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = columns.get(c).get(row);
        }
        return values;
    }

    /** The visible rows' positions. */
    public final int[] visiblePositions() {
        int[] positions = new int[visibleCount()];
        int n = 0;
        for (int i = 0; i < rowCount; i++) {
            if (isVisible(i)) {
                positions[n++] = i;
            }
        }
        return positions;
    }

    /** This chunk without hidden rows (itself when all are visible). */
    public Chunk compact() {
        if (visibility == null) {
            return this;
        }
        int[] positions = visiblePositions();
        List<Column> out = new ArrayList<>(columns.size());
        for (Column column : columns) {
            out.add(column.select(positions, positions.length));
        }
        return new Chunk(out, positions.length);
    }

    /** Builds a chunk from rows of Java values; for tests and row-at-a-time boundaries. */
    public static Chunk ofRows(List<DataType> types, List<Object[]> rows) {
        List<ColumnBuilder> builders = new ArrayList<>(types.size());
        for (DataType type : types) {
            builders.add(ColumnBuilder.create(type, rows.size()));
        }
        for (Object[] row : rows) {
            for (int c = 0; c < types.size(); c++) {
                builders.get(c).append(row[c]);
            }
        }
        List<Column> columns = new ArrayList<>(types.size());
        for (ColumnBuilder builder : builders) {
            columns.add(builder.build());
        }
        return new Chunk(columns, rows.size());
    }
}
