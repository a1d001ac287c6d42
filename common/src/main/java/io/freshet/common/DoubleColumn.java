package io.freshet.common;

/** REAL and DOUBLE PRECISION values as a {@code double[]}. */
public final class DoubleColumn extends Column {
    private final double[] values;

    public DoubleColumn(DataType type, double[] values, boolean[] nulls, int size) {
        super(type, nulls, size);
        this.values = values;
    }

    public double getDouble(int row) {
        return values[row];
    }

    public double[] values() {
        return values;
    }

    @Override
    public Object get(int row) {
        return isNull(row) ? null : values[row];
    }

    @Override
    public Column select(int[] positions, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = values[positions[i]];
        }
        return new DoubleColumn(type(), out, selectNulls(positions, count), count);
    }
}
