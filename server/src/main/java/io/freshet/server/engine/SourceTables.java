package io.freshet.server.engine;

import io.freshet.common.DataType;
import io.freshet.executor.connector.KafkaConnector;
import io.freshet.planner.catalog.Catalog;
import io.freshet.planner.catalog.ColumnDef;
import io.freshet.planner.catalog.Relation;
import io.freshet.planner.catalog.SystemTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitoring system tables of the Kafka sources, read ad hoc with SELECT (a view over them is
 * refused with 0A000). Their rows live in memory and start empty at every server start.
 *
 * <ul>
 *   <li>{@code freshet_source_errors}: the last {@value KafkaConnector#ERRORS_KEPT} bad records of
 *       each kafka table, and of each view's read of a kafka source: {@code table_name} (the table
 *       or source), {@code kafka_partition, kafka_offset, error, payload} (the
 *       first {@value KafkaConnector#PAYLOAD_SAMPLE} bytes of the value, printable ASCII as is, other
 *       bytes as {@code \xNN}, a backslash doubled), {@code error_time}, {@code view_name} (the view
 *       reading a source; NULL for a table).</li>
 *   <li>{@code freshet_source_progress}: one row per kafka table (or view's read of a source) and
 *       partition: {@code table_name,
 *       topic, kafka_partition, committed_offset} (saved with the last epoch checkpoint),
 *       {@code next_offset} (after the last record read into the table), {@code high_watermark}
 *       (the partition's end offset, refreshed every 2 s; NULL until known), {@code offset_lag}
 *       (high_watermark - next_offset), {@code records_read, bytes_read, bad_records} (since the
 *       server started; bad_records counts every bad record, not only the ones kept),
 *       {@code records_per_second} (over the last second), {@code view_name}.</li>
 * </ul>
 */
final class SourceTables {
    static final String ERRORS = "freshet_source_errors";
    static final String PROGRESS = "freshet_source_progress";

    private final Catalog catalog;
    private final Map<String, KafkaConnector> connectors = new ConcurrentHashMap<>();

    SourceTables(Catalog catalog) {
        this.catalog = catalog;
        catalog.addSystemTable(new SystemTable(ERRORS, List.of(
                column("table_name", DataType.VARCHAR), column("kafka_partition", DataType.INTEGER),
                column("kafka_offset", DataType.BIGINT), column("error", DataType.VARCHAR),
                column("payload", DataType.VARCHAR), column("error_time", DataType.TIMESTAMPTZ),
                column("view_name", DataType.VARCHAR)), this::errorRows));
        catalog.addSystemTable(new SystemTable(PROGRESS, List.of(
                column("table_name", DataType.VARCHAR), column("topic", DataType.VARCHAR),
                column("kafka_partition", DataType.INTEGER), column("committed_offset", DataType.BIGINT),
                column("next_offset", DataType.BIGINT), column("high_watermark", DataType.BIGINT),
                column("offset_lag", DataType.BIGINT), column("records_read", DataType.BIGINT),
                column("bytes_read", DataType.BIGINT), column("bad_records", DataType.BIGINT),
                column("records_per_second", DataType.DOUBLE), column("view_name", DataType.VARCHAR)), this::progressRows));
    }

    private static ColumnDef column(String name, DataType type) {
        return new ColumnDef(name, type, false, false);
    }

    /**
     * Records the connector now feeding {@code name}: a table, or a view's read of a source named
     * {@code <view>/<source>[#n]} (one re-created under the same name replaces it).
     */
    void register(String name, KafkaConnector connector) {
        connectors.put(name, connector);
    }

    /** A connector that exists now: its table or source, and the view reading a source. */
    private record Live(String relation, String view, KafkaConnector connector) {
    }

    /** The connectors of the kafka tables and source reads that exist now, by name. */
    private List<Live> live() {
        List<Live> live = new ArrayList<>();
        for (Map.Entry<String, KafkaConnector> entry : new TreeMap<>(connectors).entrySet()) {
            String name = entry.getKey();
            int slash = name.indexOf('/');
            String view = slash < 0 ? null : name.substring(0, slash);
            String relationName = slash < 0 ? name : name.substring(slash + 1).replaceFirst("#\\d+$", "");
            Relation relation = catalog.get(relationName);
            if (relation == null || !"kafka".equals(relation.options().get("connector"))
                    || (view != null && catalog.get(view) == null)) {
                continue;
            }
            live.add(new Live(relationName, view, entry.getValue()));
        }
        return live;
    }

    private List<Object[]> errorRows() {
        List<Object[]> rows = new ArrayList<>();
        for (Live live : live()) {
            for (KafkaConnector.SourceError error : live.connector().errors()) {
                rows.add(new Object[] {live.relation(), error.partition(), error.offset(), error.error(), error.payload(),
                        error.timeMicros(), live.view()});
            }
        }
        return rows;
    }

    private List<Object[]> progressRows() {
        List<Object[]> rows = new ArrayList<>();
        for (Live live : live()) {
            KafkaConnector connector = live.connector();
            for (KafkaConnector.Progress p : connector.progress()) {
                rows.add(new Object[] {live.relation(), connector.topic(), p.partition(), orNull(p.committedOffset()),
                        orNull(p.nextOffset()), orNull(p.highWatermark()), orNull(p.lag()), p.records(), p.bytes(),
                        p.badRecords(), p.recordsPerSecond(), live.view()});
            }
        }
        return rows;
    }

    private static Long orNull(long value) {
        return value < 0 ? null : value;
    }
}
