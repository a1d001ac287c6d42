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
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables fed by a Kafka topic ({@code connector='kafka'}, FORMAT PLAIN ENCODE JSON) against a real
 * in-process broker: rows arrive in the table and its views, bad records are skipped and counted, a
 * restart resumes at the saved offsets with nothing lost or repeated, and bad options fail CREATE.
 */
class KafkaTableTest {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dataDir;

    private static String with(String topic) {
        return " WITH (connector = 'kafka', topic = '" + topic + "', properties.bootstrap.server = '" + BROKER.bootstrap()
                + "', scan.startup.mode = 'earliest') FORMAT PLAIN ENCODE JSON";
    }

    private static KafkaConnector connector(TestServer server, String table) {
        return (KafkaConnector) server.database().connector(table);
    }

    @Test
    void recordsAppearInTheTableAndItsViews() throws Exception {
        BROKER.createTopic("orders", 3);
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR, amount DECIMAL(10,2), placed TIMESTAMP, rush BOOLEAN)"
                    + with("orders"));
            String byCustomer = "SELECT customer, COUNT(*) AS n, SUM(amount) AS total, COUNT(placed) AS dated FROM orders GROUP BY customer";
            execute(c, "CREATE MATERIALIZED VIEW by_customer AS " + byCustomer);
            // Expected contents, built alongside the records produced.
            List<String> expectedTable = new ArrayList<>();
            Map<String, long[]> counts = new TreeMap<>();
            Map<String, BigDecimal> totals = new TreeMap<>();
            for (int p = 0; p < 3; p++) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int id = p * 1000 + i;
                    String customer = "c" + (id % 7);
                    BigDecimal amount = BigDecimal.valueOf(id % 13 * 100 + 25, 2);
                    boolean dated = i % 5 != 0;
                    // Field names in mixed case; every fifth record has no 'placed' field (NULL).
                    values.add("{\"ID\": " + id + ", \"Customer\": \"" + customer + "\", \"amount\": " + amount
                            + (dated ? ", \"placed\": \"2024-03-0" + (1 + i % 9) + " 10:00:00\"" : "")
                            + ", \"rush\": " + (i % 2 == 0) + ", \"ignored\": [1, 2]}");
                    expectedTable.add(id + "|" + customer + "|" + amount + "|"
                            + (dated ? "2024-03-0" + (1 + i % 9) + " 10:00:00" : "NULL") + "|" + (i % 2 == 0 ? "t" : "f"));
                    long[] n = counts.computeIfAbsent(customer, k -> new long[2]);
                    n[0]++;
                    n[1] += dated ? 1 : 0;
                    totals.merge(customer, amount, BigDecimal::add);
                }
                BROKER.produce("orders", p, values);
            }
            List<String> expectedView = new ArrayList<>();
            counts.forEach((customer, n) -> expectedView.add(customer + "|" + n[0] + "|" + totals.get(customer) + "|" + n[1]));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM orders") == 120, "120 orders");
            assertEquals(expectedTable.stream().sorted().toList(),
                    sorted(c, "SELECT id, customer, amount, placed, rush FROM orders"));
            assertEquals(expectedView, sorted(c, "SELECT * FROM by_customer"));
            assertEquals(expectedView, sorted(c, byCustomer));
            // A view created after the data is backfilled from the table.
            String rushed = "SELECT rush, COUNT(*) AS n FROM orders GROUP BY rush";
            execute(c, "CREATE MATERIALIZED VIEW rushed AS " + rushed);
            assertEquals(List.of("f|60", "t|60"), sorted(c, "SELECT * FROM rushed"));
            // More records later flow through both views.
            BROKER.produce("orders", 1, List.of("{\"id\": 5000, \"customer\": \"c0\", \"amount\": 1.5, \"rush\": true}"));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM orders") == 121, "121 orders");
            assertEquals(sorted(c, byCustomer), sorted(c, "SELECT * FROM by_customer"));
            assertEquals(List.of("f|60", "t|61"), sorted(c, "SELECT * FROM rushed"));
            // A record with a key already in the table replaces its row (the views see an update).
            BROKER.produce("orders", 0, List.of("{\"id\": 0, \"customer\": \"c9\", \"amount\": 2, \"rush\": false}"));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM orders WHERE customer = 'c9'") == 1, "the update of id 0");
            assertEquals(List.of("0|c9|2.00|NULL|f"), rows(c, "SELECT id, customer, amount, placed, rush FROM orders WHERE id = 0"));
            assertEquals(121, count(c, "SELECT COUNT(*) FROM orders"));
            assertEquals(sorted(c, byCustomer), sorted(c, "SELECT * FROM by_customer"));
            assertEquals(List.of("c9|1|2.00|0"), rows(c, "SELECT * FROM by_customer WHERE customer = 'c9'"));
            assertEquals(List.of("f|61", "t|60"), sorted(c, "SELECT * FROM rushed"));
            assertEquals(0, connector(server, "orders").badRecords());
            // A second table on the same topic reads it independently: every record, the
            // replacement of id 0 as a row of its own (no primary key).
            execute(c, "CREATE TABLE order_ids (id INT)" + with("orders"));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM order_ids") == 122, "122 order ids");
            assertEquals(List.of("2"), rows(c, "SELECT COUNT(*) FROM order_ids WHERE id = 0"));
            assertEquals(121, count(c, "SELECT COUNT(DISTINCT id) FROM order_ids"));
        }
    }

    @Test
    void badRecordsAreSkippedAndCounted() throws Exception {
        BROKER.createTopic("mixed", 1);
        List<String> values = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<String> bad = java.util.Arrays.asList(
                "{\"k\": 1, \"v\": ",                              // malformed JSON
                "{\"k\": \"one\", \"v\": 1}",                      // not an integer
                "{\"k\": 1.5, \"v\": 1}",                          // not an integer
                "{\"k\": 99999999999, \"v\": 1}",                  // out of range for INT
                "{\"k\": true, \"v\": 1}",                         // boolean for an integer
                "{\"k\": 1, \"v\": 1, \"t\": \"yesterday-ish\"}",  // unparseable timestamp
                "{\"k\": 1, \"v\": 1, \"t\": 1700000000}",         // number for a timestamp
                "{\"k\": 1, \"v\": 12345678.5}",                   // too many digits for DECIMAL(6,2)
                "{\"k\": 1, \"v\": 1, \"s\": {\"nested\": 1}}",   // object for a VARCHAR
                "[1, 2, 3]",                                       // not an object
                "{\"k\": 1} {\"k\": 2}",                           // trailing content
                "{\"v\": 1}",                                      // k is NOT NULL
                null);                                             // no value
        for (int i = 0; i < 30; i++) {
            values.add("{\"k\": " + i + ", \"v\": \"" + i + ".25\", \"s\": \"r" + i + "\", \"t\": \"2024-01-01 00:00:" + (10 + i) + "\"}");
            expected.add(i + "|" + i + ".25|r" + i + "|2024-01-01 00:00:" + (10 + i));
            if (i < bad.size()) {
                values.add(bad.get(i));
            }
        }
        BROKER.produce("mixed", 0, values);
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            // No primary key: a record read twice would show up as a second row.
            execute(c, "CREATE TABLE mixed (k INT NOT NULL, v DECIMAL(6,2), s VARCHAR, t TIMESTAMP)" + with("mixed"));
            awaitFlushed(c, () -> connector(server, "mixed").badRecords() == bad.size()
                    && count(c, "SELECT COUNT(*) FROM mixed") == expected.size(), "all records");
            assertEquals(expected.stream().sorted().toList(), sorted(c, "SELECT * FROM mixed"));
            assertEquals(bad.size(), connector(server, "mixed").badRecords());
        }
    }

    @Test
    void restartResumesAtTheSavedOffsets() throws Exception {
        BROKER.createTopic("events", 2);
        String view = "SELECT p, COUNT(*) AS n, SUM(x) AS s, COUNT(DISTINCT x) AS d FROM events GROUP BY p";
        int produced = 0;
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE events (p INT, x BIGINT)" + with("events"));
            execute(c, "CREATE MATERIALIZED VIEW totals AS " + view);
            produced = produce(produced, 3000);
            // Close right after producing, likely while records are still being read: the final
            // epoch saves the offsets of exactly the rows committed with it. (KafkaCrashRecoveryTest
            // covers kill -9 in the middle of consumption.)
            execute(c, "FLUSH");
        }
        produced = produce(produced, 500);
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            produced = produce(produced, 500);
            int total = produced;
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM events") >= total, total + " events");
            server.restart();
        }
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            produced = produce(produced, 200);
            int total = produced;
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM events") >= total, total + " events");
            assertEquals(total, count(c, "SELECT COUNT(*) FROM events"));
            assertEquals(total, count(c, "SELECT COUNT(DISTINCT x) FROM events"));
            assertEquals((long) total * (total - 1) / 2, count(c, "SELECT SUM(x) FROM events"));
            assertEquals(sorted(c, view), sorted(c, "SELECT * FROM totals"));
            long even = (total + 1) / 2;
            assertEquals(List.of("0|" + even, "1|" + (total - even)), sorted(c, "SELECT p, n FROM totals"));
        }
    }

    @Test
    void aBrokerOutageDelaysRecordsButLosesNone() throws Exception {
        BROKER.createTopic("outage", 1);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            first.add("{\"n\": " + i + "}");
            second.add("{\"n\": " + (100 + i) + "}");
        }
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE outage (n INT)" + with("outage"));
            BROKER.produce("outage", 0, first);
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM outage") == 100, "100 rows");
            BROKER.stopBroker();
            try {
                // The server keeps working without its broker.
                Thread.sleep(1500);
                execute(c, "FLUSH");
                assertEquals(100, count(c, "SELECT COUNT(*) FROM outage"));
            } finally {
                BROKER.restartBroker();
            }
            BROKER.produce("outage", 0, second);
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM outage") >= 200, "200 rows");
            Thread.sleep(200);
            execute(c, "FLUSH");
            assertEquals(200, count(c, "SELECT COUNT(*) FROM outage"));
            assertEquals(200, count(c, "SELECT COUNT(DISTINCT n) FROM outage"));
            assertEquals(199 * 200 / 2, count(c, "SELECT SUM(n) FROM outage"));
        }
    }

    /** Produces events x = from .. from+n-1, x to partition x % 2; returns from + n. */
    private static int produce(int from, int n) throws Exception {
        List<List<String>> byPartition = List.of(new ArrayList<>(), new ArrayList<>());
        for (int x = from; x < from + n; x++) {
            byPartition.get(x % 2).add("{\"p\": " + (x % 2) + ", \"x\": " + x + "}");
        }
        BROKER.produce("events", 0, byPartition.get(0));
        BROKER.produce("events", 1, byPartition.get(1));
        return from + n;
    }

    @Test
    void latestSkipsRecordsProducedBeforeCreate() throws Exception {
        BROKER.createTopic("late", 1);
        BROKER.produce("late", 0, List.of("{\"a\": 1}", "{\"a\": 2}"));
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE late (a INT) WITH ('connector' = 'kafka', 'topic' = 'late', 'properties.bootstrap.server' = '"
                    + BROKER.bootstrap() + "', 'scan.startup.mode' = 'latest') FORMAT PLAIN ENCODE JSON");
            BROKER.produce("late", 0, List.of("{\"a\": 3}", "{\"a\": 4}"));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM late") >= 2, "2 rows");
            Thread.sleep(200);
            execute(c, "FLUSH");
            assertEquals(List.of("3", "4"), sorted(c, "SELECT a FROM late"));
        }
    }

    @Test
    void badOptionsFailCreate() throws Exception {
        BROKER.createTopic("opts", 1);
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            String bootstrap = "properties.bootstrap.server = '" + BROKER.bootstrap() + "'";
            assertError(c, "42601", "'colour'", "CREATE TABLE t (a INT) WITH (connector = 'kafka', topic = 'opts', "
                    + bootstrap + ", colour = 'red') FORMAT PLAIN ENCODE JSON");
            assertError(c, "42601", "'properties.no.such.setting'", "CREATE TABLE t (a INT) WITH (connector = 'kafka', topic = 'opts', "
                    + bootstrap + ", properties.no.such.setting = '1') FORMAT PLAIN ENCODE JSON");
            assertError(c, "22023", "'topic'", "CREATE TABLE t (a INT) WITH (connector = 'kafka', " + bootstrap
                    + ") FORMAT PLAIN ENCODE JSON");
            assertError(c, "22023", "'properties.bootstrap.server'", "CREATE TABLE t (a INT) WITH (connector = 'kafka', topic = 'opts')"
                    + " FORMAT PLAIN ENCODE JSON");
            assertError(c, "22023", "'scan.startup.mode'", "CREATE TABLE t (a INT) WITH (connector = 'kafka', topic = 'opts', "
                    + bootstrap + ", scan.startup.mode = 'sometime') FORMAT PLAIN ENCODE JSON");
            assertError(c, "22023", "fetch.min.bytes", "CREATE TABLE t (a INT) WITH (connector = 'kafka', topic = 'opts', "
                    + bootstrap + ", properties.fetch.min.bytes = 'lots') FORMAT PLAIN ENCODE JSON");
            assertError(c, "22023", "enable.auto.commit", "CREATE TABLE t (a INT) WITH (connector = 'kafka', topic = 'opts', "
                    + bootstrap + ", properties.enable.auto.commit = 'true') FORMAT PLAIN ENCODE JSON");
            assertError(c, "22023", "\"no_such_topic\" does not exist", "CREATE TABLE t (a INT) WITH (connector = 'kafka', "
                    + "topic = 'no_such_topic', " + bootstrap + ") FORMAT PLAIN ENCODE JSON");
            assertError(c, "42601", "FORMAT PLAIN ENCODE JSON", "CREATE TABLE t (a INT) WITH (connector = 'kafka', topic = 'opts', "
                    + bootstrap + ")");
            assertError(c, "0A000", "ENCODE PROTOBUF", "CREATE TABLE t (a INT) WITH (connector = 'kafka', topic = 'opts', "
                    + bootstrap + ") FORMAT PLAIN ENCODE PROTOBUF");
            assertError(c, "0A000", "FORMAT", "CREATE TABLE t (a INT) FORMAT PLAIN ENCODE JSON");
            // Nothing was created by the failed statements; a good one still works.
            execute(c, "CREATE TABLE t (a INT) WITH (connector = 'kafka', topic = 'opts', " + bootstrap
                    + ", properties.fetch.min.bytes = 1) FORMAT PLAIN ENCODE JSON");
            BROKER.produce("opts", 0, List.of("{\"a\": 7}"));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM t") == 1, "1 row");
            assertEquals(List.of("7"), rows(c, "SELECT a FROM t"));
            execute(c, "DROP TABLE t");
        }
    }

    private static void assertError(Connection c, String state, String fragment, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> execute(c, sql), sql);
        assertEquals(state, e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
