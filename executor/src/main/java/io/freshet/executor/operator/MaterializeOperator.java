package io.freshet.executor.operator;

import io.freshet.common.ByteWriter;
import io.freshet.common.DataType;
import io.freshet.common.KeyCodec;
import io.freshet.common.Op;
import io.freshet.common.StreamChunk;
import io.freshet.executor.stream.AbstractOperator;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.KvStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a table's or a materialized view's rows in a {@link StateTable} keyed by its primary key
 * (the stream key), and forwards its changes to dependent views.
 *
 * <p>In {@link ConflictMode#TRUST} mode (views) the input's stream key is unique, so changes apply
 * as they are. In {@link ConflictMode#OVERWRITE} mode (tables fed by connectors or DML) each change
 * is checked against the stored row: an INSERT of an existing key becomes an update of it, a
 * DELETE of a missing key is dropped, and a DELETE carries the stored row downstream.
 */
public final class MaterializeOperator extends AbstractOperator {
    public enum ConflictMode { TRUST, OVERWRITE }

    private final StateTable table;
    private final int[] keyColumns;
    private final List<DataType> types;
    private final ConflictMode conflictMode;
    private final ByteWriter keyWriter = new ByteWriter(64);
    private final ByteWriter valueWriter = new ByteWriter(128);

    public MaterializeOperator(StateTable table, int[] keyColumns, List<DataType> types, ConflictMode conflictMode, Emitter output) {
        super(output, 1);
        this.table = table;
        this.keyColumns = keyColumns.clone();
        this.types = List.copyOf(types);
        this.conflictMode = conflictMode;
    }

    public StateTable table() {
        return table;
    }

    @Override
    protected void process(int input, StreamChunk chunk) {
        if (conflictMode == ConflictMode.OVERWRITE) {
            chunk = resolveConflicts(chunk);
            if (chunk == null) {
                return;
            }
        }
        KeyCodec codec = table.keyCodec();
        int n = chunk.rowCount();
        for (int i = 0; i < n; i++) {
            if (!chunk.isVisible(i)) {
                continue;
            }
            keyWriter.reset();
            codec.encode(keyWriter, chunk, keyColumns, i);
            byte[] key = table.storeKey(keyWriter.toByteArray());
            if (chunk.op(i).isInsert()) {
                valueWriter.reset();
                table.rowCodec().encode(valueWriter, chunk, i);
                table.putRaw(key, valueWriter.toByteArray());
            } else {
                table.deleteRaw(key);
            }
        }
        output.chunk(chunk);
    }

    private StreamChunk resolveConflicts(StreamChunk chunk) {
        List<Op> ops = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        // Rows written earlier in this chunk must be seen by later rows of the same chunk.
        java.util.Map<java.nio.ByteBuffer, Object[]> local = new java.util.HashMap<>();
        KeyCodec codec = table.keyCodec();
        for (int i = 0; i < chunk.rowCount(); i++) {
            if (!chunk.isVisible(i)) {
                continue;
            }
            keyWriter.reset();
            codec.encode(keyWriter, chunk, keyColumns, i);
            byte[] key = table.storeKey(keyWriter.toByteArray());
            java.nio.ByteBuffer localKey = java.nio.ByteBuffer.wrap(key);
            Object[] existing;
            if (local.containsKey(localKey)) {
                existing = local.get(localKey);
            } else {
                byte[] raw = table.getRaw(key);
                existing = raw == null ? null : table.rowCodec().decode(raw);
            }
            Object[] row = chunk.row(i);
            if (chunk.op(i).isInsert()) {
                if (existing != null) {
                    ops.add(Op.UPDATE_BEFORE);
                    rows.add(existing);
                    ops.add(Op.UPDATE_AFTER);
                } else {
                    ops.add(Op.INSERT);
                }
                rows.add(row);
                local.put(localKey, row);
            } else if (existing != null) {
                ops.add(Op.DELETE);
                rows.add(existing);
                local.put(localKey, null);
            }
        }
        if (rows.isEmpty()) {
            return null;
        }
        return StreamChunk.ofRows(types, ops, rows);
    }

    @Override
    protected void onBarrier(Barrier barrier) {
        if (barrier.isCheckpoint()) {
            table.flush(barrier.batch());
        }
    }

    /** Plan-time description; {@code keyColumns} index into {@code types}. */
    public record Factory(int tableId, List<DataType> types, int[] keyColumns, boolean[] descending, ConflictMode conflictMode)
            implements OperatorFactory {
        public Factory {
            types = List.copyOf(types);
            keyColumns = keyColumns.clone();
        }

        public KeyCodec keyCodec() {
            List<DataType> keyTypes = new ArrayList<>();
            for (int c : keyColumns) {
                keyTypes.add(types.get(c));
            }
            return new KeyCodec(keyTypes, descending);
        }

        @Override
        public MaterializeOperator create(KvStore store, Emitter output) {
            return new MaterializeOperator(new StateTable(store, tableId, keyCodec(), types), keyColumns, types, conflictMode, output);
        }

        @Override
        public String explain() {
            return "StreamMaterialize { table: " + tableId + ", pk: " + java.util.Arrays.toString(keyColumns)
                    + (conflictMode == ConflictMode.OVERWRITE ? ", on conflict: overwrite" : "") + " }";
        }
    }

}
