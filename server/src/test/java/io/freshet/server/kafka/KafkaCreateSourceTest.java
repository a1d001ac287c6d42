package io.freshet.server.kafka;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static io.freshet.server.kafka.KafkaTests.awaitFlushed;
import static io.freshet.server.kafka.KafkaTests.count;
import static io.freshet.server.kafka.KafkaTests.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CREATE SOURCE} against a real in-process broker: nothing is stored for the source; every
 * view that reads it consumes the topic itself, from its own offsets saved with its own state, so
 * views created at different times each see every record exactly once, across restarts. An ad-hoc
 * query reads the topic as it is at that moment.
 */
class KafkaCreateSourceTest {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dataDir;

    private static String with(String topic, String extra) {
        return " WITH (connector = 'kafka', topic = '" + topic + "', properties.bootstrap.server = '" + BROKER.bootstrap()
                + "'" + extra + ") FORMAT PLAIN ENCODE JSON";
    }

    /** Expected {@code p|count|sum} rows for the numbers 0 .. n-1 spread over {@code partitions}. */
    private static List<String> totals(int partitions, int n) {
        return java.util.stream.IntStream.range(0, partitions).mapToObj(p -> {
            long count = 0;
            long sum = 0;
            for (int x = p; x < n; x += partitions) {
                count++;
                sum += x;
            }
            return p + "|" + count + "|" + sum;
        }).sorted().toList();
    }

    @Test
    void viewsReadTheSourceEachWithTheirOwnOffsets() throws Exception {
        BROKER.createTopic("numbers", 3);
        String byP = "SELECT p, COUNT(*) AS n, SUM(x) AS s FROM numbers GROUP BY p";
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE SOURCE numbers (p INT, x BIGINT)" + with("numbers", ""));
            assertEquals(List.of("numbers"), rows(c, "SHOW SOURCES"));
            assertEquals(List.of(), rows(c, "SHOW TABLES"));
            BROKER.produceNumbers("numbers", 3, 0, 600);
            execute(c, "CREATE MATERIALIZED VIEW by_p AS " + byP);
            awaitFlushed(c, () -> count(c, "SELECT COALESCE(SUM(n), 0) FROM by_p") == 600, "600 numbers in by_p");
            assertEquals(totals(3, 600), sorted(c, "SELECT * FROM by_p"));
            // Not stored: an ad-hoc query reads the topic as it is now, through the same decoding.
            assertEquals(totals(3, 600), sorted(c, byP));
            assertEquals(600, count(c, "SELECT COUNT(*) FROM numbers"));
            assertEquals(List.of("3|599"), rows(c, "SELECT x % 4, MAX(x) FROM numbers WHERE x % 4 = 3 GROUP BY x % 4"));
            // A view created later reads the topic from the start on its own.
            execute(c, "CREATE MATERIALIZED VIEW big AS SELECT x FROM numbers WHERE x >= 590");
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM big") == 10, "10 big numbers");
            // A view joining the source with a table.
            execute(c, "CREATE TABLE names (p INT PRIMARY KEY, name VARCHAR)");
            execute(c, "INSERT INTO names VALUES (0, 'zero'), (1, 'one')");
            execute(c, "CREATE MATERIALIZED VIEW named AS SELECT name, COUNT(*) AS n FROM numbers JOIN names USING (p) GROUP BY name");
            awaitFlushed(c, () -> count(c, "SELECT COALESCE(SUM(n), 0) FROM named") == 400, "400 named numbers");
            assertEquals(List.of("one|200", "zero|200"), sorted(c, "SELECT * FROM named"));
            assertEquals(List.of("one|200", "zero|200"),
                    sorted(c, "SELECT name, COUNT(*) AS n FROM numbers JOIN names USING (p) GROUP BY name"));
            // Each view's read shows in freshet_source_progress, per partition.
            assertEquals(List.of("numbers|big|600", "numbers|by_p|600", "numbers|named|600"), sorted(c,
                    "SELECT table_name, view_name, SUM(records_read) FROM freshet_source_progress GROUP BY table_name, view_name"));
            BROKER.produceNumbers("numbers", 3, 600, 300);
            awaitFlushed(c, () -> count(c, "SELECT COALESCE(SUM(n), 0) FROM by_p") == 900 && count(c, "SELECT COUNT(*) FROM big") == 310,
                    "900 numbers");
            server.restart();
        }
        BROKER.produceNumbers("numbers", 3, 900, 300);
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            // After a restart each view resumes at its saved offsets: nothing lost, nothing twice.
            awaitFlushed(c, () -> count(c, "SELECT COALESCE(SUM(n), 0) FROM by_p") == 1200 && count(c, "SELECT COUNT(*) FROM big") == 610
                    && count(c, "SELECT COALESCE(SUM(n), 0) FROM named") == 800, "1200 numbers after the restart");
            Thread.sleep(300);
            execute(c, "FLUSH");
            assertEquals(totals(3, 1200), sorted(c, "SELECT * FROM by_p"));
            assertEquals(610, count(c, "SELECT COUNT(DISTINCT x) FROM big"));
            assertEquals(List.of("one|400", "zero|400"), sorted(c, "SELECT * FROM named"));
            // A source with dependents cannot be dropped; its views can, then the source.
            SQLException e = assertThrows(SQLException.class, () -> execute(c, "DROP SOURCE numbers"));
            assertEquals("2BP01", e.getSQLState());
            execute(c, "DROP MATERIALIZED VIEW by_p");
            execute(c, "DROP SOURCE numbers CASCADE");
            assertEquals(List.of(), rows(c, "SHOW SOURCES"));
            assertEquals(List.of(), rows(c, "SELECT * FROM freshet_source_progress"));
        }
    }

    @Test
    void tenPercentBadRecordsAreAllAccountedFor() throws Exception {
        BROKER.createTopic("mix10", 3);
        List<String> badKinds = List.of("{\"x\": ", "{\"x\": \"ten\"}", "{\"x\": 1.5}", "[1]", "{\"x\": 99999999999}",
                "{\"x\": 1, \"t\": \"noon\"}", "not json at all", "{\"x\": 1} {}", "{\"t\": \"2024-01-01\"}", "\u00ff\u00fe");
        // Per partition: 1,000 records, every tenth bad; the good ones carry distinct x.
        java.util.Set<String> badPositions = new java.util.TreeSet<>();
        long goodSum = 0;
        int good = 0;
        for (int p = 0; p < 3; p++) {
            List<String> values = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                if (i % 10 == 9) {
                    values.add(badKinds.get((i / 10) % badKinds.size()));
                    badPositions.add(p + "|" + i);
                } else {
                    int x = p * 1000 + i;
                    values.add("{\"x\": " + x + ", \"t\": \"2024-01-01 00:00:00\"}");
                    goodSum += x;
                    good++;
                }
            }
            BROKER.produce("mix10", p, values);
        }
        int goodCount = good;
        long expectedSum = goodSum;
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            // No primary key on the table: a record read twice would be a second row.
            execute(c, "CREATE TABLE mix_table (x INT NOT NULL, t TIMESTAMP)" + with("mix10", ", scan.parallelism = '2'"));
            execute(c, "CREATE SOURCE mix_source (x INT NOT NULL, t TIMESTAMP)" + with("mix10", ""));
            execute(c, "CREATE MATERIALIZED VIEW mix_view AS SELECT COUNT(*) AS n, COUNT(DISTINCT x) AS d, SUM(x) AS s FROM mix_source");
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM mix_table") == goodCount
                    && count(c, "SELECT n FROM mix_view") == goodCount, goodCount + " good records");
            Thread.sleep(300);
            execute(c, "FLUSH");
            // Every good record exactly once, in the table and in the view over the source.
            assertEquals(List.of(goodCount + "|" + goodCount + "|" + expectedSum),
                    rows(c, "SELECT COUNT(*), COUNT(DISTINCT x), SUM(x) FROM mix_table"));
            assertEquals(List.of(goodCount + "|" + goodCount + "|" + expectedSum), rows(c, "SELECT * FROM mix_view"));
            assertEquals(List.of(goodCount + "|" + goodCount + "|" + expectedSum),
                    rows(c, "SELECT COUNT(*), COUNT(DISTINCT x), SUM(x) FROM mix_source"));
            // Every bad one accounted for, at its partition and offset, for each reader.
            for (String reader : List.of("table_name = 'mix_table'", "view_name = 'mix_view'")) {
                assertEquals(List.copyOf(badPositions), sorted(c,
                        "SELECT kafka_partition, kafka_offset FROM freshet_source_errors WHERE " + reader));
                assertEquals(List.of(badPositions.size() + "|3000"), rows(c,
                        "SELECT SUM(bad_records), SUM(records_read) FROM freshet_source_progress WHERE " + reader));
            }
            // A value that is not UTF-8 (a wrong encoding) is one more bad record for each reader.
            BROKER.send(new ProducerRecord<>("mix10", 0, null, new byte[] {'{', '"', 'x', '"', ':', ' ', '"', (byte) 0xc3, 0x28, '"', '}'}));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM freshet_source_errors WHERE kafka_partition = 0 AND kafka_offset = 1000")
                    == 2, "the badly encoded record");
            for (String error : rows(c, "SELECT error FROM freshet_source_errors WHERE kafka_offset = 1000")) {
                assertTrue(error.contains("UTF-8") || error.contains("UTF8"), error);
            }
            assertEquals(goodCount, count(c, "SELECT COUNT(*) FROM mix_table"));
        }
    }

    @Test
    void latestAndTimestampStartsArePerView() throws Exception {
        BROKER.createTopic("later", 2);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 20; i++) {
            // Record times t0 + i seconds; the first ten are before the timestamp start.
            BROKER.send(new ProducerRecord<>("later", i % 2, t0 + i * 1000L, null,
                    ("{\"x\": " + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE SOURCE later_latest (x INT)" + with("later", ", scan.startup.mode = 'latest'"));
            execute(c, "CREATE SOURCE later_time (x INT)" + with("later", ", scan.startup.mode = 'timestamp', "
                    + "scan.startup.timestamp.millis = '" + (t0 + 10_000) + "'"));
            execute(c, "CREATE MATERIALIZED VIEW from_latest AS SELECT COUNT(*) AS n, SUM(x) AS s FROM later_latest");
            execute(c, "CREATE MATERIALIZED VIEW from_time AS SELECT COUNT(*) AS n, SUM(x) AS s FROM later_time");
            BROKER.produce("later", 0, List.of("{\"x\": 100}", "{\"x\": 200}"));
            awaitFlushed(c, () -> count(c, "SELECT n FROM from_time") == 12 && count(c, "SELECT n FROM from_latest") == 2,
                    "the records after each start");
            assertEquals(List.of("2|300"), rows(c, "SELECT * FROM from_latest"));
            assertEquals(List.of("12|" + (10 + 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18 + 19 + 300)),
                    rows(c, "SELECT * FROM from_time"));
            // Ad hoc, the same starts apply to the read of the topic as it is now.
            assertEquals(rows(c, "SELECT * FROM from_time"), rows(c, "SELECT COUNT(*), SUM(x) FROM later_time"));
            assertEquals(List.of("0"), rows(c, "SELECT COUNT(*) FROM later_latest"));
        }
    }

    @Test
    void datagenSourceFeedsViews() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE SOURCE gen (id BIGINT, v INT) WITH (connector = 'datagen', rows_per_second = '1000', "
                    + "'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '500', "
                    + "'fields.v.min' = '1', 'fields.v.max' = '9', datagen.max_rows = '500')");
            execute(c, "CREATE MATERIALIZED VIEW gen_count AS SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d, MIN(id) AS lo FROM gen");
            awaitFlushed(c, () -> count(c, "SELECT n FROM gen_count") >= 500, "500 generated rows");
            Thread.sleep(300);
            execute(c, "FLUSH");
            assertEquals(List.of("500|500|1"), rows(c, "SELECT * FROM gen_count"));
            // A generator never ends, so an ad-hoc query cannot read it.
            SQLException e = assertThrows(SQLException.class, () -> rows(c, "SELECT COUNT(*) FROM gen"));
            assertEquals("0A000", e.getSQLState());
            assertTrue(e.getMessage().contains("source \"gen\" is not stored"), e.getMessage());
        }
    }

    @Test
    void badSourceDefinitionsFailCreate() throws Exception {
        BROKER.createTopic("defs", 1);
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            assertError(c, "0A000", "PRIMARY KEY on a source", "CREATE SOURCE s1 (k INT PRIMARY KEY)" + with("defs", ""));
            assertError(c, "0A000", "FORMAT UPSERT on a source", "CREATE SOURCE s2 (k INT) WITH (connector = 'kafka', topic = "
                    + "'defs', properties.bootstrap.server = '" + BROKER.bootstrap() + "') FORMAT UPSERT ENCODE JSON");
            assertError(c, "22023", "needs WITH (connector", "CREATE SOURCE s3 (k INT)");
            assertError(c, "22023", "does not exist", "CREATE SOURCE s4 (k INT)" + with("no_such_topic", ""));
            assertError(c, "22023", "scan.startup.timestamp.millis", "CREATE SOURCE s5 (k INT)"
                    + with("defs", ", scan.startup.mode = 'timestamp'"));
            assertError(c, "22023", "scan.parallelism", "CREATE SOURCE s6 (k INT)" + with("defs", ", scan.parallelism = '0'"));
            execute(c, "CREATE SOURCE defs (k INT)" + with("defs", ", scan.parallelism = '3'"));
            assertError(c, "42P07", "already exists", "CREATE SOURCE defs (k INT)" + with("defs", ""));
            assertError(c, "42809", "is not a table", "DROP TABLE defs");
            assertError(c, "42809", "", "INSERT INTO defs VALUES (1)");
        }
    }

    private static void assertError(Connection c, String state, String fragment, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> execute(c, sql), sql);
        assertEquals(state, e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
