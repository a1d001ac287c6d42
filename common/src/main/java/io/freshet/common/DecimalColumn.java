package io.freshet.common;

import java.math.BigDecimal;

/** Exact DECIMAL values. */
public final class DecimalColumn extends Column {
    private final BigDecimal[] values;

    public DecimalColumn(DataType type, BigDecimal[] values, boolean[] nulls, int size) {
        super(type, nulls, size);
        this.values = values;
    }

    public BigDecimal getDecimal(int row) {
        return values[row];
    }

    @Override
    public Object get(int row) {
        return isNull(row) ? null : values[row];
    }

    @Override
    public Column select(int[] positions, int count) {
        BigDecimal[] out = new BigDecimal[count];
        for (int i = 0; i < count; i++) {
            out[i] = values[positions[i]];
        }
        return new DecimalColumn(type(), out, selectNulls(positions, count), count);
    }
}
