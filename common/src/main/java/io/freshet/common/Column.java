package io.freshet.common;

import java.util.Objects;

/**
 * One column of a {@link Chunk}: a typed vector of values plus a null mask. Immutable once built
 * (see {@link ColumnBuilder}); subclasses expose primitive accessors for hot loops.
 */
public abstract class Column {
    private final DataType type;
    /** {@code null} when the column has no nulls. */
    protected final boolean[] nulls;
    protected final int size;

    protected Column(DataType type, boolean[] nulls, int size) {
        this.type = Objects.requireNonNull(type, "type is null");
        this.nulls = nulls;
        this.size = size;
    }

    public final DataType type() {
        return type;
    }

    public final int size() {
        return size;
    }

    public final boolean isNull(int row) {
        return nulls != null && nulls[row];
    }

    public final boolean mayHaveNulls() {
        return nulls != null;
    }

    /** The value at {@code row} as its Java value (see {@link TypeKind}), or {@code null}. */
    public abstract Object get(int row);

    /** A new column holding the rows at {@code positions}, in that order. */
    public abstract Column select(int[] positions, int count);

    protected final boolean[] selectNulls(int[] positions, int count) {
        if (nulls == null) {
            return null;
        }
        boolean[] out = new boolean[count];
        boolean any = false;
        for (int i = 0; i < count; i++) {
            out[i] = nulls[positions[i]];
            any |= out[i];
        }
        return any ? out : null;
    }

    /** A column of {@code count} copies of one value. */
    public static Column constant(DataType type, Object value, int count) {
        ColumnBuilder builder = ColumnBuilder.create(type, count);
        for (int i = 0; i < count; i++) {
            builder.append(value);
        }
        return builder.build();
    }
}
