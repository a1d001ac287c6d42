package io.freshet.executor.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.common.DataType;
import io.freshet.common.TextFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** CSV lines and Debezium change events decoded into rows, and {@code bad_field.mode = 'null'}. */
class CsvAndDebeziumDecoderTest {
    private static final List<String> NAMES = List.of("id", "name", "day");
    private static final List<DataType> TYPES = List.of(DataType.INTEGER, DataType.VARCHAR, DataType.DATE);
    private static final boolean[] NOT_NULL = {true, false, false};
    private static final boolean[] NO_SKIP = new boolean[3];

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object[] row) {
        if (row == null) {
            return "header";
        }
        StringJoiner out = new StringJoiner("|");
        for (int c = 0; c < row.length; c++) {
            out.add(row[c] == null ? "NULL" : TextFormat.format(TYPES.get(c), row[c]));
        }
        return out.toString();
    }

    private static void assertBad(String reason, org.junit.jupiter.api.function.Executable decode) {
        JsonRowDecoder.BadRecordException e = assertThrows(JsonRowDecoder.BadRecordException.class, decode);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void csvFieldsByPositionWithQuotesAndNulls() throws Exception {
        CsvRowDecoder csv = new CsvRowDecoder(NAMES, TYPES, NOT_NULL, NO_SKIP, ',', false);
        assertEquals("1|a|2024-01-02", text(csv.decode(bytes("1,a,2024-01-02"))));
        assertEquals("2|NULL|NULL", text(csv.decode(bytes("2,,\r\n"))));
        assertEquals("3||NULL", text(csv.decode(bytes("3,\"\","))));
        assertEquals("4|x,\"y\"\nz|NULL", text(csv.decode(bytes("\"4\",\"x,\"\"y\"\"\nz\","))));
        assertEquals("5| sp |NULL", text(csv.decode(bytes("5, sp ,"))));
        assertBad("CSV line has 2 fields, expected 3", () -> csv.decode(bytes("1,a")));
        assertBad("CSV line has 4 fields, expected 3", () -> csv.decode(bytes("1,a,,")));
        assertBad("unterminated quoted field 2", () -> csv.decode(bytes("1,\"a,")));
        assertBad("text after the closing quote of field 2", () -> csv.decode(bytes("1,\"a\"b,")));
        assertBad("column \"day\"", () -> csv.decode(bytes("1,a,2024-13-01")));
        assertBad("null value in column \"id\"", () -> csv.decode(bytes(",a,")));
        assertBad("not UTF-8", () -> csv.decode(new byte[] {'1', ',', (byte) 0xff, ','}));
        // Without a header, a header line is an ordinary (here bad) line.
        assertBad("column \"id\"", () -> csv.decode(bytes("id,name,day")));
    }

    @Test
    void csvHeaderLinesDelimiterSkippedColumnsAndNullMode() throws Exception {
        boolean[] skip = {false, true, false};
        CsvRowDecoder csv = new CsvRowDecoder(NAMES, TYPES, NOT_NULL, skip, '\t', true).badFieldAsNull(true);
        assertNull(csv.decode(bytes("ID\tDay")));
        assertEquals("7|NULL|2024-02-03", text(csv.decode(bytes("7\t2024-02-03"))));
        assertNull(csv.fieldError());
        assertEquals("8|NULL|NULL", text(csv.decode(bytes("8\tsoon"))));
        assertTrue(csv.fieldError().startsWith("column \"day\"") && csv.fieldError().endsWith("(set to NULL)"), csv.fieldError());
        // A NOT NULL column cannot be set to NULL: the record stays bad.
        assertBad("column \"id\"", () -> csv.decode(bytes("x\t2024-02-03")));
    }

    @Test
    void jsonNullModeSetsOnlyTheBadField() throws Exception {
        JsonRowDecoder json = new JsonRowDecoder(NAMES, TYPES, NOT_NULL).badFieldAsNull(true);
        assertEquals("1|a|NULL", text(json.decode(bytes("{\"id\": 1, \"name\": \"a\", \"day\": [2]}"))));
        assertTrue(json.fieldError().contains("cannot take a JSON array"), json.fieldError());
        assertEquals("2|b|2024-01-01", text(json.decode(bytes("{\"id\": 2, \"name\": \"b\", \"day\": \"2024-01-01\"}"))));
        assertNull(json.fieldError());
        assertBad("column \"id\"", () -> json.decode(bytes("{\"id\": \"one\"}")));
        assertBad("malformed JSON", () -> json.decode(bytes("{\"id\": 1")));
    }

    @Test
    void debeziumEnvelopes() throws Exception {
        JsonRowDecoder json = new JsonRowDecoder(NAMES, TYPES, NOT_NULL);
        int[] key = {0};
        JsonRowDecoder.Change c = json.decodeDebezium(bytes("{\"before\": null, \"after\": {\"id\": 1, \"name\": \"a\"},"
                + " \"op\": \"c\"}"), key);
        assertNull(c.deleteKey());
        assertEquals("1|a|NULL", text(c.insert()));
        c = json.decodeDebezium(bytes("{\"schema\": {}, \"payload\": {\"before\": {\"id\": 1}, \"after\": {\"id\": 1,"
                + " \"name\": \"b\"}, \"op\": \"u\"}}"), key);
        assertNull(c.deleteKey(), "same key: a replace, no delete");
        assertEquals("1|b|NULL", text(c.insert()));
        c = json.decodeDebezium(bytes("{\"before\": {\"id\": 1}, \"after\": {\"id\": 2, \"name\": \"b\"}, \"op\": \"u\"}"), key);
        assertEquals("1", TextFormat.format(TYPES.get(0), c.deleteKey()[0]));
        assertEquals("2|b|NULL", text(c.insert()));
        c = json.decodeDebezium(bytes("{\"payload\": {\"before\": {\"id\": 2, \"name\": \"b\"}, \"after\": null, \"op\": \"d\"}}"), key);
        assertEquals("2", TextFormat.format(TYPES.get(0), c.deleteKey()[0]));
        assertNull(c.insert());
        c = json.decodeDebezium(bytes("{\"after\": {\"id\": 3}, \"op\": \"r\"}"), key);
        assertEquals("3|NULL|NULL", text(c.insert()));
        assertBad("no \"op\" field", () -> json.decodeDebezium(bytes("{\"after\": {\"id\": 3}}"), key));
        assertBad("op \"t\" is not supported", () -> json.decodeDebezium(bytes("{\"op\": \"t\"}"), key));
        assertBad("without a \"after\" object", () -> json.decodeDebezium(bytes("{\"op\": \"c\", \"after\": null}"), key));
        assertBad("\"before\" has no value for key column \"id\"",
                () -> json.decodeDebezium(bytes("{\"op\": \"d\", \"before\": {\"name\": \"x\"}}"), key));
        assertBad("null value in column \"id\"", () -> json.decodeDebezium(bytes("{\"op\": \"c\", \"after\": {\"name\": \"x\"}}"), key));
        assertBad("not a JSON object", () -> json.decodeDebezium(bytes("[1]"), key));
    }
}
