package io.freshet.common;

/** Integers, dates, times and timestamps as a {@code long[]}; see {@link TypeKind} for units. */
public final class LongColumn extends Column {
    private final long[] values;

    public LongColumn(DataType type, long[] values, boolean[] nulls, int size) {
        super(type, nulls, size);
        this.values = values;
    }

    public long getLong(int row) {
        return values[row];
    }

    /** The backing array; read-only by contract, valid for indexes below {@link #size()}. */
    public long[] values() {
        return values;
    }

    @Override
    public Object get(int row) {
        return isNull(row) ? null : values[row];
    }

    @Override
    public Column select(int[] positions, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = values[positions[i]];
        }
        return new LongColumn(type(), out, selectNulls(positions, count), count);
    }
}
