package io.freshet.common;

import java.util.List;

/** ARRAY values: one immutable {@link List} of element values per row (see {@link SqlArray}). */
public final class ArrayColumn extends Column {
    private final Object[] values;

    public ArrayColumn(DataType type, Object[] values, boolean[] nulls, int size) {
        super(type, nulls, size);
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    public List<Object> getArray(int row) {
        return (List<Object>) values[row];
    }

    @Override
    public Object get(int row) {
        return isNull(row) ? null : values[row];
    }

    @Override
    public Column select(int[] positions, int count) {
        Object[] out = new Object[count];
        for (int i = 0; i < count; i++) {
            out[i] = values[positions[i]];
        }
        return new ArrayColumn(type(), out, selectNulls(positions, count), count);
    }
}
