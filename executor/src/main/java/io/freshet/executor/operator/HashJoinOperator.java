package io.freshet.executor.operator;

import io.freshet.common.BooleanColumn;
import io.freshet.common.ByteWriter;
import io.freshet.common.Chunk;
import io.freshet.common.DataType;
import io.freshet.common.KeyCodec;
import io.freshet.common.Op;
import io.freshet.common.StreamChunk;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.RowErrors;
import io.freshet.executor.stream.AbstractOperator;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.KvStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Incremental symmetric hash join of two streams (input 0 is the left side, input 1 the right).
 *
 * <p>Each side keeps its rows in a state table keyed by (join key, the side's stream key), so a
 * change on one side finds its partners with one prefix scan of the other side's table: the work is
 * proportional to the change and its matches, never to the size of a side. A stored row carries its
 * <em>degree</em>, the number of rows of the other side it currently matches (join key equal and the
 * residual condition true). Outer joins use the degree to emit a NULL-padded row when a row's degree
 * becomes 0 and to retract it when the degree leaves 0; SEMI and ANTI joins (left side only in the
 * output) emit a left row while its degree is above 0, respectively equal to 0.
 *
 * <p>Join keys compare with {@code =} (a NULL key matches nothing; such a row is not stored) or, per
 * key column, with {@code IS NOT DISTINCT FROM} (NULL matches NULL). The residual condition is
 * evaluated on the concatenation of the full left row and the full right row.
 *
 * <p>Output: the rows given by {@link Factory#outputColumns} (indexes into left row ++ right row, or
 * {@link #LEFT_PRESENT}).
 * Input updates are treated as a DELETE of the old row and an INSERT of the new one and the output
 * carries only INSERT and DELETE, so it never splits an update pair; retractions of a key are always
 * emitted before the insertions that replace it. Changes are emitted as they are processed; state is
 * written on checkpoint barriers and nothing is cached in memory, so a restarted operator reads
 * everything back from the store.
 */
public final class HashJoinOperator extends AbstractOperator {
    /** The join's semantics; SEMI and ANTI output only the left side. */
    public enum JoinType {
        INNER, LEFT, RIGHT, FULL, SEMI, ANTI;

        /** Whether unmatched rows of {@code side} (0 left, 1 right) appear NULL-padded in the output. */
        boolean padsUnmatched(int side) {
            switch (this) {
                case INNER: return false;
                case LEFT: return side == 0;
                case RIGHT: return side == 1;
                case FULL: return true;
                case SEMI: return false;
                case ANTI: return false;
            }
            throw new AssertionError(this);
        }

        boolean outputsLeftOnly() {
            return this == SEMI || this == ANTI;
        }
    }

    /**
     * An output column that is TRUE when the left side is present (not NULL-padded). A FULL join
     * adds it to its stream key: a left row and a right row that both go unmatched may have
     * all-NULL stream keys (say, NULL groups of two aggregates), and would otherwise share a key.
     */
    public static final int LEFT_PRESENT = -1;

    private final JoinType joinType;
    private final Side[] sides;
    private final Expression residual;
    private final List<DataType> joinedTypes;
    private final int[] outputColumns;
    private final List<DataType> outputTypes;
    private final boolean[] nullSafe;
    private final ByteWriter keyWriter = new ByteWriter(64);
    private final List<Op> outOps = new ArrayList<>();
    private final List<Object[]> outRows = new ArrayList<>();

    /** One input's configuration and state. */
    private static final class Side {
        final int width;
        final int[] joinKey;
        final int[] streamKey;
        final StateTable table;
        /** Whether this side's degree is read (outer side, or the left side of SEMI/ANTI). */
        final boolean tracksDegree;

        Side(int width, int[] joinKey, int[] streamKey, StateTable table, boolean tracksDegree) {
            this.width = width;
            this.joinKey = joinKey;
            this.streamKey = streamKey;
            this.table = table;
            this.tracksDegree = tracksDegree;
        }
    }

    /** A stored row of the other side that a change matches. */
    private record Match(byte[] storeKey, Object[] stored) {
    }

    HashJoinOperator(Factory factory, KvStore store, Emitter output) {
        super(output, 2);
        this.joinType = factory.joinType;
        this.residual = factory.residual;
        this.nullSafe = factory.nullSafe.clone();
        this.outputColumns = factory.outputColumns.clone();
        this.joinedTypes = new ArrayList<>(factory.leftTypes);
        this.joinedTypes.addAll(factory.rightTypes);
        this.outputTypes = factory.outputTypes();
        this.sides = new Side[] {
            side(store, factory.leftTypes, factory.leftKeys, factory.leftStreamKey, factory.leftTableId,
                    joinType.padsUnmatched(0) || joinType.outputsLeftOnly()),
            side(store, factory.rightTypes, factory.rightKeys, factory.rightStreamKey, factory.rightTableId,
                    joinType.padsUnmatched(1)),
        };
    }

    private static Side side(KvStore store, List<DataType> types, int[] joinKey, int[] streamKey, int tableId,
                             boolean tracksDegree) {
        return new Side(types.size(), joinKey.clone(), streamKey.clone(),
                new StateTable(store, tableId, KeyCodec.ascending(Factory.stateKeyTypes(types, joinKey, streamKey)),
                        Factory.stateValueTypes(types)),
                tracksDegree);
    }

    @Override
    protected void process(int input, StreamChunk chunk) {
        int n = chunk.rowCount();
        for (int i = 0; i < n; i++) {
            if (chunk.isVisible(i)) {
                apply(input, chunk.op(i).isInsert(), chunk.row(i));
            }
            if (outRows.size() >= 1024) {
                emit();
            }
        }
        emit();
    }

    /** Applies one inserted or deleted row of side {@code s}. */
    private void apply(int s, boolean insert, Object[] row) {
        Side own = sides[s];
        Side other = sides[1 - s];
        Op op = insert ? Op.INSERT : Op.DELETE;
        Object[] key = new Object[own.joinKey.length];
        boolean matchable = true;
        for (int k = 0; k < key.length; k++) {
            key[k] = row[own.joinKey[k]];
            matchable &= key[k] != null || nullSafe[k];
        }
        int degree = 0;
        if (matchable) {
            List<Match> matches = matches(s, row, key);
            degree = matches.size();
            for (Match match : matches) {
                Object[] otherRow = Arrays.copyOf(match.stored(), other.width);
                long otherDegree = (Long) match.stored()[other.width];
                long newDegree = otherDegree + (insert ? 1 : -1);
                if (insert && otherDegree == 0) {
                    otherMatchChanged(s, otherRow, true);
                }
                if (!joinType.outputsLeftOnly()) {
                    add(op, s == 0 ? row : otherRow, s == 0 ? otherRow : row);
                }
                if (!insert && newDegree == 0) {
                    otherMatchChanged(s, otherRow, false);
                }
                if (other.tracksDegree) {
                    Object[] stored = match.stored().clone();
                    stored[other.width] = newDegree;
                    other.table.putRaw(match.storeKey(), other.table.rowCodec().encode(stored));
                }
            }
            byte[] storeKey = ownStoreKey(own, row);
            if (insert) {
                Object[] stored = Arrays.copyOf(row, own.width + 1);
                stored[own.width] = (long) degree;
                own.table.putRaw(storeKey, own.table.rowCodec().encode(stored));
            } else {
                own.table.deleteRaw(storeKey);
            }
        }
        if (joinType.padsUnmatched(s) && degree == 0) {
            add(op, s == 0 ? row : null, s == 0 ? null : row);
        } else if (s == 0 && joinType == JoinType.SEMI && degree > 0) {
            add(op, row, null);
        } else if (s == 0 && joinType == JoinType.ANTI && degree == 0) {
            add(op, row, null);
        }
    }

    /**
     * A row of the other side gets its first match ({@code matched}) or loses its last one: what its
     * being unmatched produces (a NULL-padded row, an ANTI row) or its being matched (a SEMI row)
     * changes.
     */
    private void otherMatchChanged(int s, Object[] otherRow, boolean matched) {
        int o = 1 - s;
        if (joinType.padsUnmatched(o)) {
            add(matched ? Op.DELETE : Op.INSERT, o == 0 ? otherRow : null, o == 0 ? null : otherRow);
        } else if (o == 0 && joinType == JoinType.SEMI) {
            add(matched ? Op.INSERT : Op.DELETE, otherRow, null);
        } else if (o == 0 && joinType == JoinType.ANTI) {
            add(matched ? Op.DELETE : Op.INSERT, otherRow, null);
        }
    }

    /** The other side's stored rows with the same join key for which the residual condition holds. */
    private List<Match> matches(int s, Object[] row, Object[] key) {
        Side other = sides[1 - s];
        List<Match> candidates = new ArrayList<>();
        try (StateTable.Scan scan = other.table.scanPrefix(key)) {
            while (scan.hasNext()) {
                byte[] storeKey = scan.peekKey();
                candidates.add(new Match(storeKey, scan.next()));
            }
        }
        if (residual == null || candidates.isEmpty()) {
            return candidates;
        }
        List<Object[]> joined = new ArrayList<>(candidates.size());
        for (Match candidate : candidates) {
            Object[] otherRow = Arrays.copyOf(candidate.stored(), other.width);
            joined.add(s == 0 ? concat(row, otherRow) : concat(otherRow, row));
        }
        BooleanColumn test = (BooleanColumn) RowErrors.evaluate(residual, Chunk.ofRows(joinedTypes, joined), "join condition");
        List<Match> matches = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            if (test.isTrue(i)) {
                matches.add(candidates.get(i));
            }
        }
        return matches;
    }

    private Object[] concat(Object[] left, Object[] right) {
        Object[] joined = new Object[joinedTypes.size()];
        System.arraycopy(left, 0, joined, 0, sides[0].width);
        System.arraycopy(right, 0, joined, sides[0].width, sides[1].width);
        return joined;
    }

    private byte[] ownStoreKey(Side own, Object[] row) {
        KeyCodec codec = own.table.keyCodec();
        keyWriter.reset();
        int index = 0;
        for (int column : own.joinKey) {
            codec.encodeValue(keyWriter, index++, row[column]);
        }
        for (int column : own.streamKey) {
            codec.encodeValue(keyWriter, index++, row[column]);
        }
        return own.table.storeKey(keyWriter.toByteArray());
    }

    /** Buffers an output row; a null side is NULL-padded. */
    private void add(Op op, Object[] left, Object[] right) {
        Object[] out = new Object[outputColumns.length];
        int leftWidth = sides[0].width;
        for (int c = 0; c < out.length; c++) {
            int column = outputColumns[c];
            if (column == LEFT_PRESENT) {
                out[c] = left != null;
            } else if (column < leftWidth) {
                out[c] = left == null ? null : left[column];
            } else {
                out[c] = right == null ? null : right[column - leftWidth];
            }
        }
        outOps.add(op);
        outRows.add(out);
    }

    private void emit() {
        if (outRows.isEmpty()) {
            return;
        }
        StreamChunk chunk = StreamChunk.ofRows(outputTypes, outOps, outRows);
        outOps.clear();
        outRows.clear();
        output.chunk(chunk);
    }

    @Override
    protected void onBarrier(Barrier barrier) {
        if (barrier.isCheckpoint()) {
            sides[0].table.flush(barrier.batch());
            sides[1].table.flush(barrier.batch());
        }
    }

    /**
     * Plan-time description. {@code leftKeys[k]} and {@code rightKeys[k]} are compared (their types
     * must encode alike, e.g. both integers or both text), with {@code IS NOT DISTINCT FROM} when
     * {@code nullSafe[k]}; {@code residual} (or null) reads the left row followed by the right row;
     * {@code outputColumns} index that concatenation.
     */
    public record Factory(JoinType joinType, List<DataType> leftTypes, List<DataType> rightTypes, int[] leftKeys,
                          int[] rightKeys, boolean[] nullSafe, int[] leftStreamKey, int[] rightStreamKey,
                          Expression residual, int[] outputColumns, int leftTableId, int rightTableId)
            implements OperatorFactory {
        public Factory {
            Objects.requireNonNull(joinType, "joinType is null");
            leftTypes = List.copyOf(leftTypes);
            rightTypes = List.copyOf(rightTypes);
            leftKeys = leftKeys.clone();
            rightKeys = rightKeys.clone();
            nullSafe = nullSafe.clone();
            leftStreamKey = leftStreamKey.clone();
            rightStreamKey = rightStreamKey.clone();
            outputColumns = outputColumns.clone();
            if (leftKeys.length != rightKeys.length || nullSafe.length != leftKeys.length) {
                throw new IllegalArgumentException("join key lists differ in length");
            }
            for (int k = 0; k < leftKeys.length; k++) {
                DataType l = leftTypes.get(leftKeys[k]);
                DataType r = rightTypes.get(rightKeys[k]);
                if (!encodeAlike(l, r)) {
                    throw new IllegalArgumentException("join key " + k + " has types " + l + " and " + r);
                }
            }
            if (joinType.outputsLeftOnly()) {
                for (int column : outputColumns) {
                    if (column >= leftTypes.size()) {
                        throw new IllegalArgumentException("a " + joinType + " join outputs left columns only");
                    }
                }
            }
        }

        /** Whether equal values of the two types have equal memcomparable keys. */
        public static boolean encodeAlike(DataType a, DataType b) {
            if (a.kind() == b.kind()) {
                return true;
            }
            return isInteger(a) && isInteger(b);
        }

        private static boolean isInteger(DataType type) {
            switch (type.kind()) {
                case SMALLINT:
                case INTEGER:
                case BIGINT:
                    return true;
                default:
                    return false;
            }
        }

        public List<DataType> outputTypes() {
            List<DataType> types = new ArrayList<>(outputColumns.length);
            for (int column : outputColumns) {
                types.add(column == LEFT_PRESENT ? DataType.BOOLEAN
                        : column < leftTypes.size() ? leftTypes.get(column) : rightTypes.get(column - leftTypes.size()));
            }
            return types;
        }

        /** A side's state key: its join key columns, then its stream key columns. */
        static List<DataType> stateKeyTypes(List<DataType> types, int[] joinKey, int[] streamKey) {
            List<DataType> keyTypes = new ArrayList<>();
            for (int column : joinKey) {
                keyTypes.add(types.get(column));
            }
            for (int column : streamKey) {
                keyTypes.add(types.get(column));
            }
            return keyTypes;
        }

        /** A side's stored value: its row, then its degree. */
        static List<DataType> stateValueTypes(List<DataType> types) {
            List<DataType> valueTypes = new ArrayList<>(types);
            valueTypes.add(DataType.BIGINT);
            return valueTypes;
        }

        @Override
        public HashJoinOperator create(KvStore store, Emitter output) {
            return new HashJoinOperator(this, store, output);
        }

        @Override
        public String explain() {
            StringBuilder keys = new StringBuilder("[");
            for (int k = 0; k < leftKeys.length; k++) {
                keys.append(k == 0 ? "" : ", ").append('$').append(leftKeys[k])
                        .append(nullSafe[k] ? " IS NOT DISTINCT FROM $" : " = $").append(rightKeys[k]);
            }
            keys.append(']');
            return "StreamHashJoin { type: " + joinType + ", keys: " + keys
                    + (residual == null ? "" : ", condition: " + residual)
                    + ", output: " + Arrays.toString(outputColumns)
                    + ", tables: [" + leftTableId + ", " + rightTableId + "] }";
        }
    }
}
