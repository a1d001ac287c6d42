package io.freshet.executor.runtime;

import io.freshet.common.Chunk;
import io.freshet.common.DataType;
import io.freshet.common.StreamChunk;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One view's read of a source ({@code CREATE SOURCE}): nothing is stored for the source itself;
 * each view that reads it gets its own feed, with its own connector, that pushes the connector's
 * rows as inserts straight into the view's operator. The rows get a hidden last column
 * {@code _row_id} from a counter, and the connector's position and the counter are saved in the
 * same epoch batch as the view's state, so after a crash the view resumes exactly where its
 * committed state ends. All methods run on the dataflow thread.
 */
public final class SourceFeed implements Source {
    private static final int CHUNK_ROWS = 1024;

    private final String name;
    private final TableInput.Connector connector;
    private final StreamOperator target;
    private final int input;
    private final List<DataType> types;
    private final byte[] rowIdKey;
    private final byte[] positionKey;
    private long nextRowId;

    /**
     * {@code types} are the source's columns, the hidden row id last; the connector produces the
     * others. {@code name} keys the saved position and row-id counter.
     */
    public SourceFeed(String name, TableInput.Connector connector, StreamOperator target, int input, List<DataType> types,
                      long nextRowId) {
        this.name = name;
        this.connector = connector;
        this.target = target;
        this.input = input;
        this.types = List.copyOf(types);
        this.rowIdKey = rowIdKey(name);
        this.positionKey = positionKey(name);
        this.nextRowId = nextRowId;
    }

    static byte[] rowIdKey(String feed) {
        return StreamRuntime.metaKey("rowid/" + feed);
    }

    static byte[] positionKey(String feed) {
        return StreamRuntime.metaKey("position/" + feed);
    }

    public TableInput.Connector connector() {
        return connector;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void barrier(Barrier barrier) {
        target.barrier(input, barrier);
    }

    @Override
    public long poll(long nowNanos) {
        if (connector.columnar()) {
            Chunk inserts = connector.pollChunk(nowNanos);
            if (inserts == null) {
                return connector.nanosUntilDue(nowNanos);
            }
            int n = inserts.rowCount();
            if (n > 0) {
                Chunk rows = TableInput.withRowIds(inserts, nextRowId);
                nextRowId += n;
                target.chunk(input, new StreamChunk(new byte[n], rows));
            }
            return 0;
        }
        List<Object[]> rows = connector.poll(nowNanos, CHUNK_ROWS);
        if (rows.isEmpty()) {
            return connector.nanosUntilDue(nowNanos);
        }
        List<Object[]> full = new ArrayList<>(rows.size());
        int width = types.size();
        for (Object[] row : rows) {
            Object[] withId = java.util.Arrays.copyOf(row, width);
            withId[width - 1] = nextRowId++;
            full.add(withId);
        }
        target.chunk(input, new StreamChunk(new byte[full.size()], Chunk.ofRows(types, full)));
        return 0;
    }

    @Override
    public void checkpoint(WriteBatch batch) {
        batch.put(rowIdKey, Long.toString(nextRowId).getBytes(StandardCharsets.UTF_8));
        batch.put(positionKey, connector.position());
    }

    @Override
    public void close() {
        connector.close();
    }
}
