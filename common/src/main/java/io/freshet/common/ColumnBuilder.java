package io.freshet.common;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends values to a growing column and then {@link #build()}s an immutable {@link Column}. A
 * builder is used by one thread and built once.
 */
public abstract class ColumnBuilder {
    protected final DataType type;
    protected boolean[] nulls;
    protected int size;

    private ColumnBuilder(DataType type, int capacity) {
        this.type = type;
        this.nulls = null;
    }

    public static ColumnBuilder create(DataType type, int expectedRows) {
        int capacity = Math.max(8, expectedRows);
        switch (type.kind().physical()) {
            case BOOLEAN: return new Booleans(type, capacity);
            case LONG: return new Longs(type, capacity);
            case DOUBLE: return new Doubles(type, capacity);
            case DECIMAL: return new Decimals(type, capacity);
            case BYTES: return new Bytes(type, capacity);
            case INTERVAL: return new Intervals(type, capacity);
            case ARRAY: return new Arrays_(type, capacity);
        }
        throw new AssertionError(type);
    }

    public final DataType type() {
        return type;
    }

    public final int size() {
        return size;
    }

    public final void appendNull() {
        ensureCapacity(size + 1);
        if (nulls == null) {
            nulls = new boolean[capacity()];
        }
        nulls[size] = true;
        appendDefault();
        size++;
    }

    /** Appends a Java value (see {@link TypeKind}) or {@code null}. */
    public final void append(Object value) {
        if (value == null) {
            appendNull();
            return;
        }
        ensureCapacity(size + 1);
        appendValue(value);
        size++;
    }

    /** Appends row {@code row} of a column of the same physical kind. */
    public final void appendFrom(Column column, int row) {
        if (column.isNull(row)) {
            appendNull();
            return;
        }
        ensureCapacity(size + 1);
        appendFromColumn(column, row);
        size++;
    }

    public void appendLong(long value) {
        throw new IllegalStateException("not a long column: " + type);
    }

    public void appendDouble(double value) {
        throw new IllegalStateException("not a double column: " + type);
    }

    public void appendBoolean(boolean value) {
        throw new IllegalStateException("not a boolean column: " + type);
    }

    public abstract Column build();

    protected abstract int capacity();

    protected abstract void grow(int newCapacity);

    protected abstract void appendDefault();

    protected abstract void appendValue(Object value);

    protected abstract void appendFromColumn(Column column, int row);

    protected final void ensureCapacity(int needed) {
        int capacity = capacity();
        if (needed <= capacity) {
            return;
        }
        int newCapacity = Math.max(needed, capacity * 2);
        grow(newCapacity);
        if (nulls != null) {
            nulls = Arrays.copyOf(nulls, newCapacity);
        }
    }

    protected final boolean[] finishedNulls() {
        return nulls == null ? null : Arrays.copyOf(nulls, size);
    }

    private static final class Longs extends ColumnBuilder {
        private long[] values;

        Longs(DataType type, int capacity) {
            super(type, capacity);
            values = new long[capacity];
        }

        @Override
        public void appendLong(long value) {
            ensureCapacity(size + 1);
            values[size++] = value;
        }

        @Override
        protected int capacity() {
            return values.length;
        }

        @Override
        protected void grow(int newCapacity) {
            values = Arrays.copyOf(values, newCapacity);
        }

        @Override
        protected void appendDefault() {
            values[size] = 0;
        }

        @Override
        protected void appendValue(Object value) {
            values[size] = ((Number) value).longValue();
        }

        @Override
        protected void appendFromColumn(Column column, int row) {
            values[size] = ((LongColumn) column).getLong(row);
        }

        @Override
        public Column build() {
            return new LongColumn(type, Arrays.copyOf(values, size), finishedNulls(), size);
        }
    }

    private static final class Doubles extends ColumnBuilder {
        private double[] values;

        Doubles(DataType type, int capacity) {
            super(type, capacity);
            values = new double[capacity];
        }

        @Override
        public void appendDouble(double value) {
            ensureCapacity(size + 1);
            values[size++] = value;
        }

        @Override
        protected int capacity() {
            return values.length;
        }

        @Override
        protected void grow(int newCapacity) {
            values = Arrays.copyOf(values, newCapacity);
        }

        @Override
        protected void appendDefault() {
            values[size] = 0;
        }

        @Override
        protected void appendValue(Object value) {
            double d = ((Number) value).doubleValue();
            values[size] = type.kind() == TypeKind.REAL ? (float) d : d;
        }

        @Override
        protected void appendFromColumn(Column column, int row) {
            values[size] = ((DoubleColumn) column).getDouble(row);
        }

        @Override
        public Column build() {
            return new DoubleColumn(type, Arrays.copyOf(values, size), finishedNulls(), size);
        }
    }

    private static final class Booleans extends ColumnBuilder {
        private boolean[] values;

        Booleans(DataType type, int capacity) {
            super(type, capacity);
            values = new boolean[capacity];
        }

        @Override
        public void appendBoolean(boolean value) {
            ensureCapacity(size + 1);
            values[size++] = value;
        }

        @Override
        protected int capacity() {
            return values.length;
        }

        @Override
        protected void grow(int newCapacity) {
            values = Arrays.copyOf(values, newCapacity);
        }

        @Override
        protected void appendDefault() {
            values[size] = false;
        }

        @Override
        protected void appendValue(Object value) {
            values[size] = (Boolean) value;
        }

        @Override
        protected void appendFromColumn(Column column, int row) {
            values[size] = ((BooleanColumn) column).getBoolean(row);
        }

        @Override
        public Column build() {
            return new BooleanColumn(Arrays.copyOf(values, size), finishedNulls(), size);
        }
    }

    private static final class Decimals extends ColumnBuilder {
        private BigDecimal[] values;

        Decimals(DataType type, int capacity) {
            super(type, capacity);
            values = new BigDecimal[capacity];
        }

        @Override
        protected int capacity() {
            return values.length;
        }

        @Override
        protected void grow(int newCapacity) {
            values = Arrays.copyOf(values, newCapacity);
        }

        @Override
        protected void appendDefault() {
            values[size] = null;
        }

        @Override
        protected void appendValue(Object value) {
            values[size] = value instanceof BigDecimal ? (BigDecimal) value : new BigDecimal(value.toString());
        }

        @Override
        protected void appendFromColumn(Column column, int row) {
            values[size] = ((DecimalColumn) column).getDecimal(row);
        }

        @Override
        public Column build() {
            return new DecimalColumn(type, Arrays.copyOf(values, size), finishedNulls(), size);
        }
    }

    private static final class Intervals extends ColumnBuilder {
        private int[] months;
        private int[] days;
        private long[] micros;

        Intervals(DataType type, int capacity) {
            super(type, capacity);
            months = new int[capacity];
            days = new int[capacity];
            micros = new long[capacity];
        }

        @Override
        protected int capacity() {
            return months.length;
        }

        @Override
        protected void grow(int newCapacity) {
            months = Arrays.copyOf(months, newCapacity);
            days = Arrays.copyOf(days, newCapacity);
            micros = Arrays.copyOf(micros, newCapacity);
        }

        @Override
        protected void appendDefault() {
            months[size] = 0;
            days[size] = 0;
            micros[size] = 0;
        }

        @Override
        protected void appendValue(Object value) {
            Interval interval = (Interval) value;
            months[size] = interval.months();
            days[size] = interval.days();
            micros[size] = interval.micros();
        }

        @Override
        protected void appendFromColumn(Column column, int row) {
            appendValue(((IntervalColumn) column).getInterval(row));
        }

        @Override
        public Column build() {
            return new IntervalColumn(Arrays.copyOf(months, size), Arrays.copyOf(days, size),
                    Arrays.copyOf(micros, size), finishedNulls(), size);
        }
    }

    private static final class Bytes extends ColumnBuilder {
        private byte[] data;
        private int[] offsets;
        private int used;

        Bytes(DataType type, int capacity) {
            super(type, capacity);
            data = new byte[capacity * 8];
            offsets = new int[capacity + 1];
        }

        /** Appends {@code length} bytes of {@code source} from {@code offset}. */
        public void appendBytes(byte[] source, int offset, int length) {
            ensureCapacity(size + 1);
            put(source, offset, length);
            size++;
        }

        @Override
        protected int capacity() {
            return offsets.length - 1;
        }

        @Override
        protected void grow(int newCapacity) {
            offsets = Arrays.copyOf(offsets, newCapacity + 1);
        }

        @Override
        protected void appendDefault() {
            offsets[size + 1] = used;
        }

        @Override
        protected void appendValue(Object value) {
            byte[] bytes = value instanceof String
                    ? ((String) value).getBytes(StandardCharsets.UTF_8)
                    : (byte[]) value;
            put(bytes, 0, bytes.length);
        }

        @Override
        protected void appendFromColumn(Column column, int row) {
            BytesColumn bytes = (BytesColumn) column;
            put(bytes.data(), bytes.offset(row), bytes.length(row));
        }

        private void put(byte[] source, int offset, int length) {
            if (used + length > data.length) {
                data = Arrays.copyOf(data, Math.max(used + length, data.length * 2));
            }
            System.arraycopy(source, offset, data, used, length);
            used += length;
            offsets[size + 1] = used;
        }

        @Override
        public Column build() {
            return new BytesColumn(type, Arrays.copyOf(data, used), Arrays.copyOf(offsets, size + 1), finishedNulls(), size);
        }
    }

    private static final class Arrays_ extends ColumnBuilder {
        private Object[] values;

        Arrays_(DataType type, int capacity) {
            super(type, capacity);
            values = new Object[capacity];
        }

        @Override
        protected int capacity() {
            return values.length;
        }

        @Override
        protected void grow(int newCapacity) {
            values = Arrays.copyOf(values, newCapacity);
        }

        @Override
        protected void appendDefault() {
            values[size] = null;
        }

        @Override
        protected void appendValue(Object value) {
            values[size] = SqlArray.of((java.util.List<?>) value);
        }

        @Override
        protected void appendFromColumn(Column column, int row) {
            values[size] = ((ArrayColumn) column).getArray(row);
        }

        @Override
        public Column build() {
            return new ArrayColumn(type, Arrays.copyOf(values, size), finishedNulls(), size);
        }
    }
}
