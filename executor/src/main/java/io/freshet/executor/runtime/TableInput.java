package io.freshet.executor.runtime;

import io.freshet.common.BooleanColumn;
import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.Op;
import io.freshet.common.SqlState;
import io.freshet.common.StreamChunk;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.operator.MaterializeOperator;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table's entry point: DML statements and an optional connector push changes through here into
 * the table's {@link MaterializeOperator}. DML is checked before anything is pushed (duplicate
 * keys give 23505, NOT NULL columns 23502), so a failing statement changes nothing.
 *
 * <p>A table without a primary key gets a hidden last column {@code _row_id}, filled from a counter
 * that is checkpointed with every epoch. All methods run on the dataflow thread.
 */
public final class TableInput implements Source {
    private static final int CHUNK_ROWS = 1024;

    private final String name;
    private final MaterializeOperator root;
    private final List<DataType> types;
    private final List<String> columnNames;
    private final int[] keyColumns;
    private final boolean hiddenRowId;
    private final boolean[] notNull;
    private final byte[] rowIdKey;
    private final Connector connector;
    private long nextRowId;

    /** Produces rows for a table from outside (e.g. the datagen connector). */
    public interface Connector {
        /**
         * Rows that are due now, at most {@code limit}; they have the table's visible columns.
         * Returns an empty list when nothing is due.
         */
        List<Object[]> poll(long nowNanos, int limit);

        /** Nanoseconds until more rows are due. */
        long nanosUntilDue(long nowNanos);

        /** The connector's position, saved with each epoch and given back at restart. */
        byte[] position();

        /**
         * Whether a row returned by {@link #poll} deletes the stored row with the same primary key
         * (an upsert tombstone; only its key columns are read). Only for tables with a primary key.
         */
        default boolean isDelete(Object[] row) {
            return false;
        }

        /**
         * Whether this connector hands its rows as chunks of inserts ({@link #pollChunk}) instead of
         * row by row ({@link #poll}).
         */
        default boolean columnar() {
            return false;
        }

        /**
         * For a {@link #columnar()} connector: the next rows due, as a chunk of the visible columns,
         * all inserts (possibly empty: work was done, poll again); null when nothing is due.
         */
        default Chunk pollChunk(long nowNanos) {
            throw new UnsupportedOperationException("not a columnar connector");
        }

        default void close() {
        }
    }

    public TableInput(String name, MaterializeOperator root, List<DataType> types, List<String> columnNames,
                      int[] keyColumns, boolean hiddenRowId, boolean[] notNull, Connector connector, long nextRowId) {
        this.name = name;
        this.root = root;
        this.types = List.copyOf(types);
        this.columnNames = List.copyOf(columnNames);
        this.keyColumns = keyColumns.clone();
        this.hiddenRowId = hiddenRowId;
        this.notNull = notNull.clone();
        this.rowIdKey = StreamRuntime.metaKey("rowid/" + name);
        this.connector = connector;
        this.nextRowId = nextRowId;
    }

    /** The row-id counter and connector position saved for {@code table}, or defaults. */
    public static long savedRowId(io.freshet.storage.kv.KvStore store, String table) {
        byte[] raw = store.get(StreamRuntime.metaKey("rowid/" + table));
        return raw == null ? 1 : Long.parseLong(new String(raw, StandardCharsets.UTF_8));
    }

    public static byte[] savedPosition(io.freshet.storage.kv.KvStore store, String table) {
        return store.get(StreamRuntime.metaKey("position/" + table));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void barrier(io.freshet.executor.stream.Barrier barrier) {
        root.barrier(0, barrier);
    }

    public MaterializeOperator materialize() {
        return root;
    }

    /** The connector feeding this table, or null. */
    public Connector connector() {
        return connector;
    }

    @Override
    public long poll(long nowNanos) {
        if (connector == null) {
            return Long.MAX_VALUE;
        }
        if (connector.columnar()) {
            Chunk inserts = connector.pollChunk(nowNanos);
            if (inserts == null) {
                return connector.nanosUntilDue(nowNanos);
            }
            if (inserts.rowCount() > 0) {
                Chunk rows = inserts;
                if (hiddenRowId) {
                    rows = withRowIds(inserts, nextRowId);
                    nextRowId += inserts.rowCount();
                }
                root.chunk(0, new StreamChunk(new byte[rows.rowCount()], rows));
            }
            return 0;
        }
        List<Object[]> rows = connector.poll(nowNanos, CHUNK_ROWS);
        if (!rows.isEmpty()) {
            pushConnectorRows(rows);
            return 0;
        }
        return connector.nanosUntilDue(nowNanos);
    }

    @Override
    public void checkpoint(WriteBatch batch) {
        if (hiddenRowId) {
            batch.put(rowIdKey, Long.toString(nextRowId).getBytes(StandardCharsets.UTF_8));
        }
        if (connector != null) {
            batch.put(StreamRuntime.metaKey("position/" + name), connector.position());
        }
    }

    @Override
    public void close() {
        if (connector != null) {
            connector.close();
        }
    }

    /** Inserts rows of the table's visible columns; returns the count. */
    public int insert(List<Object[]> rows) {
        Set<ByteBuffer> seen = new HashSet<>();
        for (Object[] row : rows) {
            checkNotNull(row);
            if (!hiddenRowId) {
                byte[] key = keyOf(row);
                if (!seen.add(ByteBuffer.wrap(key)) || root.table().getRaw(key) != null) {
                    throw duplicate(row);
                }
            }
        }
        pushInserts(rows);
        return rows.size();
    }

    /**
     * Pushes a connector's rows in order: runs of inserts, and runs of deletes by primary key (the
     * materialize operator, in OVERWRITE mode, turns an insert of a stored key into an update and a
     * delete into the stored row's deletion, and drops a delete of a missing key).
     */
    private void pushConnectorRows(List<Object[]> rows) {
        int from = 0;
        while (from < rows.size()) {
            boolean delete = !hiddenRowId && connector.isDelete(rows.get(from));
            int to = from + 1;
            while (to < rows.size() && (!hiddenRowId && connector.isDelete(rows.get(to))) == delete) {
                to++;
            }
            if (delete) {
                List<Object[]> keys = new ArrayList<>(to - from);
                for (Object[] row : rows.subList(from, to)) {
                    keys.add(java.util.Arrays.copyOf(row, types.size()));
                }
                root.chunk(0, chunkOf(Op.DELETE, keys));
            } else {
                pushInserts(from == 0 && to == rows.size() ? rows : rows.subList(from, to));
            }
            from = to;
        }
    }

    private void pushInserts(List<Object[]> rows) {
        List<Object[]> full = new ArrayList<>(Math.min(rows.size(), CHUNK_ROWS));
        for (Object[] row : rows) {
            full.add(withRowId(row));
            if (full.size() == CHUNK_ROWS) {
                root.chunk(0, chunkOf(Op.INSERT, full));
                full.clear();
            }
        }
        if (!full.isEmpty()) {
            root.chunk(0, chunkOf(Op.INSERT, full));
        }
    }

    /** {@code inserts} with a last BIGINT column of row ids numbered from {@code first}. */
    static Chunk withRowIds(Chunk inserts, long first) {
        int n = inserts.rowCount();
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = first + i;
        }
        List<Column> columns = new ArrayList<>(inserts.columns());
        columns.add(new io.freshet.common.LongColumn(DataType.BIGINT, ids, null, n));
        return new Chunk(columns, n);
    }

    private Object[] withRowId(Object[] row) {
        if (!hiddenRowId) {
            return row;
        }
        Object[] full = java.util.Arrays.copyOf(row, types.size());
        full[types.size() - 1] = nextRowId++;
        return full;
    }

    private StreamChunk chunkOf(Op op, List<Object[]> rows) {
        byte[] ops = new byte[rows.size()];
        java.util.Arrays.fill(ops, op.code());
        return new StreamChunk(ops, Chunk.ofRows(types, rows));
    }

    /**
     * Deletes the rows for which {@code predicate} (over the stored row, hidden columns included) is
     * TRUE; {@code null} deletes all. Returns the count.
     */
    public int delete(Expression predicate) {
        return delete(predicate, null);
    }

    /** As {@link #delete(Expression)}, reading only the row with {@code primaryKey} when it is not null. */
    public int delete(Expression predicate, Object[] primaryKey) {
        List<Object[]> matches = matching(predicate, primaryKey);
        for (int from = 0; from < matches.size(); from += CHUNK_ROWS) {
            root.chunk(0, chunkOf(Op.DELETE, matches.subList(from, Math.min(matches.size(), from + CHUNK_ROWS))));
        }
        return matches.size();
    }

    /**
     * Replaces each row matching {@code predicate} with the values of {@code assignments} (one
     * expression per visible column, over the stored row). Returns the count.
     */
    public int update(Expression predicate, List<Expression> assignments) {
        return update(predicate, assignments, null);
    }

    /** As {@link #update(Expression, List)}, reading only the row with {@code primaryKey} when it is not null. */
    public int update(Expression predicate, List<Expression> assignments, Object[] primaryKey) {
        List<Object[]> matches = matching(predicate, primaryKey);
        if (matches.isEmpty()) {
            return 0;
        }
        List<Object[]> updated = new ArrayList<>(matches.size());
        Chunk before = Chunk.ofRows(types, matches);
        List<Column> values = new ArrayList<>();
        for (Expression assignment : assignments) {
            values.add(assignment.evaluate(before));
        }
        Set<ByteBuffer> oldKeys = new HashSet<>();
        Set<ByteBuffer> newKeys = new HashSet<>();
        for (int i = 0; i < matches.size(); i++) {
            Object[] row = java.util.Arrays.copyOf(matches.get(i), types.size());
            for (int c = 0; c < values.size(); c++) {
                row[c] = values.get(c).get(i);
            }
            checkNotNull(row);
            updated.add(row);
            oldKeys.add(ByteBuffer.wrap(keyOf(matches.get(i))));
        }
        for (Object[] row : updated) {
            ByteBuffer key = ByteBuffer.wrap(keyOf(row));
            if (!newKeys.add(key) || (!oldKeys.contains(key) && root.table().getRaw(key.array()) != null)) {
                throw duplicate(row);
            }
        }
        List<Op> ops = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < matches.size(); i++) {
            boolean sameKey = java.util.Arrays.equals(keyOf(matches.get(i)), keyOf(updated.get(i)));
            ops.add(sameKey ? Op.UPDATE_BEFORE : Op.DELETE);
            rows.add(matches.get(i));
            ops.add(sameKey ? Op.UPDATE_AFTER : Op.INSERT);
            rows.add(updated.get(i));
            if (rows.size() >= CHUNK_ROWS) {
                root.chunk(0, StreamChunk.ofRows(types, ops, rows));
                ops.clear();
                rows.clear();
            }
        }
        if (!rows.isEmpty()) {
            root.chunk(0, StreamChunk.ofRows(types, ops, rows));
        }
        return matches.size();
    }

    private List<Object[]> matching(Expression predicate, Object[] key) {
        List<Object[]> matches = new ArrayList<>();
        if (key != null) {
            Object[] row = java.util.Arrays.asList(key).contains(null) ? null : root.table().get(key);
            if (row != null) {
                select(List.<Object[]>of(row), predicate, matches);
            }
            return matches;
        }
        List<Object[]> batch = new ArrayList<>(CHUNK_ROWS);
        try (StateTable.Scan scan = root.table().scan()) {
            while (scan.hasNext()) {
                batch.add(scan.next());
                if (batch.size() == CHUNK_ROWS || !scan.hasNext()) {
                    select(batch, predicate, matches);
                    batch.clear();
                }
            }
        }
        return matches;
    }

    private void select(List<Object[]> rows, Expression predicate, List<Object[]> matches) {
        if (predicate == null) {
            matches.addAll(rows);
            return;
        }
        BooleanColumn test = (BooleanColumn) predicate.evaluate(Chunk.ofRows(types, rows));
        for (int i = 0; i < rows.size(); i++) {
            if (test.isTrue(i)) {
                matches.add(rows.get(i));
            }
        }
    }

    private byte[] keyOf(Object[] row) {
        Object[] key = new Object[keyColumns.length];
        for (int k = 0; k < keyColumns.length; k++) {
            key[k] = row[keyColumns[k]];
        }
        return root.table().encodeKey(key);
    }

    private void checkNotNull(Object[] row) {
        // Rows from INSERT hold the visible columns only; the hidden row id is filled in later.
        for (int c = 0; c < Math.min(notNull.length, row.length); c++) {
            if (notNull[c] && row[c] == null) {
                throw new FreshetException(SqlState.NOT_NULL_VIOLATION, "null value in column \"" + columnNames.get(c)
                        + "\" of relation \"" + name + "\" violates not-null constraint");
            }
        }
    }

    private FreshetException duplicate(Object[] row) {
        StringBuilder columns = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int k = 0; k < keyColumns.length; k++) {
            if (k > 0) {
                columns.append(", ");
                values.append(", ");
            }
            columns.append(columnNames.get(keyColumns[k]));
            values.append(io.freshet.common.TextFormat.format(types.get(keyColumns[k]), row[keyColumns[k]]));
        }
        return new FreshetException(SqlState.UNIQUE_VIOLATION,
                "duplicate key value violates unique constraint \"" + name + "_pkey\"", 0, null,
                "Key (" + columns + ")=(" + values + ") already exists.", null);
    }
}
