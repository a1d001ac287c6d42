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

/**
 * JSON record values with nested values (jsonb and array columns), values too large for their
 * column type, and the decoder's less common paths: columns whose names differ only in case fed by
 * one field, duplicate fields, Debezium images and keys.
 */
class JsonNestedValuesTest {
    private static final List<String> NAMES = List.of("id", "doc", "ints", "tags", "amounts", "code", "price", "n", "docs");
    private static final List<DataType> TYPES = List.of(DataType.INTEGER, DataType.JSONB, DataType.array(DataType.INTEGER),
            DataType.array(DataType.varchar(3)), DataType.array(DataType.decimal(4, 1)), DataType.varchar(4),
            DataType.decimal(5, 2), DataType.SMALLINT, DataType.array(DataType.JSONB));
    private static final boolean[] NOT_NULL = {true, false, false, false, false, false, false, false, false};

    private final JsonRowDecoder decoder = new JsonRowDecoder(NAMES, TYPES, NOT_NULL);

    private static String text(Object[] row, List<DataType> types) {
        StringJoiner text = new StringJoiner("|");
        for (int c = 0; c < row.length; c++) {
            text.add(row[c] == null ? "NULL" : TextFormat.format(types.get(c), row[c]));
        }
        return text.toString();
    }

    private String decode(String json) throws JsonRowDecoder.BadRecordException {
        return text(decoder.decode(json.getBytes(StandardCharsets.UTF_8)), TYPES);
    }

    private void assertBad(String json, String reason) {
        JsonRowDecoder.BadRecordException e = assertThrows(JsonRowDecoder.BadRecordException.class, () -> decode(json), json);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void jsonbColumnsTakeAnyJsonValueNormalizedAsPostgres() throws Exception {
        // Expected texts are what PostgreSQL 15 prints for the same JSON cast to jsonb.
        assertEquals("1|{\"a\": [1, 2.50, \"x\", null, true, 100, 0, 0.010], \"b\": 1, \"aa\": {\"z\": 2}}|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
                decode("{\"id\": 1, \"doc\": {\"b\": 1, \"a\": [1, 2.50, \"x\", null, true, 1e2, -0, 1.0e-2], \"aa\": {\"z\": 1, \"z\": 2}}}"));
        assertEquals("2|[]|NULL|NULL|NULL|NULL|NULL|NULL|NULL", decode("{\"id\": 2, \"doc\": []}"));
        assertEquals("3|\"abc\"|NULL|NULL|NULL|NULL|NULL|NULL|NULL", decode("{\"id\": 3, \"doc\": \"abc\"}"));
        // A string holding JSON text is a jsonb string, not parsed.
        assertEquals("4|\"{\\\"a\\\": 1}\"|NULL|NULL|NULL|NULL|NULL|NULL|NULL", decode("{\"id\": 4, \"doc\": \"{\\\"a\\\": 1}\"}"));
        assertEquals("5|12.50|NULL|NULL|NULL|NULL|NULL|NULL|NULL", decode("{\"id\": 5, \"doc\": 12.50}"));
        assertEquals("6|true|NULL|NULL|NULL|NULL|NULL|NULL|NULL", decode("{\"id\": 6, \"doc\": true}"));
        assertEquals("7|false|NULL|NULL|NULL|NULL|NULL|NULL|NULL", decode("{\"id\": 7, \"doc\": false}"));
        assertEquals("8|123456789012345678901234567890|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
                decode("{\"id\": 8, \"doc\": 123456789012345678901234567890}"));
        // JSON null is SQL NULL, as for every column.
        assertEquals("9|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL", decode("{\"id\": 9, \"doc\": null}"));
        assertEquals("10|{\"k\": \"tab\\tquote\\\"\"}|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
                decode("{\"id\": 10, \"doc\": {\"k\": \"tab\\tquote\\\"\"}}"));
        // jsonb does not take \u0000 (PostgreSQL: unsupported Unicode escape sequence).
        assertBad("{\"id\": 11, \"doc\": {\"k\": \"a\\u0000b\"}}", "unsupported Unicode escape sequence");
        assertBad("{\"id\": 11, \"doc\": \"a\\u0000b\"}", "unsupported Unicode escape sequence");
    }

    @Test
    void arrayColumnsTakeJsonArraysOfTheirElementType() throws Exception {
        assertEquals("1|NULL|{1,NULL,-3}|{ab,\"c d\",NULL}|{1.5,2.0,NULL}|NULL|NULL|NULL|NULL",
                decode("{\"id\": 1, \"ints\": [1, null, -3], \"tags\": [\"ab\", \"c d\", null], \"amounts\": [1.46, \"2\", null]}"));
        assertEquals("2|NULL|{}|{}|NULL|NULL|NULL|NULL|NULL", decode("{\"id\": 2, \"ints\": [], \"tags\": []}"));
        // Strings in an int[] use the element's text input; a string for the column is PostgreSQL's array text.
        assertEquals("3|NULL|{7,8}|{x}|NULL|NULL|NULL|NULL|NULL", decode("{\"id\": 3, \"ints\": [\"7\", 8], \"tags\": \"{x}\"}"));
        // jsonb[] elements are any JSON values.
        assertEquals("4|NULL|NULL|NULL|NULL|NULL|NULL|NULL|{\"{\\\"a\\\": [1]}\",\"\\\"s\\\"\",NULL,2}",
                decode("{\"id\": 4, \"docs\": [{\"a\": [1]}, \"s\", null, 2]}"));
        assertBad("{\"id\": 5, \"ints\": [1, 2.5]}", "\"ints\"");
        assertBad("{\"id\": 5, \"ints\": [1, 2147483648]}", "out of range for type integer");
        assertBad("{\"id\": 5, \"ints\": [[1], [2]]}", "cannot take a JSON array");
        assertBad("{\"id\": 5, \"ints\": [{\"a\": 1}]}", "cannot take a JSON object");
        assertBad("{\"id\": 5, \"ints\": 1}", "cannot take a JSON number");
        assertBad("{\"id\": 5, \"ints\": {\"a\": 1}}", "cannot take a JSON object");
        assertBad("{\"id\": 5, \"tags\": [\"abcd\"]}", "value too long for type character varying(3)");
        assertBad("{\"id\": 5, \"amounts\": [1000]}", "numeric field overflow");
        assertBad("{\"id\": 5, \"ints\": [true]}", "cannot take a JSON boolean");
        // A bad element later in the array, then more fields: the record is still read to its end first.
        assertBad("{\"id\": 5, \"ints\": [\"x\", [1, {\"a\": 2}], 3], \"tags\": [\"ok\"]} x", "malformed JSON");
    }

    @Test
    void valuesTooLargeForTheirColumnAreBadRecords() throws Exception {
        assertEquals("1|NULL|NULL|NULL|NULL|abcd|999.99|-32768|NULL", decode("{\"id\": 1, \"code\": \"abcd\", \"price\": 999.99, \"n\": -32768}"));
        // varchar(n) counts characters, not bytes.
        assertEquals("2|NULL|NULL|NULL|NULL|éééé|NULL|NULL|NULL", decode("{\"id\": 2, \"code\": \"éééé\"}"));
        assertBad("{\"id\": 3, \"code\": \"abcde\"}", "column \"code\": value too long for type character varying(4)");
        assertBad("{\"id\": 3, \"price\": 1000}", "column \"price\": numeric field overflow");
        assertBad("{\"id\": 3, \"price\": 999.995}", "numeric field overflow");
        assertBad("{\"id\": 3, \"price\": \"1e3\"}", "numeric field overflow");
        assertBad("{\"id\": 3, \"n\": 32768}", "value \"32768\" is out of range for type smallint");
        assertBad("{\"id\": 3, \"n\": -32769}", "out of range for type smallint");
        assertBad("{\"id\": 3, \"n\": 1e5}", "out of range for type smallint");
        assertBad("{\"id\": 2147483648}", "value \"2147483648\" is out of range for type integer");
        assertBad("{\"id\": 99999999999999999999}", "out of range for type integer");
        // Rounding to the scale happens before the check, as in PostgreSQL.
        assertEquals("4|NULL|NULL|NULL|NULL|NULL|999.99|NULL|NULL", decode("{\"id\": 4, \"price\": 999.994}"));
        // In bad-field-as-NULL mode an oversized value is NULL and named.
        JsonRowDecoder lenient = new JsonRowDecoder(NAMES, TYPES, NOT_NULL).badFieldAsNull(true);
        Object[] row = lenient.decode("{\"id\": 5, \"code\": \"abcdef\", \"price\": 1.5}".getBytes(StandardCharsets.UTF_8));
        assertEquals("5|NULL|NULL|NULL|NULL|NULL|1.50|NULL|NULL", text(row, TYPES));
        assertEquals("column \"code\": value too long for type character varying(4) (set to NULL)", lenient.fieldError());
    }

    @Test
    void oversizedValuesInCsvAreBadRecordsToo() throws Exception {
        CsvRowDecoder csv = new CsvRowDecoder(List.of("id", "code", "price", "n"),
                List.of(DataType.INTEGER, DataType.varchar(4), DataType.decimal(5, 2), DataType.SMALLINT),
                new boolean[4], new boolean[4], ',', false);
        assertEquals("1|abcd|1.50|7", text(csv.decode("1,abcd,1.5,7".getBytes(StandardCharsets.UTF_8)),
                List.of(DataType.INTEGER, DataType.varchar(4), DataType.decimal(5, 2), DataType.SMALLINT)));
        for (String[] c : new String[][] {{"1,abcde,1,1", "value too long for type character varying(4)"},
                {"1,a,1000,1", "numeric field overflow"}, {"1,a,1,40000", "out of range for type smallint"},
                {"3000000000,a,1,1", "out of range for type integer"}}) {
            JsonRowDecoder.BadRecordException e = assertThrows(JsonRowDecoder.BadRecordException.class,
                    () -> csv.decode(c[0].getBytes(StandardCharsets.UTF_8)), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void oneFieldFillsEveryColumnItMatchesCaseInsensitively() throws Exception {
        List<String> names = List.of("id", "Doc", "DOC", "doc");
        List<DataType> types = List.of(DataType.INTEGER, DataType.JSONB, DataType.array(DataType.INTEGER), DataType.VARCHAR);
        JsonRowDecoder d = new JsonRowDecoder(names, types, new boolean[4]).badFieldAsNull(true);
        // "dOC" matches all three case-insensitively; an array fills the jsonb and int[] columns, not the varchar one.
        Object[] row = d.decode("{\"id\": 1, \"dOC\": [1, 2]}".getBytes(StandardCharsets.UTF_8));
        assertEquals("1|[1, 2]|{1,2}|NULL", text(row, types));
        assertEquals("column \"doc\" of type character varying cannot take a JSON array (set to NULL)", d.fieldError());
        // An exact name wins over case-insensitive ones wherever it comes; of the rest the first name, its last value.
        row = d.decode("{\"DOC\": [3], \"dOC\": [9], \"id\": 2, \"Doc\": {\"x\": 1}, \"DOC\": [4], \"dOc\": \"s\", \"dOC\": [5]}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("2|{\"x\": 1}|{4}|NULL", text(row, types));
        assertEquals("column \"doc\" of type character varying cannot take a JSON array (set to NULL)", d.fieldError());
        row = d.decode("{\"dOc\": \"s\", \"DOC\": [3], \"Doc\": \"t\", \"doc\": \"u\", \"id\": 3}".getBytes(StandardCharsets.UTF_8));
        assertEquals("3|\"t\"|{3}|u", text(row, types));
        assertNull(d.fieldError());
    }

    @Test
    void fieldsMatchWhateverTheirOrderAndHowManyNamesWereSeen() throws Exception {
        // Past the decoder's cache of names (4096), names are still matched, in any position.
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 5000; i++) {
            many.append("\"f").append(i).append("\": ").append(i).append(", ");
        }
        assertEquals("1|NULL|NULL|NULL|NULL|a|NULL|NULL|NULL", decode(many + "\"ID\": 1, \"code\": \"a\"}"));
        assertEquals("2|NULL|NULL|NULL|NULL|b|NULL|NULL|NULL", decode("{\"code\": \"b\", \"f1\": 0, \"Id\": 2}"));
        assertEquals("3|NULL|NULL|NULL|NULL|c|NULL|NULL|NULL", decode("{\"zz\": 0, \"id\": 3, \"CODE\": \"c\"}"));
        assertEquals("4|NULL|NULL|NULL|NULL|d|NULL|NULL|NULL", decode("{\"id\": 4, \"code\": \"d\", \"g1\": 1}"));
    }

    @Test
    void duplicateFieldsKeepTheLastValueEvenWhenAnEarlierOneIsBad() throws Exception {
        assertEquals("1|NULL|{2}|NULL|NULL|ok|NULL|NULL|NULL",
                decode("{\"id\": \"x\", \"ints\": [\"bad\"], \"code\": \"too long\", \"id\": 1, \"ints\": [2], \"code\": \"ok\"}"));
        assertBad("{\"id\": 1, \"code\": \"ok\", \"code\": \"too long\"}", "value too long");
    }

    @Test
    void debeziumImagesAndKeysWithNestedValues() throws Exception {
        int[] key = {0};
        JsonRowDecoder.Change change = decoder.decodeDebezium(("{\"schema\": {\"x\": [1]}, \"payload\": {\"after\": {\"id\": 1, "
                + "\"doc\": {\"a\": 1}, \"ints\": [1, 2]}, \"before\": {\"id\": 2, \"doc\": [0]}, \"op\": \"u\"}}")
                .getBytes(StandardCharsets.UTF_8), key);
        assertEquals("1|{\"a\": 1}|{1,2}|NULL|NULL|NULL|NULL|NULL|NULL", text(change.insert(), TYPES));
        assertEquals(List.of(2L), List.of(change.deleteKey()[0]));
        change = decoder.decodeDebezium("{\"op\": \"d\", \"before\": {\"doc\": {\"id\": 9}, \"id\": 3}, \"after\": null}"
                .getBytes(StandardCharsets.UTF_8), key);
        assertNull(change.insert());
        assertEquals(3L, change.deleteKey()[0]);
        // A top-level "op" means the envelope is not wrapped, whatever "payload" holds.
        JsonRowDecoder.BadRecordException e = assertThrows(JsonRowDecoder.BadRecordException.class, () -> decoder.decodeDebezium(
                "{\"payload\": {\"op\": \"c\", \"after\": {\"id\": 1}}, \"op\": 5}".getBytes(StandardCharsets.UTF_8), key));
        assertTrue(e.getMessage().contains("no \"op\" field"), e.getMessage());
        // A bad key value in an UPSERT key object, or a key that is malformed after a bad value.
        e = assertThrows(JsonRowDecoder.BadRecordException.class,
                () -> decoder.decodeKey("{\"id\": [1]}".getBytes(StandardCharsets.UTF_8), key));
        assertTrue(e.getMessage().contains("cannot take a JSON array"), e.getMessage());
        e = assertThrows(JsonRowDecoder.BadRecordException.class,
                () -> decoder.decodeKey("\"x\" 1".getBytes(StandardCharsets.UTF_8), key));
        assertTrue(e.getMessage().contains("malformed JSON in the key"), e.getMessage());
        assertEquals(4L, decoder.decodeKey("{\"ID\": 4, \"doc\": {\"id\": 5}}".getBytes(StandardCharsets.UTF_8), key)[0]);
    }
}
