package io.freshet.common;

/** INTERVAL values as three parallel primitive arrays. */
public final class IntervalColumn extends Column {
    private final int[] months;
    private final int[] days;
    private final long[] micros;

    public IntervalColumn(int[] months, int[] days, long[] micros, boolean[] nulls, int size) {
        super(DataType.INTERVAL, nulls, size);
        this.months = months;
        this.days = days;
        this.micros = micros;
    }

    public Interval getInterval(int row) {
        return new Interval(months[row], days[row], micros[row]);
    }

    @Override
    public Object get(int row) {
        return isNull(row) ? null : getInterval(row);
    }

    @Override
    public Column select(int[] positions, int count) {
        int[] m = new int[count];
        int[] d = new int[count];
        long[] u = new long[count];
        for (int i = 0; i < count; i++) {
            m[i] = months[positions[i]];
            d[i] = days[positions[i]];
            u[i] = micros[positions[i]];
        }
        return new IntervalColumn(m, d, u, selectNulls(positions, count), count);
    }
}
