package io.freshet.server.kafka;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static io.freshet.server.kafka.KafkaTests.awaitFlushed;
import static io.freshet.server.kafka.KafkaTests.count;
import static io.freshet.server.kafka.KafkaTests.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.freshet.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FORMAT PLAIN ENCODE AVRO} against a real in-process broker, with records encoded by
 * Apache Avro's writer. Confluent's schema registry is not on Maven Central, so a small fake one
 * (the JDK's HttpServer) serves {@code GET /schemas/ids/{id}} as the registry's REST API does.
 */
class KafkaAvroTest {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dataDir;

    private final Map<Integer, String> registered = new ConcurrentHashMap<>();
    /** While set, the fake registry answers every request with HTTP 503, as a registry that is down. */
    private volatile boolean registryDown;
    private HttpServer registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/schemas/ids/", exchange -> {
            if (registryDown) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            String id = exchange.getRequestURI().getPath().substring("/schemas/ids/".length());
            String schema = id.matches("[0-9]{1,9}") ? registered.get(Integer.parseInt(id)) : null;
            byte[] body = (schema == null ? "{\"error_code\": 40403, \"message\": \"Schema " + id + " not found\"}"
                    : "{\"schema\": " + quote(schema) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(schema == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    private String registryUrl() {
        return "http://127.0.0.1:" + registry.getAddress().getPort();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String with(String topic) {
        return " WITH (connector = 'kafka', topic = '" + topic + "', properties.bootstrap.server = '" + BROKER.bootstrap() + "')";
    }

    private static byte[] avro(Schema schema, GenericRecord record) throws IOException {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<Object>(schema, data).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Confluent's wire format: magic byte 0, the schema id, the Avro body. */
    private static byte[] confluent(int id, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
    }

    private static void send(String topic, byte[]... values) throws Exception {
        for (byte[] value : values) {
            BROKER.send(new ProducerRecord<>(topic, 0, null, value));
        }
    }

    private static void assertError(Connection c, String state, String fragment, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> execute(c, sql), sql);
        assertEquals(state, e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static final Schema V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "order", "namespace": "shop", "fields": [
              {"name": "id", "type": "long"},
              {"name": "customer", "type": "string"},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}""");
    /** V1 with an added optional field, as a compatible schema evolution registers it. */
    private static final Schema V2 = new Schema.Parser().parse("""
            {"type": "record", "name": "order", "namespace": "shop", "fields": [
              {"name": "id", "type": "long"},
              {"name": "customer", "type": "string"},
              {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
              {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "note", "type": ["null", "string"], "default": null}]}""");

    private static GenericRecord order(Schema schema, long id, String customer, String amount, String placed, String note) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", id);
        r.put("customer", customer);
        r.put("amount", new BigDecimal(amount));
        r.put("placed", Instant.parse(placed).toEpochMilli());
        if (schema.getField("note") != null) {
            r.put("note", note);
        }
        return r;
    }

    @Test
    void registrySchemasEvolveAndBadRecordsAreCounted() throws Exception {
        BROKER.createTopic("orders_avro", 1);
        registered.put(1, V1.toString());
        registered.put(2, V2.toString());
        String view = "SELECT customer, COUNT(*) AS n, SUM(amount) AS total, COUNT(note) AS notes, MAX(placed) AS last"
                + " FROM orders GROUP BY customer";
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE orders (id BIGINT NOT NULL, customer VARCHAR, amount NUMERIC(10,2), placed TIMESTAMPTZ,"
                    + " note VARCHAR)" + with("orders_avro") + " FORMAT PLAIN ENCODE AVRO (schema.registry = '" + registryUrl() + "')");
            execute(c, "CREATE MATERIALIZED VIEW orders_v AS " + view);
            byte[] good = confluent(1, avro(V1, order(V1, 3, "bo", "5.00", "2024-05-01T00:00:00Z", null)));
            send("orders_avro",
                    confluent(1, avro(V1, order(V1, 1, "ann", "10.25", "2024-05-01T10:00:00.123Z", null))),
                    confluent(2, avro(V2, order(V2, 2, "ann", "0.75", "2024-05-02T10:00:00Z", "gift"))),
                    good,
                    confluent(2, avro(V2, order(V2, 4, "bo", "-1.00", "2024-05-03T00:00:00Z", null))),
                    confluent(99, avro(V1, order(V1, 5, "cy", "1.00", "2024-05-04T00:00:00Z", null))),
                    "not avro".getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOf(good, good.length - 3),
                    confluent(1, new byte[] {(byte) 0xff, (byte) 0xff}));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM freshet_source_errors") == 4, "four bad records");
            execute(c, "FLUSH");
            assertEquals(List.of("1|ann|10.25|2024-05-01 10:00:00.123+00|NULL", "2|ann|0.75|2024-05-02 10:00:00+00|gift",
                    "3|bo|5.00|2024-05-01 00:00:00+00|NULL", "4|bo|-1.00|2024-05-03 00:00:00+00|NULL"),
                    sorted(c, "SELECT * FROM orders"));
            assertEquals(List.of("ann|2|11.00|1|2024-05-02 10:00:00+00", "bo|2|4.00|0|2024-05-03 00:00:00+00"),
                    sorted(c, "SELECT * FROM orders_v"));
            assertEquals(sorted(c, view), sorted(c, "SELECT * FROM orders_v"));
            List<String> errors = rows(c, "SELECT kafka_offset, error FROM freshet_source_errors ORDER BY kafka_offset");
            assertTrue(errors.get(0).startsWith("4|schema id 99 not found in the schema registry at " + registryUrl()),
                    errors.get(0));
            assertTrue(errors.get(1).startsWith("5|the value is not in the schema registry's wire format"), errors.get(1));
            assertTrue(errors.get(2).startsWith("6|Avro value truncated"), errors.get(2));
            assertTrue(errors.get(3).startsWith("7|"), errors.get(3));

            // A schema registered after its first look-up failed is found at a later look-up.
            registered.put(99, V1.toString());
            send("orders_avro", confluent(99, avro(V1, order(V1, 5, "cy", "1.00", "2024-05-04T00:00:00Z", null))));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM orders WHERE id = 5") == 1
                    || count(c, "SELECT COUNT(*) FROM freshet_source_errors") > 4, "id 5 or another bad record");
            if (count(c, "SELECT COUNT(*) FROM orders WHERE id = 5") == 0) {
                // Produced within the retry interval of the failed look-up: bad again; a later record succeeds.
                Thread.sleep(5_500);
                send("orders_avro", confluent(99, avro(V1, order(V1, 5, "cy", "1.00", "2024-05-04T00:00:00Z", null))));
                awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM orders WHERE id = 5") == 1, "id 5");
            }
            execute(c, "FLUSH");
            assertEquals(List.of("cy|1|1.00|0|2024-05-04 00:00:00+00"), rows(c, "SELECT * FROM orders_v WHERE customer = 'cy'"));

            server.restart();
            try (Connection again = server.connect()) {
                send("orders_avro", confluent(2, avro(V2, order(V2, 6, "ann", "100.00", "2024-06-01T00:00:00Z", "late"))));
                awaitFlushed(again, () -> count(again, "SELECT COUNT(*) FROM orders WHERE id = 6") == 1, "id 6 after restart");
                execute(again, "FLUSH");
                assertEquals(List.of("ann|3|111.00|2|2024-06-01 00:00:00+00", "bo|2|4.00|0|2024-05-03 00:00:00+00",
                        "cy|1|1.00|0|2024-05-04 00:00:00+00"), sorted(again, "SELECT * FROM orders_v"));
                assertEquals(sorted(again, view), sorted(again, "SELECT * FROM orders_v"));
            }
        }
    }

    @Test
    void recordsWaitForARegistryThatIsDown() throws Exception {
        BROKER.createTopic("held_avro", 1);
        registered.put(7, V1.toString());
        registryDown = true;
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE held (id BIGINT NOT NULL, customer VARCHAR)" + with("held_avro")
                    + " FORMAT PLAIN ENCODE AVRO (schema.registry = '" + registryUrl() + "')");
            for (int i = 0; i < 20; i++) {
                send("held_avro", confluent(7, avro(V1, order(V1, i, "c" + (i % 3), "1.00", "2024-05-01T00:00:00Z", null))));
            }
            // While the registry answers 503 the records are held back: not read, and not bad.
            Thread.sleep(3_000);
            execute(c, "FLUSH");
            assertEquals(0, count(c, "SELECT COUNT(*) FROM held"));
            assertEquals(0, count(c, "SELECT COUNT(*) FROM freshet_source_errors"));
            assertEquals(List.of("0|20"), rows(c, "SELECT SUM(next_offset), SUM(offset_lag) FROM freshet_source_progress"));
            registryDown = false;
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM held") == 20, "20 records once the registry is back");
            assertEquals(20, count(c, "SELECT COUNT(DISTINCT id) FROM held"));
            assertEquals(0, count(c, "SELECT COUNT(*) FROM freshet_source_errors"));
        }
    }

    private static final String INLINE = """
            {"type": "record", "name": "reading", "fields": [
              {"name": "sensor", "type": "int"},
              {"name": "kind", "type": {"type": "enum", "name": "kind", "symbols": ["TEMP", "HUMIDITY"]}},
              {"name": "level", "type": ["null", "double"]},
              {"name": "taken", "type": {"type": "int", "logicalType": "date"}},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "meta", "type": {"type": "map", "values": "long"}},
              {"name": "ignored", "type": "bytes"}]}""";

    private static GenericRecord reading(Schema schema, int sensor, String kind, Double value, String day, List<String> tags,
                                         Map<String, Long> meta) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("sensor", sensor);
        r.put("kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), kind));
        r.put("level", value);
        r.put("taken", (int) LocalDate.parse(day).toEpochDay());
        r.put("tags", tags);
        r.put("meta", meta);
        r.put("ignored", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        return r;
    }

    @Test
    void inlineSchemaTableAndCreateTimeChecks() throws Exception {
        BROKER.createTopic("readings_avro", 1);
        Schema schema = new Schema.Parser().parse(INLINE);
        String definition = INLINE.replace("'", "''");
        String view = "SELECT kind, COUNT(*) AS n, COUNT(level) AS nv, SUM(level) AS total, MAX(taken) AS last FROM readings"
                + " GROUP BY kind";
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            String columns = "(sensor INT NOT NULL, kind VARCHAR, level DOUBLE PRECISION, taken DATE, tags VARCHAR[], meta JSONB)";
            String avro = " FORMAT PLAIN ENCODE AVRO (schema.definition = '" + definition + "')";
            assertError(c, "22023", "column \"missing\"", "CREATE TABLE r1 (sensor INT, missing INT)" + with("readings_avro") + avro);
            assertError(c, "22023", "cannot fill column \"tags\" of type integer",
                    "CREATE TABLE r1 (tags INT)" + with("readings_avro") + avro);
            assertError(c, "22023", "option 'schema.definition' is not a valid Avro schema",
                    "CREATE TABLE r1 (sensor INT)" + with("readings_avro") + " FORMAT PLAIN ENCODE AVRO (schema.definition = '{')");
            assertError(c, "22023", "option 'schema.registry'",
                    "CREATE TABLE r1 (sensor INT)" + with("readings_avro") + " FORMAT PLAIN ENCODE AVRO (schema.registry = 'nope')");
            assertError(c, "22023", "exactly one of", "CREATE TABLE r1 (sensor INT)" + with("readings_avro")
                    + " FORMAT PLAIN ENCODE AVRO");
            assertError(c, "42601", "unknown ENCODE AVRO option 'colour'", "CREATE TABLE r1 (sensor INT)" + with("readings_avro")
                    + " FORMAT PLAIN ENCODE AVRO (colour = 'red')");
            assertError(c, "0A000", "FORMAT UPSERT ENCODE AVRO", "CREATE TABLE r1 (sensor INT PRIMARY KEY)"
                    + with("readings_avro") + " FORMAT UPSERT ENCODE AVRO (schema.registry = '" + registryUrl() + "')");

            execute(c, "CREATE TABLE readings " + columns + " INCLUDE offset AS off" + with("readings_avro") + avro);
            execute(c, "CREATE MATERIALIZED VIEW readings_v AS " + view);
            byte[] first = avro(schema, reading(schema, 1, "TEMP", 20.5, "2024-01-01", List.of("a", "b"), Map.of("x", 1L)));
            send("readings_avro", first,
                    avro(schema, reading(schema, 2, "TEMP", null, "2024-01-02", List.of(), Map.of())),
                    avro(schema, reading(schema, 3, "HUMIDITY", 0.25, "2024-01-03", List.of("c"), Map.of("b", 2L, "aa", -3L))),
                    new byte[] {2, 4},
                    Arrays.copyOf(first, first.length - 1),
                    avro(schema, reading(schema, 1, "TEMP", 20.5, "2024-01-01", List.of("a", "b"), Map.of("x", 1L))));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM freshet_source_errors") == 2
                    && count(c, "SELECT COUNT(*) FROM readings") == 4, "four rows, two bad records");
            execute(c, "FLUSH");
            assertEquals(List.of("0|1|TEMP|20.5|2024-01-01|{a,b}|{\"x\": 1}", "1|2|TEMP|NULL|2024-01-02|{}|{}",
                    "2|3|HUMIDITY|0.25|2024-01-03|{c}|{\"b\": 2, \"aa\": -3}", "5|1|TEMP|20.5|2024-01-01|{a,b}|{\"x\": 1}"),
                    sorted(c, "SELECT off, sensor, kind, level, taken, tags, meta FROM readings"));
            execute(c, "CREATE MATERIALIZED VIEW readings_after AS SELECT sensor, COUNT(*) AS n FROM readings GROUP BY sensor");
            assertEquals(List.of("HUMIDITY|1|1|0.25|2024-01-03", "TEMP|3|2|41|2024-01-02"), sorted(c, "SELECT * FROM readings_v"));
            assertEquals(sorted(c, view), sorted(c, "SELECT * FROM readings_v"));
            assertEquals(List.of("1|2", "2|1", "3|1"), sorted(c, "SELECT * FROM readings_after"));
            List<String> errors = rows(c, "SELECT kafka_offset, error FROM freshet_source_errors ORDER BY kafka_offset");
            assertEquals(2, errors.size(), errors.toString());
            assertTrue(errors.get(0).startsWith("3|invalid Avro enum index 2"), errors.get(0));
            assertTrue(errors.get(1).startsWith("4|Avro value truncated"), errors.get(1));

            // A source over the same topic: its view reads the same rows the table stores.
            assertError(c, "22023", "column \"missing\"", "CREATE SOURCE s1 (missing INT)" + with("readings_avro") + avro);
            execute(c, "CREATE SOURCE readings_src " + columns + with("readings_avro") + avro);
            execute(c, "CREATE MATERIALIZED VIEW src_v AS " + view.replace("FROM readings", "FROM readings_src"));
            awaitFlushed(c, () -> count(c, "SELECT COALESCE(SUM(n), 0) FROM src_v") == 4, "the source's four rows");
            assertEquals(sorted(c, view), sorted(c, "SELECT * FROM src_v"));
        }
    }
}
