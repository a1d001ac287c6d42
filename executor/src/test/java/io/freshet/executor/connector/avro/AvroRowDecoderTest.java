package io.freshet.executor.connector.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.Jsonb;
import io.freshet.common.SqlState;
import io.freshet.common.TextFormat;
import io.freshet.executor.connector.JsonRowDecoder.BadRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

/**
 * Our Avro decoder against the reference implementation: every record here is encoded by Apache
 * Avro's {@link GenericDatumWriter}, and the expected values come from the record's Java values.
 */
class AvroRowDecoderTest {

    /** Apache Avro's binary encoding of {@code record}. */
    static byte[] encode(Schema schema, Object record) throws IOException {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new Conversions.UUIDConversion());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<Object>(schema, data).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static AvroRowDecoder inline(Schema schema, List<String> names, List<DataType> types, boolean[] notNull) {
        return AvroRowDecoder.forTable(names, types, notNull, new boolean[names.size()],
                Map.of("encode", "avro", AvroRowDecoder.DEFINITION, schema.toString()));
    }

    private static AvroRowDecoder inline(Schema schema, List<String> names, List<DataType> types) {
        return inline(schema, names, types, new boolean[names.size()]);
    }

    private static String text(List<DataType> types, Object[] row) {
        StringJoiner text = new StringJoiner("|");
        for (int c = 0; c < row.length; c++) {
            text.add(row[c] == null ? "NULL" : TextFormat.format(types.get(c), row[c]));
        }
        return text.toString();
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    @Test
    void primitiveTypesIntoTheirColumns() throws Exception {
        Schema schema = parse("""
                {"type": "record", "name": "r", "fields": [
                  {"name": "b", "type": "boolean"}, {"name": "i", "type": "int"}, {"name": "l", "type": "long"},
                  {"name": "f", "type": "float"}, {"name": "d", "type": "double"}, {"name": "by", "type": "bytes"},
                  {"name": "s", "type": "string"},
                  {"name": "e", "type": {"type": "enum", "name": "color", "symbols": ["RED", "GREEN"]}},
                  {"name": "fx", "type": {"type": "fixed", "name": "two", "size": 2}}]}""");
        List<String> names = List.of("b", "i", "l", "f", "d", "by", "s", "e", "fx");
        List<DataType> types = List.of(DataType.BOOLEAN, DataType.INTEGER, DataType.BIGINT, DataType.REAL, DataType.DOUBLE,
                DataType.BYTEA, DataType.VARCHAR, DataType.VARCHAR, DataType.BYTEA);
        AvroRowDecoder decoder = inline(schema, names, types);
        GenericRecord r = new GenericData.Record(schema);
        r.put("b", true);
        r.put("i", -123456);
        r.put("l", Long.MIN_VALUE);
        r.put("f", 1.5f);
        r.put("d", -2.25e-300);
        r.put("by", ByteBuffer.wrap(new byte[] {0, (byte) 0xff, 7}));
        r.put("s", "héllo ✓");
        r.put("e", new GenericData.EnumSymbol(schema.getField("e").schema(), "GREEN"));
        r.put("fx", new GenericData.Fixed(schema.getField("fx").schema(), new byte[] {1, 2}));
        Object[] row = decoder.decode(encode(schema, r));
        assertEquals(true, row[0]);
        assertEquals(-123456L, row[1]);
        assertEquals(Long.MIN_VALUE, row[2]);
        assertEquals(1.5d, row[3]);
        assertEquals(-2.25e-300, row[4]);
        assertArrayEquals(new byte[] {0, (byte) 0xff, 7}, (byte[]) row[5]);
        assertEquals("héllo ✓", row[6]);
        assertEquals("GREEN", row[7]);
        assertArrayEquals(new byte[] {1, 2}, (byte[]) row[8]);
    }

    @Test
    void numbersConvertToWiderAndNumericColumnsWithRangeChecks() throws Exception {
        Schema schema = parse("""
                {"type": "record", "name": "r", "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "long"},
                  {"name": "c", "type": "double"}, {"name": "d", "type": "float"}, {"name": "e", "type": "string"}]}""");
        List<String> names = List.of("a", "b", "c", "d", "e");
        List<DataType> types = List.of(DataType.SMALLINT, DataType.decimal(10, 2), DataType.decimal(20, 10), DataType.DOUBLE,
                DataType.INTEGER);
        AvroRowDecoder decoder = inline(schema, names, types);
        GenericRecord r = new GenericData.Record(schema);
        r.put("a", 32767);
        r.put("b", 12345678L);
        r.put("c", 0.1 + 0.2);
        r.put("d", 0.1f);
        r.put("e", " 42 ");
        Object[] row = decoder.decode(encode(schema, r));
        assertEquals(32767L, row[0]);
        assertEquals(new BigDecimal("12345678.00"), row[1]);
        // PostgreSQL's float8 to numeric keeps 15 significant digits: 0.30000000000000004 → 0.3.
        assertEquals(new BigDecimal(0.1 + 0.2).round(new MathContext(15)).setScale(10), row[2]);
        assertEquals((double) 0.1f, row[3]);
        assertEquals(42L, row[4]);

        r.put("a", 32768);
        byte[] outOfRange = encode(schema, r);
        BadRecordException bad = assertThrows(BadRecordException.class, () -> decoder.decode(outOfRange));
        assertTrue(bad.getMessage().contains("column \"a\": smallint out of range"), bad.getMessage());
        decoder.badFieldAsNull(true);
        Object[] nulled = decoder.decode(outOfRange);
        assertNull(nulled[0]);
        assertEquals(42L, nulled[4], "the fields after the bad one are still read");
        assertTrue(decoder.fieldError().contains("smallint out of range"), decoder.fieldError());

        r.put("a", 1);
        r.put("e", "forty-two");
        byte[] unparseable = encode(schema, r);
        decoder.badFieldAsNull(false);
        bad = assertThrows(BadRecordException.class, () -> decoder.decode(unparseable));
        assertTrue(bad.getMessage().contains("column \"e\": invalid input syntax for type integer"), bad.getMessage());
    }

    @Test
    void logicalTypes() throws Exception {
        Schema schema = parse("""
                {"type": "record", "name": "r", "fields": [
                  {"name": "day", "type": {"type": "int", "logicalType": "date"}},
                  {"name": "tm", "type": {"type": "int", "logicalType": "time-millis"}},
                  {"name": "tu", "type": {"type": "long", "logicalType": "time-micros"}},
                  {"name": "ts_ms", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "ts_us", "type": {"type": "long", "logicalType": "timestamp-micros"}},
                  {"name": "ts_ns", "type": {"type": "long", "logicalType": "timestamp-nanos"}},
                  {"name": "local_us", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
                  {"name": "local_ms", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
                  {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 3}},
                  {"name": "decf", "type": {"type": "fixed", "name": "f8", "size": 8, "logicalType": "decimal",
                                            "precision": 12, "scale": 2}},
                  {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
                  {"name": "idf", "type": {"type": "fixed", "name": "f16", "size": 16, "logicalType": "uuid"}},
                  {"name": "bogus", "type": {"type": "int", "logicalType": "decimal", "precision": 3}}]}""");
        List<String> names = List.of("day", "tm", "tu", "ts_ms", "ts_us", "ts_ns", "local_us", "local_ms", "dec", "decf", "id",
                "idf", "bogus");
        List<DataType> types = List.of(DataType.DATE, DataType.TIME, DataType.TIME, DataType.TIMESTAMPTZ, DataType.TIMESTAMPTZ,
                DataType.TIMESTAMP, DataType.TIMESTAMP, DataType.TIMESTAMP, DataType.DECIMAL, DataType.decimal(12, 2),
                DataType.VARCHAR, DataType.VARCHAR, DataType.BIGINT);
        AvroRowDecoder decoder = inline(schema, names, types);
        LocalDate day = LocalDate.of(2024, 2, 29);
        long tsMicros = LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000).toEpochSecond(ZoneOffset.UTC) * 1_000_000 + 123_456;
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        ByteBuffer idBytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        GenericRecord r = new GenericData.Record(schema);
        r.put("day", (int) day.toEpochDay());
        r.put("tm", 45_296_789);          // 12:34:56.789
        r.put("tu", 45_296_789_012L);     // 12:34:56.789012
        r.put("ts_ms", tsMicros / 1000);
        r.put("ts_us", tsMicros);
        r.put("ts_ns", tsMicros * 1000 + 499);
        r.put("local_us", tsMicros);
        r.put("local_ms", tsMicros / 1000);
        r.put("dec", new BigDecimal("-123456.789"));
        r.put("decf", new BigDecimal("1234567890.12"));
        r.put("id", id);
        r.put("idf", new GenericData.Fixed(schema.getField("idf").schema(), idBytes.array()));
        r.put("bogus", 77);
        assertEquals("2024-02-29|12:34:56.789|12:34:56.789012|2024-02-29 13:14:15.123+00|2024-02-29 13:14:15.123456+00"
                        + "|2024-02-29 13:14:15.123456|2024-02-29 13:14:15.123456|2024-02-29 13:14:15.123|-123456.789"
                        + "|1234567890.12|" + id + "|" + id + "|77",
                text(types, decoder.decode(encode(schema, r))));
    }

    @Test
    void unionsNestedRecordsMapsAndArrays() throws Exception {
        Schema schema = parse("""
                {"type": "record", "name": "r", "namespace": "t", "fields": [
                  {"name": "opt", "type": ["null", "long"]},
                  {"name": "multi", "type": ["null", "string", "long"]},
                  {"name": "inner", "type": {"type": "record", "name": "inner", "fields": [
                      {"name": "x", "type": "int"}, {"name": "label", "type": ["null", "string"]},
                      {"name": "raw", "type": "bytes"}, {"name": "ratio", "type": "double"}]}},
                  {"name": "tags", "type": {"type": "map", "values": "long"}},
                  {"name": "nums", "type": {"type": "array", "items": ["null", "int"]}},
                  {"name": "nums_json", "type": {"type": "array", "items": "inner"}},
                  {"name": "skipped", "type": {"type": "array", "items": {"type": "map", "values": "inner"}}}]}""");
        List<String> names = List.of("opt", "multi", "inner", "tags", "nums", "nums_json");
        List<DataType> types = List.of(DataType.BIGINT, DataType.VARCHAR, DataType.JSONB, DataType.JSONB,
                DataType.array(DataType.INTEGER), DataType.JSONB);
        AvroRowDecoder decoder = inline(schema, names, types);
        Schema innerSchema = schema.getField("inner").schema();
        GenericRecord inner = new GenericData.Record(innerSchema);
        inner.put("x", 5);
        inner.put("label", "a\"b");
        inner.put("raw", ByteBuffer.wrap(new byte[] {1, (byte) 0xab}));
        inner.put("ratio", Double.NaN);
        GenericRecord r = new GenericData.Record(schema);
        r.put("opt", null);
        r.put("multi", "text");
        r.put("inner", inner);
        Map<String, Long> tags = new LinkedHashMap<>();
        tags.put("zz", 1L);
        tags.put("a", -2L);
        r.put("tags", tags);
        r.put("nums", Arrays.asList(1, null, 3));
        r.put("nums_json", List.of(inner, inner));
        r.put("skipped", List.of(Map.of("k", inner), Map.of()));
        String innerJson = "{\"x\": 5, \"raw\": \"\\\\x01ab\", \"label\": \"a\\\"b\", \"ratio\": \"NaN\"}";
        assertEquals("NULL|text|" + innerJson + "|{\"a\": -2, \"zz\": 1}|{1,NULL,3}|[" + innerJson + ", " + innerJson + "]",
                text(types, decoder.decode(encode(schema, r))));
        assertEquals(Jsonb.normalize(innerJson), innerJson, "the expected JSONB text is normalized");

        r.put("opt", 9L);
        r.put("multi", 10L);
        byte[] wrongBranch = encode(schema, r);
        BadRecordException bad = assertThrows(BadRecordException.class, () -> decoder.decode(wrongBranch));
        assertTrue(bad.getMessage().contains("column \"multi\" of type character varying cannot take an Avro long"),
                bad.getMessage());
        decoder.badFieldAsNull(true);
        Object[] row = decoder.decode(wrongBranch);
        assertEquals(9L, row[0]);
        assertNull(row[1]);
        assertEquals("{1,NULL,3}", TextFormat.format(types.get(4), row[4]), "fields after the bad branch are read");
    }

    @Test
    void recursiveSchemasDecodeIntoJsonb() throws Exception {
        Schema schema = parse("""
                {"type": "record", "name": "node", "fields": [
                  {"name": "v", "type": "int"}, {"name": "next", "type": ["null", "node"]}]}""");
        AvroRowDecoder decoder = inline(schema, List.of("next"), List.of(DataType.JSONB));
        GenericRecord tail = new GenericData.Record(schema);
        tail.put("v", 2);
        GenericRecord head = new GenericData.Record(schema);
        head.put("v", 1);
        head.put("next", tail);
        assertEquals("{\"v\": 2, \"next\": null}", decoder.decode(encode(schema, head))[0]);

        GenericRecord deep = tail;
        for (int i = 0; i < AvroRowDecoder.MAX_DEPTH + 5; i++) {
            GenericRecord up = new GenericData.Record(schema);
            up.put("v", i);
            up.put("next", deep);
            deep = up;
        }
        byte[] tooDeep = encode(schema, deep);
        BadRecordException bad = assertThrows(BadRecordException.class, () -> decoder.decode(tooDeep));
        assertTrue(bad.getMessage().contains("nested deeper than"), bad.getMessage());
    }

    @Test
    void columnsMatchFieldsByNameCaseInsensitivelyAndExtraFieldsAreSkipped() throws Exception {
        Schema schema = parse("""
                {"type": "record", "name": "r", "fields": [
                  {"name": "Extra", "type": {"type": "array", "items": "string"}},
                  {"name": "ID", "type": "long"}, {"name": "id2", "type": "long"},
                  {"name": "more", "type": {"type": "map", "values": ["null", "double"]}}, {"name": "Name", "type": "string"}]}""");
        AvroRowDecoder decoder = AvroRowDecoder.forTable(List.of("name", "id", "kafka_offset"),
                List.of(DataType.VARCHAR, DataType.BIGINT, DataType.BIGINT), new boolean[] {false, true, false},
                new boolean[] {false, false, true}, Map.of("encode", "avro", AvroRowDecoder.DEFINITION, schema.toString()));
        GenericRecord r = new GenericData.Record(schema);
        r.put("Extra", List.of("a", "b"));
        r.put("ID", 7L);
        r.put("id2", 8L);
        Map<String, Object> more = new HashMap<>();
        more.put("x", null);
        more.put("y", 1.0);
        r.put("more", more);
        r.put("Name", "n");
        assertEquals(Arrays.asList("n", 7L, null), Arrays.asList(decoder.decode(encode(schema, r))));
    }

    @Test
    void notNullColumnsRefuseNulls() throws Exception {
        Schema schema = parse("""
                {"type": "record", "name": "r", "fields": [{"name": "id", "type": ["null", "int"]}]}""");
        AvroRowDecoder decoder = inline(schema, List.of("id"), List.of(DataType.INTEGER), new boolean[] {true});
        GenericRecord r = new GenericData.Record(schema);
        byte[] value = encode(schema, r);
        BadRecordException bad = assertThrows(BadRecordException.class, () -> decoder.decode(value));
        assertEquals("null value in column \"id\", which is NOT NULL", bad.getMessage());
    }

    @Test
    void schemasAndColumnsAreCheckedAtCreate() {
        Map<String, String> bad = Map.of("encode", "avro", AvroRowDecoder.DEFINITION, "{\"type\": \"record\", \"name\": \"r\"");
        assertInvalid(bad, List.of("a"), List.of(DataType.INTEGER), "option 'schema.definition' is not a valid Avro schema");
        assertInvalid(Map.of("encode", "avro", AvroRowDecoder.DEFINITION,
                        "{\"type\": \"record\", \"name\": \"r\", \"fields\": [{\"name\": \"a\", \"type\": \"nosuch\"}]}"),
                List.of("a"), List.of(DataType.INTEGER), "unknown type \"nosuch\"");
        String schema = "{\"type\": \"record\", \"name\": \"r\", \"fields\": [{\"name\": \"a\", \"type\": \"string\"},"
                + " {\"name\": \"m\", \"type\": {\"type\": \"map\", \"values\": \"int\"}}, {\"name\": \"l\", \"type\": \"long\"}]}";
        Map<String, String> options = Map.of("encode", "avro", AvroRowDecoder.DEFINITION, schema);
        assertInvalid(options, List.of("a", "b"), List.of(DataType.VARCHAR, DataType.INTEGER), "no field for column \"b\"");
        assertInvalid(options, List.of("m"), List.of(DataType.VARCHAR),
                "field \"m\" of Avro type map of int cannot fill column \"m\" of type character varying");
        assertInvalid(options, List.of("l"), List.of(DataType.BOOLEAN), "cannot fill column \"l\" of type boolean");
        assertInvalid(Map.of("encode", "avro", AvroRowDecoder.DEFINITION, "\"string\""), List.of("a"), List.of(DataType.VARCHAR),
                "is a string, not a record");
        assertInvalid(Map.of("encode", "avro"), List.of("a"), List.of(DataType.VARCHAR), "needs exactly one of");
        assertInvalid(Map.of("encode", "avro", AvroRowDecoder.REGISTRY, "localhost:8081"), List.of("a"),
                List.of(DataType.VARCHAR), "option 'schema.registry'");
        assertInvalid(Map.of("encode", "json", AvroRowDecoder.REGISTRY, "http://localhost:8081"), List.of("a"),
                List.of(DataType.VARCHAR), "ENCODE AVRO options");
    }

    private static void assertInvalid(Map<String, String> options, List<String> names, List<DataType> types, String message) {
        FreshetException e = assertThrows(FreshetException.class,
                () -> AvroRowDecoder.forTable(names, types, new boolean[names.size()], new boolean[names.size()], options));
        assertEquals(SqlState.INVALID_PARAMETER_VALUE, e.state());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** Random records of a schema with every type, from Apache Avro's RandomData, read back field by field. */
    @Test
    void randomRecordsMatchTheReferenceValues() throws Exception {
        Schema schema = parse("""
                {"type": "record", "name": "r", "fields": [
                  {"name": "b", "type": "boolean"}, {"name": "i", "type": ["null", "int"]}, {"name": "l", "type": "long"},
                  {"name": "f", "type": "float"}, {"name": "d", "type": "double"}, {"name": "by", "type": "bytes"},
                  {"name": "s", "type": ["string", "null"]}, {"name": "arr", "type": {"type": "array", "items": "long"}},
                  {"name": "m", "type": {"type": "map", "values": {"type": "array", "items": "boolean"}}},
                  {"name": "e", "type": {"type": "enum", "name": "e", "symbols": ["A", "B", "C"]}}]}""");
        List<String> names = List.of("b", "i", "l", "f", "d", "by", "s", "arr", "e");
        List<DataType> types = List.of(DataType.BOOLEAN, DataType.BIGINT, DataType.BIGINT, DataType.DOUBLE, DataType.DOUBLE,
                DataType.BYTEA, DataType.VARCHAR, DataType.array(DataType.BIGINT), DataType.VARCHAR);
        AvroRowDecoder decoder = inline(schema, names, types);
        int n = 0;
        for (Object datum : new RandomData(schema, 500, 42L)) {
            GenericRecord r = (GenericRecord) datum;
            Object[] row = decoder.decode(encode(schema, r));
            assertEquals(r.get("b"), row[0]);
            assertEquals(r.get("i") == null ? null : ((Integer) r.get("i")).longValue(), row[1]);
            assertEquals(r.get("l"), row[2]);
            assertEquals(((Float) r.get("f")).doubleValue(), row[3]);
            assertEquals(r.get("d"), row[4]);
            ByteBuffer bytes = ((ByteBuffer) r.get("by")).duplicate();
            byte[] expected = new byte[bytes.remaining()];
            bytes.get(expected);
            assertArrayEquals(expected, (byte[]) row[5]);
            assertEquals(r.get("s") == null ? null : r.get("s").toString(), row[6]);
            assertEquals(new ArrayList<>((List<?>) r.get("arr")), row[7]);
            assertEquals(r.get("e").toString(), row[8]);
            n++;
        }
        assertEquals(500, n);
    }

    /** Every proper prefix of a valid value is truncated, and random bytes never escape as another exception. */
    @Test
    void truncatedAndGarbageValuesAreBadRecords() throws Exception {
        Schema schema = parse("""
                {"type": "record", "name": "r", "fields": [
                  {"name": "s", "type": "string"}, {"name": "arr", "type": {"type": "array", "items": "long"}},
                  {"name": "m", "type": {"type": "map", "values": "null"}}, {"name": "j", "type": {"type": "array",
                    "items": {"type": "record", "name": "empty", "fields": []}}},
                  {"name": "u", "type": ["null", "double"]}, {"name": "x", "type": "bytes"}]}""");
        List<String> names = List.of("s", "arr", "m", "j", "u", "x");
        List<DataType> types = List.of(DataType.VARCHAR, DataType.array(DataType.BIGINT), DataType.JSONB, DataType.JSONB,
                DataType.DOUBLE, DataType.BYTEA);
        AvroRowDecoder decoder = inline(schema, names, types);
        GenericRecord r = new GenericData.Record(schema);
        r.put("s", "abcdef");
        r.put("arr", List.of(1L, 300L, -5L));
        Map<String, Object> m = new HashMap<>();
        m.put("k", null);
        r.put("m", m);
        r.put("j", List.of(new GenericData.Record(schema.getField("j").schema().getElementType())));
        r.put("u", 2.5);
        r.put("x", ByteBuffer.wrap(new byte[] {9, 9}));
        byte[] valid = encode(schema, r);
        assertEquals("abcdef|{1,300,-5}|{\"k\": null}|[{}]|2.5|\\x0909", text(types, decoder.decode(valid)));
        for (int length = 0; length < valid.length; length++) {
            byte[] prefix = Arrays.copyOf(valid, length);
            assertThrows(BadRecordException.class, () -> decoder.decode(prefix), "prefix of " + length + " bytes");
        }
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        BadRecordException bad = assertThrows(BadRecordException.class, () -> decoder.decode(trailing));
        assertTrue(bad.getMessage().contains("1 byte after the end of the record"), bad.getMessage());

        // A string claiming 2^62 bytes, an array claiming 2^62 items, a map of 2^62 nulls, a too long varint.
        assertBad(decoder, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}, "truncated");
        assertBad(decoder, new byte[] {0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, 0x7f}, "longer than the value");
        assertBad(decoder, new byte[] {0, 0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, 0x7f}, "longer than the value");
        assertBad(decoder, new byte[] {0, 0, 0, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}, "items of an empty type");
        assertBad(decoder, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}, "longer than 10 bytes");
        assertBad(decoder, new byte[] {0, 0, 0, 0, 4}, "invalid Avro union branch 2");
        assertBad(decoder, new byte[] {2, (byte) 0xc3, 0, 0, 0, 0}, "not UTF-8");

        Random random = new Random(7);
        int good = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[random.nextInt(40)];
            random.nextBytes(garbage);
            if (random.nextBoolean() && garbage.length > 0) {
                // Mutate a valid value instead: closer to the real decoder paths.
                garbage = valid.clone();
                garbage[random.nextInt(garbage.length)] = (byte) random.nextInt(256);
            }
            try {
                decoder.decode(garbage);
                good++;
            } catch (BadRecordException e) {
                assertTrue(!e.getMessage().startsWith("undecodable"), e.getMessage());
            }
        }
        assertTrue(good < 20_000);
    }

    private static void assertBad(AvroRowDecoder decoder, byte[] value, String message) {
        BadRecordException bad = assertThrows(BadRecordException.class, () -> decoder.decode(value));
        assertTrue(bad.getMessage().contains(message), bad.getMessage());
    }

    /**
     * The Confluent wire format against a fake schema registry (Confluent's registry is not on
     * Maven Central; the JDK's HttpServer serves {@code GET /schemas/ids/{id}} instead).
     */
    @Test
    void registrySchemasAreFetchedByIdCachedAndRetried() throws Exception {
        Map<Integer, String> schemas = new ConcurrentHashMap<>();
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/schemas/ids/", exchange -> {
            requests.incrementAndGet();
            String id = exchange.getRequestURI().getPath().substring("/schemas/ids/".length());
            String schema = schemas.get(Integer.parseInt(id));
            byte[] body = (schema == null ? "{\"error_code\": 40403, \"message\": \"Schema not found\"}"
                    : "{\"schema\": " + Jsonb.print(schema) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(schema == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            Schema v1 = parse("{\"type\": \"record\", \"name\": \"r\", \"fields\": [{\"name\": \"id\", \"type\": \"long\"}]}");
            Schema v2 = parse("{\"type\": \"record\", \"name\": \"r\", \"fields\": [{\"name\": \"id\", \"type\": \"long\"},"
                    + " {\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}]}");
            schemas.put(1, v1.toString());
            AvroRowDecoder decoder = AvroRowDecoder.forTable(List.of("id", "note"), List.of(DataType.BIGINT, DataType.VARCHAR),
                    new boolean[] {true, false}, new boolean[2], Map.of("encode", "avro", AvroRowDecoder.REGISTRY,
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/")).retryAfter(0);
            GenericRecord r1 = new GenericData.Record(v1);
            r1.put("id", 5L);
            assertEquals(Arrays.asList(5L, null), Arrays.asList(decoder.decode(confluent(1, encode(v1, r1)))));
            assertEquals(Arrays.asList(5L, null), Arrays.asList(decoder.decode(confluent(1, encode(v1, r1)))));
            assertEquals(1, requests.get(), "one fetch per schema id");

            GenericRecord r2 = new GenericData.Record(v2);
            r2.put("id", 6L);
            r2.put("note", "hi");
            byte[] second = confluent(2, encode(v2, r2));
            assertBad(decoder, second, "schema id 2 not found in the schema registry");
            schemas.put(2, v2.toString());
            assertEquals(Arrays.asList(6L, "hi"), Arrays.asList(decoder.decode(second)), "a failed look-up is retried");

            assertBad(decoder, encode(v1, r1), "wire format");
            schemas.put(3, "{\"type\": \"record\", \"name\": \"r\", \"fields\": [{\"name\": \"note\", \"type\": \"string\"}]}");
            assertBad(decoder, confluent(3, new byte[] {2, 'x'}), "Avro schema id 3 has no field for column \"id\", which is NOT NULL");
            schemas.put(4, "{\"type\": \"record\", \"name\": \"r\", \"fields\": [{\"name\": \"id\", \"type\": \"boolean\"}]}");
            assertBad(decoder, confluent(4, new byte[] {1}), "cannot fill column \"id\" of type bigint");
        } finally {
            server.stop(0);
        }
        AvroRowDecoder unreachable = AvroRowDecoder.forTable(List.of("id"), List.of(DataType.BIGINT), new boolean[1],
                new boolean[1], Map.of("encode", "avro", AvroRowDecoder.REGISTRY, "http://127.0.0.1:" + server.getAddress().getPort()));
        // A registry that does not answer is not the record's fault: the reader must hold it back, not skip it.
        io.freshet.executor.connector.RetryLaterException held = org.junit.jupiter.api.Assertions.assertThrows(
                io.freshet.executor.connector.RetryLaterException.class, () -> unreachable.decode(confluent(1, new byte[] {2})));
        assertTrue(held.getMessage().contains("could not reach the schema registry"), held.getMessage());
    }

    static byte[] confluent(int id, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) 0).putInt(id).put(body).array();
    }

    static List<Object> list(Object... values) {
        return new ArrayList<>(Arrays.asList(values));
    }
}
