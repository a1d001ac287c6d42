package io.freshet.common;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Chunk} of changes: each row carries an {@link Op}.
 *
 * <p>Invariant, checked at construction: every visible {@code UPDATE_BEFORE} is immediately followed
 * by a visible {@code UPDATE_AFTER}, and every visible {@code UPDATE_AFTER} immediately follows one.
 * An operator that hides only one half of a pair must turn the other half into a DELETE or INSERT.
 */
public final class StreamChunk extends Chunk {
    private final byte[] ops;

    public StreamChunk(byte[] ops, List<Column> columns, int rowCount, boolean[] visibility) {
        super(columns, rowCount, visibility);
        if (ops.length < rowCount) {
            throw new IllegalArgumentException("op column shorter than the chunk");
        }
        this.ops = ops;
        checkUpdatePairs();
    }

    public StreamChunk(byte[] ops, List<Column> columns, int rowCount) {
        this(ops, columns, rowCount, null);
    }

    public StreamChunk(byte[] ops, Chunk data) {
        this(ops, data.columns(), data.rowCount(), data.visibility());
    }

    public Op op(int row) {
        return Op.fromCode(ops[row]);
    }

    /** The op codes ({@link Op#code()}); read-only by contract. */
    public byte[] ops() {
        return ops;
    }

    /** Same ops and visibility, other columns (the result of a projection). */
    public StreamChunk withColumns(List<Column> columns) {
        return new StreamChunk(ops, columns, rowCount(), visibility());
    }

    /** Same rows, another visibility mask; update pairs split by the mask become DELETE/INSERT. */
    public StreamChunk withVisibility(boolean[] mask) {
        byte[] newOps = ops;
        for (int i = 0; i < rowCount(); i++) {
            Op op = op(i);
            // A hidden UPDATE_BEFORE may lack its partner (at the end, or before another op): leave it.
            if (op == Op.UPDATE_BEFORE && i + 1 < rowCount() && op(i + 1) == Op.UPDATE_AFTER && mask[i] != mask[i + 1]) {
                if (newOps == ops) {
                    newOps = ops.clone();
                }
                newOps[i] = Op.DELETE.code();
                newOps[i + 1] = Op.INSERT.code();
            }
        }
        return new StreamChunk(newOps, columns(), rowCount(), mask);
    }

    @Override
    public StreamChunk compact() {
        if (visibility() == null) {
            return this;
        }
        int[] positions = visiblePositions();
        byte[] newOps = new byte[positions.length];
        for (int i = 0; i < positions.length; i++) {
            newOps[i] = ops[positions[i]];
        }
        List<Column> out = new ArrayList<>(columnCount());
        for (Column column : columns()) {
            out.add(column.select(positions, positions.length));
        }
        return new StreamChunk(newOps, out, positions.length);
    }

    private void checkUpdatePairs() {
        int previousVisible = -1;
        for (int i = 0; i < rowCount(); i++) {
            if (!isVisible(i)) {
                continue;
            }
            Op op = op(i);
            if (op == Op.UPDATE_AFTER
                    && (previousVisible != i - 1 || previousVisible < 0 || op(previousVisible) != Op.UPDATE_BEFORE)) {
                throw new IllegalArgumentException("UPDATE_AFTER at row " + i + " does not follow its UPDATE_BEFORE");
            }
            if (op == Op.UPDATE_BEFORE && (i + 1 >= rowCount() || !isVisible(i + 1) || op(i + 1) != Op.UPDATE_AFTER)) {
                throw new IllegalArgumentException("UPDATE_BEFORE at row " + i + " is not followed by its UPDATE_AFTER");
            }
            previousVisible = i;
        }
    }

    /** Builds a stream chunk from rows; for tests and row-at-a-time boundaries. */
    public static StreamChunk ofRows(List<DataType> types, List<Op> ops, List<Object[]> rows) {
        byte[] codes = new byte[ops.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = ops.get(i).code();
        }
        return new StreamChunk(codes, Chunk.ofRows(types, rows));
    }
}
