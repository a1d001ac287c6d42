package io.freshet.executor.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.common.DataType;
import io.freshet.common.TextFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** JSON record values decoded into rows: name matching, NULLs, type conversions and bad records. */
class JsonRowDecoderTest {
    private static final List<String> NAMES = List.of("id", "name", "price", "qty", "ok", "day", "at", "atz", "span", "ratio");
    private static final List<DataType> TYPES = List.of(DataType.INTEGER, DataType.varchar(5), DataType.decimal(6, 2),
            DataType.BIGINT, DataType.BOOLEAN, DataType.DATE, DataType.TIMESTAMP, DataType.TIMESTAMPTZ, DataType.INTERVAL,
            DataType.DOUBLE);
    private static final boolean[] NOT_NULL = {true, false, false, false, false, false, false, false, false, false};

    private final JsonRowDecoder decoder = new JsonRowDecoder(NAMES, TYPES, NOT_NULL);

    /** The decoded row in PostgreSQL's text output, columns separated by '|'. */
    private String decode(String json) throws JsonRowDecoder.BadRecordException {
        Object[] row = decoder.decode(json.getBytes(StandardCharsets.UTF_8));
        StringJoiner text = new StringJoiner("|");
        for (int c = 0; c < row.length; c++) {
            text.add(row[c] == null ? "NULL" : TextFormat.format(TYPES.get(c), row[c]));
        }
        return text.toString();
    }

    private void assertBad(String json, String reason) {
        JsonRowDecoder.BadRecordException e = assertThrows(JsonRowDecoder.BadRecordException.class, () -> decode(json), json);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void everyTypeFromItsJsonForm() throws Exception {
        assertEquals("7|héllo|12.35|9007199254740993|t|2024-02-29|2024-02-29 13:14:15.123456|2024-02-29 12:14:15+00|1 day 02:00:00|0.5",
                decode("{\"id\": 7, \"name\": \"héllo\", \"price\": 12.345, \"qty\": 9007199254740993, \"ok\": true,"
                        + " \"day\": \"2024-02-29\", \"at\": \"2024-02-29 13:14:15.123456\", \"atz\": \"2024-02-29 13:14:15+01\","
                        + " \"span\": \"1 day 2 hours\", \"ratio\": 5e-1}"));
    }

    @Test
    void stringsUseThePostgresInputOfTheColumnType() throws Exception {
        assertEquals("42|x|1.50|-3|f|NULL|NULL|NULL|NULL|1e+100",
                decode("{\"id\": \"42\", \"name\": \"x\", \"price\": \" 1.5 \", \"qty\": \"-3\", \"ok\": \"no\", \"ratio\": \"1e100\"}"));
    }

    @Test
    void namesMatchCaseInsensitivelyPreferringAnExactMatch() throws Exception {
        assertEquals("1|a|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL", decode("{\"ID\": 1, \"Name\": \"a\"}"));
        assertEquals("2|exact|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
                decode("{\"id\": 2, \"NAME\": \"upper\", \"name\": \"exact\"}"));
    }

    @Test
    void missingFieldsAndJsonNullAreNullAndExtraFieldsIgnored() throws Exception {
        assertEquals("3|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL",
                decode("{\"id\": 3, \"name\": null, \"other\": {\"deep\": [1, 2]}}"));
    }

    @Test
    void badRecordsSayWhy() {
        assertBad("{\"id\": 1, ", "malformed JSON");
        assertBad("{\"id\": 1} {\"id\": 2}", "malformed JSON");
        assertBad("[1]", "not a JSON object");
        assertBad("\"text\"", "not a JSON object");
        assertBad("", "not a JSON object");
        assertBad("{\"name\": \"a\"}", "\"id\"");
        assertBad("{\"id\": null}", "\"id\"");
        assertBad("{\"id\": 1.5}", "\"id\"");
        assertBad("{\"id\": 2147483648}", "\"id\"");
        assertBad("{\"id\": \"seven\"}", "\"id\"");
        assertBad("{\"id\": true}", "cannot take a JSON boolean");
        assertBad("{\"id\": 1, \"name\": \"toolong\"}", "\"name\"");
        assertBad("{\"id\": 1, \"name\": 5}", "cannot take a JSON number");
        assertBad("{\"id\": 1, \"price\": 12345.5}", "\"price\"");
        assertBad("{\"id\": 1, \"ok\": 1}", "cannot take a JSON number");
        assertBad("{\"id\": 1, \"day\": \"2024-02-30\"}", "\"day\"");
        assertBad("{\"id\": 1, \"at\": 1700000000}", "cannot take a JSON number");
        assertBad("{\"id\": 1, \"atz\": \"soon\"}", "\"atz\"");
        assertBad("{\"id\": 1, \"span\": [1]}", "cannot take a JSON array");
        assertBad("{\"id\": 1, \"ratio\": 1e400}", "\"ratio\"");
        JsonRowDecoder.BadRecordException e = assertThrows(JsonRowDecoder.BadRecordException.class, () -> decoder.decode(null));
        assertTrue(e.getMessage().contains("no value"), e.getMessage());
    }

    private String key(String json, int... keyColumns) throws JsonRowDecoder.BadRecordException {
        Object[] values = decoder.decodeKey(json == null ? null : json.getBytes(StandardCharsets.UTF_8), keyColumns);
        StringJoiner text = new StringJoiner("|");
        for (int k = 0; k < values.length; k++) {
            text.add(TextFormat.format(TYPES.get(keyColumns[k]), values[k]));
        }
        return text.toString();
    }

    private void assertBadKey(String json, String reason, int... keyColumns) {
        JsonRowDecoder.BadRecordException e = assertThrows(JsonRowDecoder.BadRecordException.class,
                () -> key(json, keyColumns), json);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void upsertKeysAreObjectsNamingTheKeyColumnsOrBareValuesForOneColumn() throws Exception {
        assertEquals("7", key("{\"id\": 7, \"other\": 1}", 0));
        assertEquals("7", key("{\"ID\": \"7\"}", 0));
        assertEquals("7", key("7", 0));
        assertEquals("abc", key("\"abc\"", 1));
        assertEquals("3|2024-02-29", key("{\"day\": \"2024-02-29\", \"id\": 3}", 0, 5));
        assertBadKey(null, "no key", 0);
        assertBadKey("{\"other\": 7}", "key column \"id\"", 0);
        assertBadKey("{\"id\": null}", "key column \"id\"", 0);
        assertBadKey("3", "not a JSON object naming the key columns", 0, 5);
        assertBadKey("[7]", "not a JSON object or a JSON scalar", 0);
        assertBadKey("null", "not a JSON object", 0);
        assertBadKey("\"seven\"", "column \"id\"", 0);
        assertBadKey("{\"id\": ", "malformed JSON in the key", 0);
    }

    @Test
    void skippedColumnsAreNotReadFromTheValue() throws Exception {
        boolean[] skip = new boolean[NAMES.size()];
        skip[1] = true;
        skip[3] = true;
        JsonRowDecoder skipping = new JsonRowDecoder(NAMES, TYPES, NOT_NULL, skip);
        // qty would be bad (a string that is no number); name is left NULL for the caller.
        Object[] row = skipping.decode("{\"id\": 1, \"name\": \"x\", \"qty\": \"many\", \"ok\": true}"
                .getBytes(StandardCharsets.UTF_8));
        StringJoiner text = new StringJoiner("|");
        for (int c = 0; c < row.length; c++) {
            text.add(row[c] == null ? "NULL" : TextFormat.format(TYPES.get(c), row[c]));
        }
        assertEquals("1|NULL|NULL|NULL|t|NULL|NULL|NULL|NULL|NULL", text.toString());
    }

    @Test
    void payloadSamplesEscapeNonPrintableBytesAndStopAt256() {
        assertEquals("a\\\\b \\xc3\\xa9\\x00\\x0a", KafkaRecordDecoder.sample("a\\b \u00e9\u0000\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(256, KafkaRecordDecoder.sample("x".repeat(300).getBytes(StandardCharsets.UTF_8)).length());
        assertEquals(null, KafkaRecordDecoder.sample(null));
    }
}
