package io.freshet.server.kafka;

import static io.freshet.server.kafka.KafkaTests.awaitFlushed;
import static io.freshet.server.kafka.KafkaTests.count;
import static io.freshet.server.kafka.KafkaTests.sorted;
import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.executor.connector.KafkaConnector;
import io.freshet.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second increment of the Kafka sources against a real in-process broker: the monitoring
 * system tables ({@code freshet_source_errors}, {@code freshet_source_progress}), partitions added
 * to a topic while it is read, and {@code FORMAT UPSERT ENCODE JSON}.
 */
class KafkaSourceTest {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dataDir;

    private static String with(String topic, String mode, String format) {
        return " WITH (connector = 'kafka', topic = '" + topic + "', properties.bootstrap.server = '" + BROKER.bootstrap()
                + "', scan.startup.mode = '" + mode + "') FORMAT " + format + " ENCODE JSON";
    }

    private static List<String> sortedOrEmpty(Connection c, String sql) {
        try {
            return sorted(c, sql);
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }

    private static void assertError(Connection c, String state, String fragment, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> execute(c, sql), sql);
        assertEquals(state, e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void systemTablesShowBadRecordsAndProgress() throws Exception {
        BROKER.createTopic("mon", 2);
        // Partition 0: offsets 0..11, bad at 3 and 8; partition 1: offsets 0..5, bad at 5.
        String binary = "not json \\ " + "\u00e9";
        List<String> p0 = new ArrayList<>();
        List<String> p1 = new ArrayList<>();
        long bytes0 = 0;
        long bytes1 = 0;
        for (int i = 0; i < 12; i++) {
            String value = i == 3 ? "{\"a\": " : i == 8 ? binary : "{\"a\": " + i + "}";
            p0.add(value);
            bytes0 += value.getBytes(StandardCharsets.UTF_8).length;
        }
        for (int i = 0; i < 6; i++) {
            String value = i == 5 ? "{\"a\": \"one\"}" : "{\"a\": " + (100 + i) + "}";
            p1.add(value);
            bytes1 += value.getBytes(StandardCharsets.UTF_8).length;
        }
        long before = System.currentTimeMillis();
        BROKER.produce("mon", 0, p0);
        BROKER.produce("mon", 1, p1);
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE mon (a INT)" + with("mon", "earliest", "PLAIN"));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM mon") == 15
                    && count(c, "SELECT COUNT(*) FROM freshet_source_errors") == 3
                    && count(c, "SELECT COUNT(*) FROM freshet_source_progress WHERE high_watermark IS NOT NULL") == 2,
                    "15 rows, 3 bad records and the high watermarks");
            execute(c, "FLUSH");
            long after = System.currentTimeMillis();
            assertEquals(List.of("mon|0|3|{\"a\": ", "mon|0|8|not json \\\\ \\xc3\\xa9", "mon|1|5|{\"a\": \"one\"}"),
                    rows(c, "SELECT table_name, kafka_partition, kafka_offset, payload FROM freshet_source_errors"
                            + " ORDER BY kafka_partition, kafka_offset"));
            List<String> errors = rows(c, "SELECT error FROM freshet_source_errors ORDER BY kafka_partition, kafka_offset");
            assertTrue(errors.get(0).startsWith("malformed JSON"), errors.get(0));
            assertTrue(errors.get(1).startsWith("malformed JSON"), errors.get(1));
            assertTrue(errors.get(2).contains("column \"a\""), errors.get(2));
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT error_time FROM freshet_source_errors")) {
                int n = 0;
                while (r.next()) {
                    long at = r.getTimestamp(1).getTime();
                    assertTrue(at >= before - 1 && at <= after + 1, at + " not in [" + before + ", " + after + "]");
                    n++;
                }
                assertEquals(3, n);
            }
            // Aggregations and filters over system tables work ad hoc.
            assertEquals(List.of("mon|3"), rows(c, "SELECT table_name, COUNT(*) FROM freshet_source_errors GROUP BY table_name"));
            assertEquals(List.of(
                    "mon|mon|0|12|12|12|0|12|" + bytes0 + "|2",
                    "mon|mon|1|6|6|6|0|6|" + bytes1 + "|1"),
                    rows(c, "SELECT table_name, topic, kafka_partition, committed_offset, next_offset, high_watermark, offset_lag,"
                            + " records_read, bytes_read, bad_records FROM freshet_source_progress ORDER BY kafka_partition"));
            assertEquals(List.of("2"), rows(c, "SELECT COUNT(*) FROM freshet_source_progress WHERE records_per_second >= 0"));
            // More records: the lag closes again and the counters grow.
            BROKER.produce("mon", 1, List.of("{\"a\": 7}", "[]"));
            awaitFlushed(c, () -> sortedOrEmpty(c, "SELECT next_offset, high_watermark, records_read, bad_records"
                    + " FROM freshet_source_progress WHERE kafka_partition = 1").equals(List.of("8|8|8|2")), "partition 1 at 8");
            assertEquals(List.of("mon|1|7|[]"), rows(c, "SELECT table_name, kafka_partition, kafka_offset, payload"
                    + " FROM freshet_source_errors WHERE kafka_offset = 7"));
            // Views over them are refused; a table of the same name hides them.
            assertError(c, "0A000", "freshet_source_errors", "CREATE MATERIALIZED VIEW v AS SELECT * FROM freshet_source_errors");
            assertError(c, "0A000", "freshet_source_progress",
                    "CREATE MATERIALIZED VIEW v AS SELECT table_name, SUM(offset_lag) FROM freshet_source_progress GROUP BY table_name");
            // A dropped table's rows disappear.
            execute(c, "DROP TABLE mon");
            assertEquals(List.of("0"), rows(c, "SELECT COUNT(*) FROM freshet_source_errors"));
            assertEquals(List.of("0"), rows(c, "SELECT COUNT(*) FROM freshet_source_progress"));
        }
        // Counters are in memory: after a restart a re-created table starts afresh (see README).
    }

    @Test
    void partitionsAddedLaterAreRead() throws Exception {
        BROKER.createTopic("grow", 1);
        BROKER.produce("grow", 0, List.of("{\"n\": -1}", "{\"n\": -2}"));
        String view = "SELECT n % 3 AS r, COUNT(*) AS c, SUM(n) AS s FROM grow GROUP BY n % 3";
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            // 'latest': the two records above are skipped; partitions added later are read from their start.
            execute(c, "CREATE TABLE grow (n INT)" + with("grow", "latest", "PLAIN"));
            execute(c, "CREATE MATERIALIZED VIEW grow_v AS " + view);
            BROKER.produce("grow", 0, List.of("{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}"));
            BROKER.addPartitions("grow", 3);
            BROKER.produce("grow", 1, List.of("{\"n\": 4}", "{\"n\": 5}", "{\"n\": 6}", "{\"n\": 7}"));
            BROKER.produce("grow", 2, List.of("{\"n\": 8}", "{\"n\": 9}", "{\"n\": 10}", "{\"n\": 11}", "{\"n\": 12}"));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM grow") >= 12, "12 rows");
            Thread.sleep(300);
            execute(c, "FLUSH");
            assertEquals(List.of("12|78|12"), rows(c, "SELECT COUNT(*), SUM(n), COUNT(DISTINCT n) FROM grow"));
            assertEquals(sorted(c, view), sorted(c, "SELECT * FROM grow_v"));
            assertEquals(List.of("0|5", "1|4", "2|5"), rows(c, "SELECT kafka_partition, next_offset FROM freshet_source_progress"
                    + " ORDER BY kafka_partition"));
        }
        // Grown again while the server is down: the new partition is read from its start at restart.
        BROKER.addPartitions("grow", 4);
        BROKER.produce("grow", 3, List.of("{\"n\": 13}"));
        BROKER.produce("grow", 2, List.of("{\"n\": 14}"));
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM grow") >= 14, "14 rows");
            Thread.sleep(300);
            execute(c, "FLUSH");
            assertEquals(List.of("14|105|14"), rows(c, "SELECT COUNT(*), SUM(n), COUNT(DISTINCT n) FROM grow"));
            assertEquals(sorted(c, view), sorted(c, "SELECT * FROM grow_v"));
        }
    }

    @Test
    void upsertInsertsReplacesAndDeletesByKey() throws Exception {
        BROKER.createTopic("kv", 2);
        String view = "SELECT name, COUNT(*) AS n, SUM(score) AS total FROM kv GROUP BY name";
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE kv (id INT PRIMARY KEY, name VARCHAR, score INT)" + with("kv", "earliest", "UPSERT"));
            execute(c, "CREATE MATERIALIZED VIEW kv_v AS " + view);
            BROKER.produceKeyed("kv", 0,
                    "{\"id\": 1}", "{\"name\": \"a\", \"score\": 10}",
                    "2", "{\"id\": 99, \"name\": \"b\", \"score\": 5}",     // bare key; the key wins over the value's id
                    "{\"ID\": 4}", "{\"name\": \"a\", \"score\": null}",
                    "{\"id\": 1}", "{\"name\": \"c\", \"score\": 7}",       // replaces id 1
                    "{\"id\": 42}", null,                                   // tombstone of a missing key: nothing
                    null, "{\"id\": 5, \"name\": \"x\", \"score\": 1}",      // bad: no key
                    "{\"other\": 6}", "{\"name\": \"x\", \"score\": 1}",     // bad: the key has no id
                    "\"six\"", "{\"name\": \"x\", \"score\": 1}");            // bad: not an integer
            BROKER.produceKeyed("kv", 1, "{\"id\": 3}", "{\"name\": \"b\", \"score\": 1}",
                    "{\"id\": 3}", null);                                   // tombstone: deletes id 3
            KafkaConnector connector = (KafkaConnector) server.database().connector("kv");
            awaitFlushed(c, () -> connector.badRecords() == 3
                    && sortedOrEmpty(c, "SELECT next_offset FROM freshet_source_progress").equals(List.of("2", "8")), "all records");
            // Read after the FLUSH above was taken: one more commits them.
            execute(c, "FLUSH");
            assertEquals(List.of("1|c|7", "2|b|5", "4|a|NULL"), sorted(c, "SELECT * FROM kv"));
            assertEquals(List.of("a|1|NULL", "b|1|5", "c|1|7"), sorted(c, "SELECT * FROM kv_v"));
            assertEquals(sorted(c, view), sorted(c, "SELECT * FROM kv_v"));
            assertEquals(List.of("5", "6", "7"), rows(c, "SELECT kafka_offset FROM freshet_source_errors ORDER BY kafka_offset"));
            BROKER.produceKeyed("kv", 0, "{\"id\": 2}", null, "{\"id\": 5}", "{\"name\": \"c\", \"score\": 3}");
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM kv WHERE id = 5") == 1, "id 5");
            assertEquals(List.of("1|c|7", "4|a|NULL", "5|c|3"), sorted(c, "SELECT * FROM kv"));
            assertEquals(List.of("a|1|NULL", "c|2|10"), sorted(c, "SELECT * FROM kv_v"));
            server.restart();
            try (Connection again = server.connect()) {
                // Records after the restart: the saved offsets hold, and keys stored before it are replaced and deleted.
                BROKER.produceKeyed("kv", 1, "{\"id\": 4}", null, "{\"id\": 1}", "{\"name\": \"b\", \"score\": 2}",
                        "{\"id\": 6}", "{\"name\": \"b\", \"score\": 4}");
                awaitFlushed(again, () -> count(again, "SELECT COUNT(*) FROM kv WHERE id = 6") == 1, "id 6");
                assertEquals(List.of("1|b|2", "5|c|3", "6|b|4"), sorted(again, "SELECT * FROM kv"));
                assertEquals(List.of("b|2|6", "c|1|3"), sorted(again, "SELECT * FROM kv_v"));
                assertEquals(sorted(again, view), sorted(again, "SELECT * FROM kv_v"));
            }
        }
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record(String topic, int partition,
            long timestamp, String key, String value, String... headers) {
        org.apache.kafka.common.header.internals.RecordHeaders recordHeaders = new org.apache.kafka.common.header.internals.RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            recordHeaders.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new org.apache.kafka.clients.producer.ProducerRecord<>(topic, partition, timestamp,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), recordHeaders);
    }

    @Test
    void includeMetadataColumns() throws Exception {
        BROKER.createTopic("meta", 2);
        BROKER.send(record("meta", 0, 1_700_000_000_000L, "a", "{\"v\": 1}", "trace", "t1", "other", "o"));
        BROKER.send(record("meta", 0, 1_700_000_001_500L, null, "{\"v\": 2, \"k\": \"ignored\", \"p\": 99}"));
        BROKER.send(record("meta", 1, 1_700_000_002_000L, "{\"id\": 3}", "{\"v\": 3}", "trace", "x", "trace", "y"));
        String view = "SELECT p, COUNT(*) AS n, MAX(o) AS last, COUNT(h) AS traced FROM meta GROUP BY p";
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            String kafka = with("meta", "earliest", "PLAIN");
            assertError(c, "42601", "'colour'", "CREATE TABLE t (v INT) INCLUDE colour" + kafka);
            assertError(c, "42601", "header's name", "CREATE TABLE t (v INT) INCLUDE header" + kafka);
            assertError(c, "42601", "only INCLUDE header", "CREATE TABLE t (v INT) INCLUDE key 'x'" + kafka);
            assertError(c, "42710", "\"v\"", "CREATE TABLE t (v INT) INCLUDE key AS v" + kafka);
            assertError(c, "0A000", "INCLUDE", "CREATE TABLE t (v INT) INCLUDE key AS k");
            assertError(c, "42601", "'include.k'", "CREATE TABLE t (v INT) WITH (connector = 'kafka', topic = 'meta', "
                    + "properties.bootstrap.server = '" + BROKER.bootstrap() + "', include.k = 'key') FORMAT PLAIN ENCODE JSON");
            execute(c, "CREATE TABLE meta (v INT) INCLUDE key AS k INCLUDE partition AS p INCLUDE offset AS o"
                    + " INCLUDE timestamp AS ts INCLUDE header 'trace' AS h INCLUDE header 'other'" + kafka);
            execute(c, "CREATE MATERIALIZED VIEW meta_v AS " + view);
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM meta") == 3, "3 rows");
            assertEquals(List.of(
                    "1|a|0|0|2023-11-14 22:13:20+00|t1|o",
                    "2|NULL|0|1|2023-11-14 22:13:21.5+00|NULL|NULL",
                    "3|{\"id\": 3}|1|0|2023-11-14 22:13:22+00|y|NULL"),
                    sorted(c, "SELECT v, k, p, o, ts, h, kafka_header_other FROM meta"));
            assertEquals(List.of("0|2|1|1", "1|1|0|1"), sorted(c, "SELECT * FROM meta_v"));
            assertEquals(sorted(c, view), sorted(c, "SELECT * FROM meta_v"));
            server.restart();
            try (Connection again = server.connect()) {
                BROKER.send(record("meta", 1, 1_700_000_003_000L, "b", "{\"v\": 4}", "trace", "z"));
                awaitFlushed(again, () -> count(again, "SELECT COUNT(*) FROM meta") == 4, "4 rows");
                assertEquals(List.of("4|b|1|1|2023-11-14 22:13:23+00|z"),
                        rows(again, "SELECT v, k, p, o, ts, h FROM meta WHERE v = 4"));
                assertEquals(List.of("0|2|1|1", "1|2|1|2"), sorted(again, "SELECT * FROM meta_v"));
                assertEquals(sorted(again, view), sorted(again, "SELECT * FROM meta_v"));
            }
        }
    }

    @Test
    void upsertWithACompositeKey() throws Exception {
        BROKER.createTopic("kv2", 1);
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            assertError(c, "42P16", "PRIMARY KEY", "CREATE TABLE t (a INT)" + with("kv2", "earliest", "UPSERT"));
            assertError(c, "42601", "'format'", "CREATE TABLE t (a INT PRIMARY KEY) WITH (connector = 'kafka', topic = 'kv2',"
                    + " properties.bootstrap.server = '" + BROKER.bootstrap() + "', format = 'upsert') FORMAT PLAIN ENCODE JSON");
            execute(c, "CREATE TABLE kv2 (a INT, b VARCHAR, v INT, PRIMARY KEY (a, b))" + with("kv2", "earliest", "UPSERT"));
            BROKER.produceKeyed("kv2", 0,
                    "{\"a\": 1, \"b\": \"x\"}", "{\"v\": 1}",
                    "{\"a\": 1, \"b\": \"y\"}", "{\"v\": 2}",
                    "{\"b\": \"x\", \"a\": 1}", "{\"v\": 3}",
                    "1", "{\"v\": 4}",                                     // bad: a bare key for two key columns
                    "{\"a\": 1, \"b\": \"y\"}", null);
            KafkaConnector connector = (KafkaConnector) server.database().connector("kv2");
            awaitFlushed(c, () -> connector.badRecords() == 1
                    && sortedOrEmpty(c, "SELECT next_offset FROM freshet_source_progress").equals(List.of("5")), "all records");
            execute(c, "FLUSH");
            assertEquals(List.of("1|x|3"), sorted(c, "SELECT * FROM kv2"));
        }
    }
}
