package io.freshet.server.kafka;

import static io.freshet.server.kafka.KafkaTests.awaitFlushed;
import static io.freshet.server.kafka.KafkaTests.count;
import static io.freshet.server.kafka.KafkaTests.sorted;
import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka record formats against a real in-process broker: {@code FORMAT DEBEZIUM ENCODE JSON},
 * {@code FORMAT PLAIN ENCODE CSV}, the dead-letter topic and {@code bad_field.mode}.
 */
class KafkaFormatsTest {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dataDir;

    private String with(String topic, String extra) {
        return " WITH (connector = 'kafka', topic = '" + topic + "', properties.bootstrap.server = '" + BROKER.bootstrap()
                + "'" + extra + ")";
    }

    private static void assertError(Connection c, String state, String fragment, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> execute(c, sql), sql);
        assertEquals(state, e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static String event(String op, String before, String after) {
        return "{\"before\": " + before + ", \"after\": " + after + ", \"op\": \"" + op + "\", \"ts_ms\": 1}";
    }

    @Test
    void debeziumChangeEvents() throws Exception {
        BROKER.createTopic("dbz", 1);
        String view = "SELECT COUNT(*) AS n, SUM(qty) AS total, MAX(name) AS top FROM dbz";
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE dbz (id INT PRIMARY KEY, name VARCHAR, qty INT)" + with("dbz", "")
                    + " FORMAT DEBEZIUM ENCODE JSON");
            execute(c, "CREATE MATERIALIZED VIEW dbz_v AS " + view);
            BROKER.produceKeyed("dbz", 0,
                    "{\"id\": 1}", event("r", "null", "{\"id\": 1, \"name\": \"a\", \"qty\": 10}"),
                    // Wrapped with a schema, as the JSON converter writes with schemas enabled.
                    "{\"id\": 2}", "{\"schema\": {\"type\": \"struct\"}, \"payload\": "
                            + event("c", "null", "{\"id\": 2, \"name\": \"b\", \"qty\": 20}") + "}",
                    "{\"id\": 3}", event("c", "null", "{\"id\": 3, \"name\": \"c\", \"qty\": null}"),
                    "{\"id\": 1}", event("u", "{\"id\": 1, \"name\": \"a\", \"qty\": 10}", "{\"id\": 1, \"name\": \"a2\", \"qty\": 11}"),
                    // A primary key change: 2 becomes 4.
                    "{\"id\": 4}", event("u", "{\"id\": 2, \"name\": \"b\", \"qty\": 20}", "{\"id\": 4, \"name\": \"b\", \"qty\": 21}"),
                    "{\"id\": 3}", event("d", "{\"id\": 3, \"name\": \"c\", \"qty\": null}", "null"),
                    "{\"id\": 3}", null,
                    "{\"id\": 9}", event("x", "null", "{\"id\": 9}"),
                    "{\"id\": 9}", "{\"before\": null",
                    "{\"id\": 9}", event("d", "null", "null"));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM freshet_source_errors") == 3, "three bad records");
            // The rows of the records polled with the last bad one are committed by the next FLUSH.
            execute(c, "FLUSH");
            assertEquals(List.of("1|a2|11", "4|b|21"), sorted(c, "SELECT * FROM dbz"));
            assertEquals(List.of("2|32|b"), rows(c, "SELECT * FROM dbz_v"));
            assertEquals(rows(c, view), rows(c, "SELECT * FROM dbz_v"));
            List<String> errors = rows(c, "SELECT kafka_offset, error FROM freshet_source_errors ORDER BY kafka_offset");
            assertTrue(errors.get(0).startsWith("7|Debezium op \"x\" is not supported"), errors.get(0));
            assertTrue(errors.get(1).startsWith("8|malformed JSON"), errors.get(1));
            assertTrue(errors.get(2).startsWith("9|Debezium op \"d\" without a \"before\" object"), errors.get(2));
            assertEquals(List.of("0|10|10|3"), rows(c, "SELECT kafka_partition, next_offset, records_read, bad_records"
                    + " FROM freshet_source_progress"));
            server.restart();
            try (Connection again = server.connect()) {
                BROKER.produceKeyed("dbz", 0,
                        "{\"id\": 4}", event("d", "{\"id\": 4}", "null"),
                        "{\"id\": 5}", event("c", "null", "{\"id\": 5, \"name\": \"e\", \"qty\": 5}"),
                        "{\"id\": 1}", event("u", "null", "{\"id\": 1, \"name\": \"a3\", \"qty\": 12}"));
                awaitFlushed(again, () -> count(again, "SELECT COUNT(*) FROM dbz WHERE id = 5") == 1
                        && count(again, "SELECT COUNT(*) FROM dbz WHERE id = 4") == 0, "id 5 in, id 4 out");
                execute(again, "FLUSH");
                assertEquals(List.of("1|a3|12", "5|e|5"), sorted(again, "SELECT * FROM dbz"));
                assertEquals(List.of("2|17|e"), rows(again, "SELECT * FROM dbz_v"));
                assertEquals(rows(again, view), rows(again, "SELECT * FROM dbz_v"));
            }
        }
    }

    @Test
    void csvByPosition() throws Exception {
        BROKER.createTopic("csv", 1);
        BROKER.produce("csv", 0, List.of(
                "a;b;d",
                "1;x;2024-01-02",
                "2;\"q;\"\"uoted\"\"\";",
                "3;y",
                "z;w;2024-01-01",
                "4;;2024-03-04\n",
                "5;\"\";2024-03-05",
                "A;B;D"));
        String view = "SELECT COUNT(*) AS n, COUNT(b) AS nb, MAX(d) AS last FROM csv";
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE csv (a INT NOT NULL, b VARCHAR, d DATE)"
                    + with("csv", ", scan.startup.mode = 'earliest'")
                    + " FORMAT PLAIN ENCODE CSV (delimiter = ';', without_header = 'false')");
            execute(c, "CREATE MATERIALIZED VIEW csv_v AS " + view);
            // Without a header, the header line is a bad record (a is not an integer).
            execute(c, "CREATE TABLE csv2 (a INT, b VARCHAR, d DATE)" + with("csv", "")
                    + " FORMAT PLAIN ENCODE CSV (delimiter = ';')");
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM freshet_source_errors") == 6
                    && count(c, "SELECT COUNT(*) FROM csv2") == 4, "6 bad records");
            // The rows of the records polled with the last bad one are committed by the next FLUSH.
            execute(c, "FLUSH");
            assertEquals(List.of("1|x|2024-01-02", "2|q;\"uoted\"|NULL", "4|NULL|2024-03-04", "5||2024-03-05"),
                    sorted(c, "SELECT * FROM csv"));
            assertEquals(sorted(c, "SELECT * FROM csv"), sorted(c, "SELECT * FROM csv2"));
            assertEquals(List.of("4|3|2024-03-05"), rows(c, "SELECT * FROM csv_v"));
            assertEquals(rows(c, view), rows(c, "SELECT * FROM csv_v"));
            assertEquals(List.of("csv|3|CSV line has 2 fields, expected 3", "csv|4|column \"a\"",
                    "csv2|0|column \"a\"", "csv2|3|CSV line has 2 fields, expected 3", "csv2|4|column \"a\"", "csv2|7|column \"a\""),
                    rows(c, "SELECT table_name, kafka_offset, split_part(error, ':', 1) FROM freshet_source_errors"
                            + " ORDER BY table_name, kafka_offset"));
            assertError(c, "22023", "delimiter", "CREATE TABLE bad (a INT)" + with("csv", "")
                    + " FORMAT PLAIN ENCODE CSV (delimiter = ';;')");
            assertError(c, "22023", "without_header", "CREATE TABLE bad (a INT)" + with("csv", "")
                    + " FORMAT PLAIN ENCODE CSV (without_header = 'maybe')");
            assertError(c, "42601", "quote", "CREATE TABLE bad (a INT)" + with("csv", "")
                    + " FORMAT PLAIN ENCODE CSV (quote = '\"')");
            assertError(c, "0A000", "ENCODE CSV", "CREATE TABLE bad (a INT PRIMARY KEY)" + with("csv", "")
                    + " FORMAT UPSERT ENCODE CSV");
            assertError(c, "42P16", "PRIMARY KEY", "CREATE TABLE bad (a INT)" + with("csv", "")
                    + " FORMAT DEBEZIUM ENCODE JSON");
            assertError(c, "0A000", "PROTOBUF", "CREATE TABLE bad (a INT)" + with("csv", "") + " FORMAT PLAIN ENCODE PROTOBUF");
        }
    }

    /** The records of {@code topic} as "key|value|error|partition|offset", waiting for {@code n}. */
    private List<String> readAll(String topic, int n) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrap(),
                ConsumerConfig.CLIENT_ID_CONFIG, "test-read-" + topic);
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (out.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(text(r.key()) + "|" + text(r.value()) + "|" + header(r, "freshet.error") + "|"
                            + header(r, "freshet.source.partition") + "|" + header(r, "freshet.source.offset") + "|"
                            + header(r, "trace"));
                }
            }
            // Nothing more arrives.
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                out.add("extra " + text(r.value()));
            }
        }
        return out;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "-" : text(h.value());
    }

    @Test
    void deadLetterTopicAndBadFieldMode() throws Exception {
        BROKER.createTopic("in", 1);
        BROKER.createTopic("dlq", 1);
        BROKER.createTopic("dlq2", 1);
        BROKER.send(new org.apache.kafka.clients.producer.ProducerRecord<>("in", 0, "k1".getBytes(StandardCharsets.UTF_8),
                "{\"a\": 1, \"d\": \"nope\"}".getBytes(StandardCharsets.UTF_8),
                List.of(new org.apache.kafka.common.header.internals.RecordHeader("trace", "t1".getBytes(StandardCharsets.UTF_8)))));
        BROKER.produce("in", 0, List.of("{\"a\": 2, \"d\": \"2024-05-06\"}", "garbage", "{\"a\": \"x\", \"d\": \"2024-01-01\"}",
                "{\"a\": 5, \"d\": [1]}"));
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE nul (a INT, d DATE)" + with("in", ", dead_letter.topic = 'dlq', bad_field.mode = 'null'")
                    + " FORMAT PLAIN ENCODE JSON");
            execute(c, "CREATE TABLE skp (a INT NOT NULL, d DATE)" + with("in", ", dead_letter.topic = 'dlq2'")
                    + " FORMAT PLAIN ENCODE JSON");
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM freshet_source_errors") == 8, "8 bad records");
            // The rows of the records polled with the last bad one are committed by the next FLUSH.
            execute(c, "FLUSH");
            assertEquals(List.of("1|NULL", "2|2024-05-06", "5|NULL", "NULL|2024-01-01"), sorted(c, "SELECT * FROM nul"));
            assertEquals(List.of("2|2024-05-06"), sorted(c, "SELECT * FROM skp"));
            assertEquals(List.of("nul|4", "skp|4"), rows(c, "SELECT table_name, SUM(bad_records) FROM freshet_source_progress"
                    + " GROUP BY table_name ORDER BY table_name"));
            List<String> dead = readAll("dlq", 4);
            assertEquals(4, dead.size(), dead.toString());
            assertTrue(dead.get(0).startsWith("k1|{\"a\": 1, \"d\": \"nope\"}|column \"d\""), dead.get(0));
            assertTrue(dead.get(0).endsWith("(set to NULL)|0|0|t1"), dead.get(0));
            assertTrue(dead.get(1).startsWith("null|garbage|malformed JSON"), dead.get(1));
            assertTrue(dead.get(1).endsWith("|0|2|-"), dead.get(1));
            assertTrue(dead.get(2).endsWith("|0|3|-") && dead.get(2).contains("column \"a\""), dead.get(2));
            assertTrue(dead.get(3).endsWith("|0|4|-") && dead.get(3).contains("cannot take a JSON array"), dead.get(3));
            List<String> dead2 = readAll("dlq2", 4);
            assertEquals(4, dead2.size(), dead2.toString());
            assertTrue(dead2.get(0).endsWith("|0|0|t1") && !dead2.get(0).contains("set to NULL"), dead2.get(0));
            assertTrue(dead2.get(2).contains("|0|3|"), dead2.get(2));
            assertError(c, "22023", "dead-letter Kafka topic \"missing\"", "CREATE TABLE bad (a INT)"
                    + with("in", ", dead_letter.topic = 'missing'") + " FORMAT PLAIN ENCODE JSON");
            assertError(c, "22023", "bad_field.mode", "CREATE TABLE bad (a INT)"
                    + with("in", ", bad_field.mode = 'zero'") + " FORMAT PLAIN ENCODE JSON");
        }
    }
}
