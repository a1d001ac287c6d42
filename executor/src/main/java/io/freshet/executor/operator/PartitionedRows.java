package io.freshet.executor.operator;

import io.freshet.common.ByteWriter;
import io.freshet.common.DataType;
import io.freshet.common.KeyCodec;
import io.freshet.common.Values;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.KvStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The input rows of a partitioned, ordered operator (top-N, OVER windows) in one state table,
 * keyed by (partition columns, sort key, stream key) so a prefix scan returns a partition's rows
 * in window order, ties broken by the stream key. The value is the whole input row.
 *
 * <p>Orders the key encoding cannot express directly (ASC NULLS FIRST, DESC NULLS LAST) get a
 * boolean "is null" key column before the value.
 */
final class PartitionedRows {
    private final int[] partitionColumns;
    private final List<SortField> order;
    private final int[] streamKey;
    private final List<DataType> inputTypes;
    private final StateTable table;
    private final KeyCodec partitionCodec;
    private final KeyCodec streamKeyCodec;
    private final int keyWidth;
    private final ByteWriter writer = new ByteWriter(64);

    PartitionedRows(KvStore store, int tableId, List<DataType> inputTypes, int[] partitionColumns, List<SortField> order,
                    int[] streamKey) {
        this.partitionColumns = partitionColumns.clone();
        this.order = List.copyOf(order);
        this.streamKey = streamKey.clone();
        this.inputTypes = List.copyOf(inputTypes);
        List<DataType> keyTypes = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        List<DataType> partitionTypes = new ArrayList<>();
        for (int column : partitionColumns) {
            keyTypes.add(inputTypes.get(column));
            partitionTypes.add(inputTypes.get(column));
            descending.add(false);
        }
        for (SortField field : order) {
            if (!field.defaultNulls()) {
                keyTypes.add(DataType.BOOLEAN);
                // "is null" descending puts NULLs (true) first.
                descending.add(field.nullsFirst());
            }
            keyTypes.add(inputTypes.get(field.column()));
            descending.add(field.descending());
        }
        List<DataType> streamKeyTypes = new ArrayList<>();
        for (int column : streamKey) {
            keyTypes.add(inputTypes.get(column));
            streamKeyTypes.add(inputTypes.get(column));
            descending.add(false);
        }
        boolean[] directions = new boolean[descending.size()];
        for (int i = 0; i < directions.length; i++) {
            directions[i] = descending.get(i);
        }
        this.keyWidth = keyTypes.size();
        this.table = new StateTable(store, tableId, new KeyCodec(keyTypes, directions), inputTypes);
        this.partitionCodec = KeyCodec.ascending(partitionTypes);
        this.streamKeyCodec = KeyCodec.ascending(streamKeyTypes);
    }

    Object[] partitionOf(Object[] row) {
        Object[] values = new Object[partitionColumns.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = row[partitionColumns[i]];
        }
        return values;
    }

    /** The partition's encoded key, to track touched partitions in a hash map. */
    ByteBuffer partitionId(Object[] partition) {
        return ByteBuffer.wrap(partitionCodec.encode(partition));
    }

    /** The row's encoded stream key: identifies a row among the operator's outputs. */
    ByteBuffer rowId(Object[] row) {
        writer.reset();
        for (int i = 0; i < streamKey.length; i++) {
            streamKeyCodec.encodeValue(writer, i, row[streamKey[i]]);
        }
        return ByteBuffer.wrap(writer.toByteArray());
    }

    void insert(Object[] row) {
        table.put(stateKey(row), row);
    }

    void delete(Object[] row) {
        table.delete(stateKey(row));
    }

    /** The partition's rows in order; the scan must be closed. */
    StateTable.Scan scan(Object[] partition) {
        return table.scanPrefix(partition);
    }

    /** Whether two rows have equal sort keys (peers in window terms; NULLs are peers of NULLs). */
    boolean peers(Object[] a, Object[] b) {
        for (SortField field : order) {
            Object x = a[field.column()];
            Object y = b[field.column()];
            if (x == null || y == null) {
                if (x != y) {
                    return false;
                }
            } else if (Values.compare(inputTypes.get(field.column()), x, y) != 0) {
                return false;
            }
        }
        return true;
    }

    StateTable table() {
        return table;
    }

    private Object[] stateKey(Object[] row) {
        Object[] key = new Object[keyWidth];
        int k = 0;
        for (int column : partitionColumns) {
            key[k++] = row[column];
        }
        for (SortField field : order) {
            if (!field.defaultNulls()) {
                key[k++] = row[field.column()] == null;
            }
            key[k++] = row[field.column()];
        }
        for (int column : streamKey) {
            key[k++] = row[column];
        }
        return key;
    }
}
