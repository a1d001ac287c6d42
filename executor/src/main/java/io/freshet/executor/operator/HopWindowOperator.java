package io.freshet.executor.operator;

import io.freshet.common.Column;
import io.freshet.common.ColumnBuilder;
import io.freshet.common.DataType;
import io.freshet.common.LongColumn;
import io.freshet.common.Op;
import io.freshet.common.StreamChunk;
import io.freshet.executor.stream.AbstractOperator;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.storage.kv.KvStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Assigns rows to time windows (TUMBLE, HOP) by a timestamp column, appending window_start and
 * window_end. Windows are aligned to the epoch: a window of {@code size} starts every
 * {@code slide} microseconds, so a row belongs to {@code ceil(size / slide)} windows (one for
 * TUMBLE, where slide = size) and is emitted once per window with the same op. Stateless: a
 * retraction recomputes the same windows. A row whose timestamp is NULL belongs to no HOP window;
 * under TUMBLE (a projection) it keeps its row with NULL window bounds.
 */
public final class HopWindowOperator extends AbstractOperator {
    private final Factory factory;

    HopWindowOperator(Factory factory, Emitter output) {
        super(output, 1);
        this.factory = factory;
    }

    @Override
    protected void process(int input, StreamChunk chunk) {
        if (factory.tumble()) {
            tumble(chunk);
            return;
        }
        int width = chunk.columnCount();
        int perRow = (int) ((factory.size + factory.slide - 1) / factory.slide);
        int capacity = chunk.visibleCount() * perRow;
        int[] positions = new int[capacity];
        ColumnBuilder starts = ColumnBuilder.create(factory.timeType, capacity);
        ColumnBuilder ends = ColumnBuilder.create(factory.timeType, capacity);
        byte[] ops = new byte[capacity];
        int count = 0;
        Column time = chunk.column(factory.timeColumn);
        for (int i = 0; i < chunk.rowCount(); i++) {
            if (!chunk.isVisible(i) || time.isNull(i)) {
                continue;
            }
            long ts = ((LongColumn) time).getLong(i);
            long last = ts - Math.floorMod(ts - factory.offset, factory.slide);
            // Old and new row of an update may fall into different windows: emit them as delete and insert.
            byte op = chunk.op(i).isInsert() ? Op.INSERT.code() : Op.DELETE.code();
            for (long start = last - (perRow - 1) * factory.slide; start <= last; start += factory.slide) {
                if (start + factory.size <= ts) {
                    continue;
                }
                positions[count] = i;
                ops[count] = op;
                starts.appendLong(start);
                ends.appendLong(start + factory.size);
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        List<Column> columns = new ArrayList<>(width + 2);
        for (Column column : chunk.columns()) {
            columns.add(column.select(positions, count));
        }
        columns.add(starts.build());
        columns.add(ends.build());
        output.chunk(new StreamChunk(java.util.Arrays.copyOf(ops, count), columns, count));
    }

    private void tumble(StreamChunk chunk) {
        int n = chunk.rowCount();
        ColumnBuilder starts = ColumnBuilder.create(factory.timeType, n);
        ColumnBuilder ends = ColumnBuilder.create(factory.timeType, n);
        Column time = chunk.column(factory.timeColumn);
        for (int i = 0; i < n; i++) {
            if (time.isNull(i)) {
                starts.appendNull();
                ends.appendNull();
                continue;
            }
            long ts = ((LongColumn) time).getLong(i);
            long start = ts - Math.floorMod(ts - factory.offset, factory.size);
            starts.appendLong(start);
            ends.appendLong(start + factory.size);
        }
        List<Column> columns = new ArrayList<>(chunk.columns());
        columns.add(starts.build());
        columns.add(ends.build());
        output.chunk(chunk.withColumns(columns));
    }

    /** Plan-time description; {@code slide}, {@code size} and {@code offset} are in microseconds. */
    public record Factory(int timeColumn, DataType timeType, long slide, long size, long offset) implements OperatorFactory {
        public Factory {
            if (slide <= 0 || size <= 0) {
                throw new IllegalArgumentException("window sizes must be positive");
            }
        }

        public boolean tumble() {
            return slide == size;
        }

        @Override
        public HopWindowOperator create(KvStore store, Emitter output) {
            return new HopWindowOperator(this, output);
        }

        @Override
        public String explain() {
            return tumble() ? "StreamTumble { time: $" + timeColumn + ", size: " + size + "us }"
                    : "StreamHop { time: $" + timeColumn + ", slide: " + slide + "us, size: " + size + "us }";
        }
    }
}
