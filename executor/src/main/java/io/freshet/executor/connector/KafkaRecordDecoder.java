package io.freshet.executor.connector;

import io.freshet.common.DataType;
import io.freshet.executor.connector.avro.AvroRowDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns one Kafka record into a row of a table's or source's visible columns, by the FORMAT and
 * ENCODE of its options: {@code PLAIN} decodes the value ({@link JsonRowDecoder} or
 * {@link CsvRowDecoder}), {@code UPSERT} also takes the key columns from the record key (a null
 * value deletes), {@code DEBEZIUM} reads change events; {@code INCLUDE} columns are filled from the
 * record's metadata. A record that cannot be decoded becomes a {@link Decoded} with an error; only
 * a record that may decode later (a schema registry that does not answer) is an exception,
 * {@link RetryLaterException}. Not thread-safe: one per consumer thread.
 */
final class KafkaRecordDecoder {
    private final JsonRowDecoder json;
    /** The CSV decoder for {@code ENCODE CSV}, else null. */
    private final CsvRowDecoder csv;
    /** The Avro decoder for {@code ENCODE AVRO}, else null. */
    private final AvroRowDecoder avro;
    private final boolean debezium;
    /** The primary key columns for UPSERT and DEBEZIUM, else null. */
    private final int[] keyColumns;
    private final int width;
    /** Per column: the record metadata it is filled from ({@code include.*}), or null. */
    private final String[] includes;

    /**
     * A record's row, or null with the reason and a payload sample when it is bad, or null without
     * an error when it is ignored (a Debezium tombstone, a CSV header line); a row with an error
     * had a bad field set to NULL ({@code bad_field.mode = 'null'}). {@code deleteFirst}, when not
     * null, is a delete pushed before {@code row} (a Debezium primary key change). A row one slot
     * wider than the columns deletes the stored row with its key (only the key columns are set).
     * {@code bytes} is the size of the record's key and value.
     */
    record Decoded(int partition, long offset, Object[] row, String error, String payload, int bytes,
                   Object[] deleteFirst) {
        Decoded(int partition, long offset, Object[] row, String error, String payload, int bytes) {
            this(partition, offset, row, error, payload, bytes, null);
        }
    }

    KafkaRecordDecoder(KafkaOptions options, List<String> names, List<DataType> types, boolean[] notNull,
                       int[] keyColumns, String[] includes) {
        this.keyColumns = options.upsert() || options.debezium() ? keyColumns.clone() : null;
        this.debezium = options.debezium();
        this.width = names.size();
        this.includes = includes.clone();
        if (options.upsert()) {
            // Key columns come from the record key, so the value need not carry them.
            notNull = notNull.clone();
            for (int k : keyColumns) {
                notNull[k] = false;
            }
        }
        boolean[] skip = new boolean[width];
        for (int c = 0; c < width; c++) {
            skip[c] = includes[c] != null;
        }
        this.json = new JsonRowDecoder(names, types, notNull, skip).badFieldAsNull(options.badFieldNull());
        this.csv = options.csv() ? new CsvRowDecoder(names, types, notNull, skip, options.delimiter(), options.csvHeader())
                .badFieldAsNull(options.badFieldNull()) : null;
        this.avro = options.avro() != null
                ? AvroRowDecoder.forTable(names, types, notNull, skip, options.avro()).badFieldAsNull(options.badFieldNull()) : null;
    }

    /** Decodes one record; {@link RetryLaterException} when it cannot be decoded now but may be later. */
    Decoded decode(ConsumerRecord<byte[], byte[]> record) throws RetryLaterException {
        int bytes = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        try {
            Object[] row;
            Object[] deleteFirst = null;
            String fieldError = null;
            if (debezium) {
                if (record.value() == null) {
                    // The tombstone Debezium writes after a delete, for log compaction: nothing to do.
                    return new Decoded(record.partition(), record.offset(), null, null, null, bytes);
                }
                JsonRowDecoder.Change change = json.decodeDebezium(record.value(), keyColumns);
                fieldError = json.fieldError();
                if (change.deleteKey() != null) {
                    Object[] delete = new Object[width + 1];
                    for (int k = 0; k < keyColumns.length; k++) {
                        delete[keyColumns[k]] = change.deleteKey()[k];
                    }
                    if (change.insert() == null) {
                        row = delete;
                    } else {
                        deleteFirst = delete;
                        row = change.insert();
                    }
                } else {
                    row = change.insert();
                }
            } else if (keyColumns == null) {
                if (avro != null) {
                    row = avro.decode(record.value());
                    fieldError = avro.fieldError();
                } else if (csv != null) {
                    row = csv.decode(record.value());
                    if (row == null) {
                        return new Decoded(record.partition(), record.offset(), null, null, null, bytes);
                    }
                    fieldError = csv.fieldError();
                } else {
                    row = json.decode(record.value());
                    fieldError = json.fieldError();
                }
            } else {
                Object[] key = json.decodeKey(record.key(), keyColumns);
                if (record.value() == null) {
                    row = new Object[width + 1];
                } else {
                    row = json.decode(record.value());
                    fieldError = json.fieldError();
                }
                for (int k = 0; k < keyColumns.length; k++) {
                    row[keyColumns[k]] = key[k];
                }
            }
            if (row.length == width) {
                include(record, row);
            }
            return new Decoded(record.partition(), record.offset(), row, fieldError,
                    fieldError == null ? null : sample(record.value()), bytes, deleteFirst);
        } catch (JsonRowDecoder.BadRecordException e) {
            return new Decoded(record.partition(), record.offset(), null, e.getMessage(), sample(record.value()), bytes);
        }
    }

    /** Fills the {@code INCLUDE} columns of {@code row} from the record's metadata. */
    private void include(ConsumerRecord<byte[], byte[]> record, Object[] row) {
        for (int c = 0; c < width; c++) {
            String what = includes[c];
            if (what == null) {
                continue;
            }
            row[c] = switch (what) {
                case "key" -> record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                case "partition" -> record.partition();
                case "offset" -> record.offset();
                case "timestamp" -> record.timestamp() < 0 ? null : record.timestamp() * 1000L;
                default -> {
                    Header header = record.headers().lastHeader(what.substring("header:".length()));
                    yield header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
                }
            };
        }
    }

    /**
     * The first {@link KafkaConnector#PAYLOAD_SAMPLE} bytes of a value as text: printable ASCII as
     * is, a backslash as {@code \\}, any other byte as {@code \xNN}; null for no value.
     */
    static String sample(byte[] value) {
        if (value == null) {
            return null;
        }
        int n = Math.min(value.length, KafkaConnector.PAYLOAD_SAMPLE);
        StringBuilder text = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            int b = value[i] & 0xff;
            if (b == '\\') {
                text.append("\\\\");
            } else if (b >= 0x20 && b < 0x7f) {
                text.append((char) b);
            } else {
                text.append(String.format("\\x%02x", b));
            }
        }
        return text.toString();
    }
}
