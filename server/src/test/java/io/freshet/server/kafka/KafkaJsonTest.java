package io.freshet.server.kafka;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static io.freshet.server.kafka.KafkaTests.awaitFlushed;
import static io.freshet.server.kafka.KafkaTests.count;
import static io.freshet.server.kafka.KafkaTests.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.freshet.executor.connector.KafkaConnector;
import io.freshet.server.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON (and CSV) records with nested values and values too large for their columns, end to end
 * through a real broker: jsonb columns take any JSON value, array columns JSON arrays of their
 * element type, and an element or value that does not fit makes the record bad, named in
 * {@code freshet_source_errors}. Expected values are PostgreSQL 15's for the same values.
 */
class KafkaJsonTest {
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dataDir;

    private static String with(String topic, String encode) {
        return " WITH (connector = 'kafka', topic = '" + topic + "', properties.bootstrap.server = '" + BROKER.bootstrap()
                + "', scan.startup.mode = 'earliest') FORMAT PLAIN ENCODE " + encode;
    }

    private static KafkaConnector connector(TestServer server, String table) {
        return (KafkaConnector) server.database().connector(table);
    }

    @Test
    void nestedJsonFillsJsonbAndArrayColumns() throws Exception {
        BROKER.createTopic("docs", 1);
        List<String> good = List.of(
                "{\"id\": 1, \"doc\": {\"kind\": \"a\", \"n\": 1.50, \"list\": [1, null, \"x\"]}, \"tags\": [\"ab\", null, \"c d\"],"
                        + " \"nums\": [1, 2, 3]}",
                "{\"id\": 2, \"doc\": [1, {\"b\": 2, \"a\": 1}], \"tags\": [], \"nums\": [null]}",
                "{\"id\": 3, \"doc\": \"text\", \"nums\": \"{4,5}\"}",
                "{\"id\": 4, \"doc\": 42}",
                "{\"id\": 5, \"doc\": true, \"tags\": [\"x\"]}",
                "{\"id\": 6, \"doc\": null}",
                "{\"id\": 7, \"DOC\": {\"z\": {\"y\": []}, \"kind\": \"b\"}}");
        // Each bad record and (a fragment of) why.
        String[][] bad = {
            {"{\"id\": 8, \"nums\": [1.5]}", "column \"nums\": invalid input syntax for type bigint: \"1.5\""},
            {"{\"id\": 9, \"nums\": [[1], [2]]}", "column \"nums\" of type bigint cannot take a JSON array"},
            {"{\"id\": 10, \"tags\": {\"a\": \"b\"}}", "column \"tags\" of type character varying(3)[] cannot take a JSON object"},
            {"{\"id\": 11, \"tags\": [\"ok\", \"abcd\"]}", "column \"tags\": value too long for type character varying(3)"},
            {"{\"id\": 12, \"nums\": [9223372036854775808]}", "column \"nums\": value \"9223372036854775808\" is out of range for type bigint"},
            {"{\"id\": 13, \"doc\": \"a\\u0000\"}", "column \"doc\": unsupported Unicode escape sequence"},
            {"{\"id\": 14, \"nums\": 5}", "column \"nums\" of type bigint[] cannot take a JSON number"},
            {"{\"id\": 15, \"tags\": [true]}", "column \"tags\" of type character varying(3) cannot take a JSON boolean"},
        };
        List<String> values = new ArrayList<>(good);
        for (String[] b : bad) {
            values.add(b[0]);
        }
        String byType = "SELECT jsonb_typeof(doc) AS t, COUNT(*) AS n FROM docs GROUP BY jsonb_typeof(doc)";
        String fields = "SELECT id, doc -> 'kind' AS kind, doc #>> '{list,2}' AS x, cardinality(nums) AS n, cardinality(tags) AS m FROM docs";
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE docs (id INT PRIMARY KEY, doc JSONB, tags VARCHAR(3)[], nums BIGINT[])" + with("docs", "JSON"));
            execute(c, "CREATE MATERIALIZED VIEW by_type AS " + byType);
            BROKER.produce("docs", 0, values);
            awaitFlushed(c, () -> connector(server, "docs").badRecords() == bad.length
                    && count(c, "SELECT COUNT(*) FROM docs") == good.size(), "all records");
            assertEquals(List.of(
                    "1|{\"n\": 1.50, \"kind\": \"a\", \"list\": [1, null, \"x\"]}|{ab,NULL,\"c d\"}|{1,2,3}",
                    "2|[1, {\"a\": 1, \"b\": 2}]|{}|{NULL}",
                    "3|\"text\"|NULL|{4,5}",
                    "4|42|NULL|NULL",
                    "5|true|{x}|NULL",
                    "6|NULL|NULL|NULL",
                    "7|{\"z\": {\"y\": []}, \"kind\": \"b\"}|NULL|NULL"), rows(c, "SELECT * FROM docs ORDER BY id"));
            List<String> types = List.of("NULL|1", "array|1", "boolean|1", "number|1", "object|2", "string|1");
            assertEquals(types, sorted(c, "SELECT * FROM by_type"));
            assertEquals(types, sorted(c, byType));
            // A view created after the data.
            execute(c, "CREATE MATERIALIZED VIEW fields AS " + fields);
            List<String> expectedFields = List.of("1|\"a\"|x|3|3", "2|NULL|NULL|1|0", "3|NULL|NULL|2|NULL", "4|NULL|NULL|NULL|NULL",
                    "5|NULL|NULL|NULL|1", "6|NULL|NULL|NULL|NULL", "7|\"b\"|NULL|NULL|NULL");
            assertEquals(expectedFields, sorted(c, "SELECT * FROM fields"));
            assertEquals(expectedFields, sorted(c, fields));
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < bad.length; i++) {
                errors.add((good.size() + i) + "|" + bad[i][1]);
            }
            assertEquals(errors, rows(c, "SELECT kafka_offset, error FROM freshet_source_errors ORDER BY kafka_offset"));

            // A later record replaces row 1: both views retract the old value.
            BROKER.produce("docs", 0, List.of("{\"id\": 1, \"doc\": {\"kind\": \"c\", \"n\": 2e1}, \"tags\": [\"ab\", null, \"c d\"],"
                    + " \"nums\": [1, 2, 3]}"));
            awaitFlushed(c, () -> count(c, "SELECT COUNT(*) FROM docs WHERE id = 1 AND doc ->> 'kind' = 'c'") == 1,
                    "the update of row 1");
            assertEquals(List.of("{\"n\": 20, \"kind\": \"c\"}"), rows(c, "SELECT doc FROM docs WHERE id = 1"));
            assertEquals(types, sorted(c, "SELECT * FROM by_type"));
            assertEquals(types, sorted(c, byType));
            List<String> updatedFields = new ArrayList<>(expectedFields);
            updatedFields.set(0, "1|\"c\"|NULL|3|3");
            assertEquals(updatedFields, sorted(c, "SELECT * FROM fields"));
            assertEquals(updatedFields, sorted(c, fields));
            assertEquals(good.size(), count(c, "SELECT COUNT(*) FROM docs"));
        }
    }

    @Test
    void valuesTooLargeForTheirColumnsAreBadRecords() throws Exception {
        BROKER.createTopic("sized", 1);
        BROKER.createTopic("sized_csv", 1);
        // One good and one oversized value per check, alternating; the same values as JSON and as CSV.
        String[][] records = {
            // id, code, price, n (JSON text of each; null: absent), then the error of the bad one
            {"1", "\"abcd\"", "999.99", "-32768", null},
            {"2", "\"abcde\"", null, null, "column \"code\": value too long for type character varying(4)"},
            {"3", "\"éééé\"", null, null, null},
            {"4", "\"ééééé\"", null, null, "column \"code\": value too long for type character varying(4)"},
            {"5", null, "999.994", null, null},
            {"6", null, "999.995", null,
                "column \"price\": numeric field overflow: a field with precision 5, scale 2 must round to an absolute value less than 10^3"},
            {"7", null, "-12.5", "32767", null},
            {"8", null, null, "32768", "column \"n\": value \"32768\" is out of range for type smallint"},
            {"9", null, null, "-32769", "column \"n\": value \"-32769\" is out of range for type smallint"},
            {"2147483648", null, null, null, "column \"id\": value \"2147483648\" is out of range for type integer"},
            {"10", "\"\"", "0", "0", null},
        };
        List<String> json = new ArrayList<>();
        List<String> csv = new ArrayList<>();
        List<String> expectedRows = new ArrayList<>();
        List<String> expectedErrors = new ArrayList<>();
        for (int i = 0; i < records.length; i++) {
            String[] r = records[i];
            StringBuilder value = new StringBuilder("{\"id\": " + r[0]);
            String[] names = {"code", "price", "n"};
            for (int f = 1; f <= 3; f++) {
                if (r[f] != null) {
                    value.append(", \"").append(names[f - 1]).append("\": ").append(r[f]);
                }
            }
            json.add(value.append('}').toString());
            csv.add(r[0] + "," + (r[1] == null ? "" : r[1]) + "," + (r[2] == null ? "" : r[2]) + "," + (r[3] == null ? "" : r[3]));
            if (r[4] == null) {
                String price = r[2] == null ? "NULL" : new java.math.BigDecimal(r[2]).setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
                expectedRows.add(r[0] + "|" + (r[1] == null ? "NULL" : r[1].substring(1, r[1].length() - 1)) + "|" + price + "|"
                        + (r[3] == null ? "NULL" : r[3]));
            } else {
                expectedErrors.add(i + "|" + r[4]);
            }
        }
        BROKER.produce("sized", 0, json);
        BROKER.produce("sized_csv", 0, csv);
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            String columns = " (id INT NOT NULL, code VARCHAR(4), price NUMERIC(5,2), n SMALLINT)";
            execute(c, "CREATE TABLE sized" + columns + with("sized", "JSON"));
            execute(c, "CREATE TABLE sized_csv" + columns + with("sized_csv", "CSV"));
            String view = "SELECT COUNT(*) AS n_rows, COUNT(code) AS codes, SUM(price) AS total, MIN(n) AS low, MAX(n) AS high FROM ";
            execute(c, "CREATE MATERIALIZED VIEW sized_v AS " + view + "sized");
            execute(c, "CREATE MATERIALIZED VIEW sized_csv_v AS " + view + "sized_csv");
            awaitFlushed(c, () -> connector(server, "sized").badRecords() == expectedErrors.size()
                    && connector(server, "sized_csv").badRecords() == expectedErrors.size()
                    && count(c, "SELECT COUNT(*) FROM sized") == expectedRows.size()
                    && count(c, "SELECT COUNT(*) FROM sized_csv") == expectedRows.size(), "all records");
            // The CSV lines quote the code as the JSON does: the same rows.
            assertEquals(expectedRows.stream().sorted().toList(), sorted(c, "SELECT * FROM sized"));
            assertEquals(expectedRows.stream().sorted().toList(), sorted(c, "SELECT * FROM sized_csv"));
            assertEquals(expectedErrors, rows(c, "SELECT kafka_offset, error FROM freshet_source_errors"
                    + " WHERE table_name = 'sized' ORDER BY kafka_offset"));
            assertEquals(expectedErrors, rows(c, "SELECT kafka_offset, error FROM freshet_source_errors"
                    + " WHERE table_name = 'sized_csv' ORDER BY kafka_offset"));
            for (String table : List.of("sized", "sized_csv")) {
                assertEquals(rows(c, view + table), rows(c, "SELECT * FROM " + table + "_v"));
            }
            assertEquals(List.of("5|3|1987.48|-32768|32767"), rows(c, "SELECT * FROM sized_v"));
        }
    }
}
