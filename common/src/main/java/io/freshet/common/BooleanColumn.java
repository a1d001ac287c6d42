package io.freshet.common;

/** BOOLEAN values as a {@code boolean[]}. */
public final class BooleanColumn extends Column {
    private final boolean[] values;

    public BooleanColumn(boolean[] values, boolean[] nulls, int size) {
        super(DataType.BOOLEAN, nulls, size);
        this.values = values;
    }

    public boolean getBoolean(int row) {
        return values[row];
    }

    public boolean[] values() {
        return values;
    }

    /** True where the value is TRUE (not FALSE, not NULL): the rows a WHERE clause keeps. */
    public boolean isTrue(int row) {
        return values[row] && !isNull(row);
    }

    @Override
    public Object get(int row) {
        return isNull(row) ? null : values[row];
    }

    @Override
    public Column select(int[] positions, int count) {
        boolean[] out = new boolean[count];
        for (int i = 0; i < count; i++) {
            out[i] = values[positions[i]];
        }
        return new BooleanColumn(out, selectNulls(positions, count), count);
    }
}
