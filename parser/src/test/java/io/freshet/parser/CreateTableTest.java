package io.freshet.parser;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.freshet.parser.Parsing.failure;
import static io.freshet.parser.Parsing.parse;
import static io.freshet.parser.Parsing.sql;
import static io.freshet.parser.Parsing.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreateTableTest {
    @Test
    void columnsFlagsAndInlinePrimaryKey() {
        SqlCreateTable table = parse("""
                CREATE TABLE IF NOT EXISTS Orders (
                    id bigint PRIMARY KEY,
                    customer text NOT NULL,
                    amount numeric(10, 2) DEFAULT 0 NULL,
                    "placedAt" timestamptz
                )""", SqlCreateTable.class);

        assertEquals(SqlKind.CREATE_TABLE, table.getKind());
        assertEquals("orders", table.getName().getSimple());
        assertTrue(table.isIfNotExists());
        assertFalse(table.getReplace());
        List<SqlColumnDeclaration> columns = table.getColumns();
        assertEquals(List.of("id", "customer", "amount", "placedAt"),
                columns.stream().map(SqlColumnDeclaration::getSimpleName).toList());
        assertEquals(List.of("BIGINT", "VARCHAR", "DECIMAL(10, 2)", "TIMESTAMP WITH LOCAL TIME ZONE"),
                columns.stream().map(column -> type(column.getDataType())).toList());

        SqlColumnDeclaration id = columns.get(0);
        assertTrue(id.isPrimaryKey());
        assertFalse(id.isNotNull());
        assertNull(id.getDefaultValue());
        SqlColumnDeclaration customer = columns.get(1);
        assertTrue(customer.isNotNull());
        assertEquals(Boolean.FALSE, customer.getDataType().getNullable());
        SqlColumnDeclaration amount = columns.get(2);
        assertEquals("0", sql(amount.getDefaultValue()));
        assertEquals(Boolean.TRUE, amount.getDataType().getNullable());
        assertNull(columns.get(3).getDataType().getNullable());

        assertEquals(List.of("id"), table.getPrimaryKey());
        assertTrue(table.getPrimaryKeyConstraint().isEmpty());
        assertEquals(Map.of(), table.getOptions());
        assertNull(table.getFormatEncode());
    }

    @Test
    void tablePrimaryKeyAndOptionsInOrder() {
        SqlCreateTable table = parse("""
                create table s.readings (sensor int, ts timestamp, v double precision,
                    constraint pk primary key (sensor, ts))
                with (
                    connector = 'datagen',
                    rows_per_second = 10,
                    fields.sensor.kind = 'sequence',
                    fields.v.max = 100.5,
                    "Fields.V.Min" = -3,
                    'properties.bootstrap.server' = 'localhost:9092',
                    fields.ts.max_past = 1e3,
                    enabled = true,
                    value = 'a' 'b',
                    escaped = E'tab\\there'
                )""", SqlCreateTable.class);

        assertEquals(List.of("s", "readings"), table.getName().names);
        assertFalse(table.isIfNotExists());
        assertEquals(List.of("sensor", "ts"), table.getPrimaryKey());
        assertEquals(List.of("sensor", "ts"),
                table.getPrimaryKeyConstraint().stream().map(id -> id.getSimple()).toList());
        assertTrue(table.getColumns().stream().noneMatch(SqlColumnDeclaration::isPrimaryKey));

        Map<String, String> options = table.getOptions();
        assertEquals(List.of("connector", "rows_per_second", "fields.sensor.kind", "fields.v.max", "Fields.V.Min",
                "properties.bootstrap.server", "fields.ts.max_past", "enabled", "value", "escaped"),
                List.copyOf(options.keySet()));
        assertEquals("datagen", options.get("connector"));
        assertEquals("10", options.get("rows_per_second"));
        assertEquals("sequence", options.get("fields.sensor.kind"));
        assertEquals("100.5", options.get("fields.v.max"));
        assertEquals("-3", options.get("Fields.V.Min"));
        assertEquals("localhost:9092", options.get("properties.bootstrap.server"));
        assertEquals("1e3", options.get("fields.ts.max_past"));
        assertEquals("true", options.get("enabled"));
        assertEquals("ab", options.get("value"));
        assertEquals("tab\there", options.get("escaped"));
    }

    @Test
    void optionNodesKeepTheirPosition() {
        SqlCreateTable table = parse("create table t (a int) with (connector = 'kafka',\n  topic = 'x')",
                SqlCreateTable.class);

        SqlOption topic = table.getOptionList().get(1);
        assertEquals("topic", topic.getKey());
        assertEquals("x", topic.getValue());
        assertEquals(SqlTypeName.CHAR, topic.getValueLiteral().getTypeName());
        assertEquals(2, topic.getParserPosition().getLineNum());
        assertEquals(3, topic.getParserPosition().getColumnNum());
    }

    @Test
    void formatAndEncodeWithOptions() {
        SqlCreateTable table = parse("""
                CREATE TABLE t (k varchar, v int) WITH (connector = 'kafka', topic = 't')
                FORMAT upsert ENCODE avro (schema.registry = 'http://registry:8081', "message" = 'M')""",
                SqlCreateTable.class);

        assertEquals("UPSERT", table.getFormat());
        assertEquals("AVRO", table.getEncode());
        assertEquals(Map.of("schema.registry", "http://registry:8081", "message", "M"), table.getEncodeOptions());
        assertEquals(Map.of("connector", "kafka", "topic", "t"), table.getOptions());

        SqlCreateTable plain = parse("create table t (v int) format plain encode json", SqlCreateTable.class);
        assertEquals("PLAIN", plain.getFormat());
        assertEquals("JSON", plain.getEncode());
        assertEquals(Map.of(), plain.getEncodeOptions());
    }

    @Test
    void includeColumns() {
        SqlCreateTable table = parse("""
                CREATE TABLE t (v int) INCLUDE key AS k INCLUDE partition AS "P" include OFFSET
                INCLUDE timestamp AS ts INCLUDE header 'trace-id' AS h
                WITH (connector = 'kafka', topic = 't') FORMAT PLAIN ENCODE JSON""", SqlCreateTable.class);
        List<String> described = new java.util.ArrayList<>();
        for (SqlIncludeColumn include : table.getIncludes()) {
            described.add(include.getWhat() + "/" + include.getHeader() + "/" + include.getAlias());
        }
        assertEquals(List.of("KEY/null/k", "PARTITION/null/P", "OFFSET/null/null", "TIMESTAMP/null/ts", "HEADER/trace-id/h"),
                described);
        assertEquals(Map.of("connector", "kafka", "topic", "t"), table.getOptions());
        assertEquals("PLAIN", table.getFormat());
        // Unparsed and parsed again, the clauses survive.
        assertEquals("CREATE TABLE t (v INTEGER) INCLUDE KEY AS k INCLUDE PARTITION AS \"P\" INCLUDE OFFSET"
                + " INCLUDE TIMESTAMP AS ts INCLUDE HEADER 'trace-id' AS h WITH (connector = 'kafka', topic = 't')"
                + " FORMAT PLAIN ENCODE JSON", sql(table));
        SqlCreateTable again = parse(sql(table), SqlCreateTable.class);
        assertEquals(table.getIncludes().size(), again.getIncludes().size());
        assertEquals("trace-id", again.getIncludes().get(4).getHeader());
        assertEquals("P", again.getIncludes().get(1).getAlias());
        assertEquals(List.of(), parse("create table t (v int)", SqlCreateTable.class).getIncludes());
    }

    @Test
    void postgresTypeNamesAreNormalized() {
        SqlCreateTable table = parse("""
                create table t (
                    a int2, b smallint, c int, d int4, e integer, f int8, g bigint,
                    h float4, i real, j float8, k double precision, l float, m float(20), n float(40),
                    o numeric, p decimal(12, 3), q text, r varchar, s varchar(20), t character varying(30),
                    u bool, v boolean, w bytea, x date, y time, z timestamp,
                    aa timestamp without time zone, ab timestamptz, ac timestamp with time zone,
                    ad timestamptz(3), ae interval, af interval day to second, ag interval year to month,
                    ah jsonb, ai int array)""", SqlCreateTable.class);

        assertEquals(List.of(
                        "SMALLINT", "SMALLINT", "INTEGER", "INTEGER", "INTEGER", "BIGINT", "BIGINT",
                        "REAL", "REAL", "DOUBLE", "DOUBLE", "DOUBLE", "REAL", "DOUBLE",
                        "DECIMAL", "DECIMAL(12, 3)", "VARCHAR", "VARCHAR", "VARCHAR(20)", "VARCHAR(30)",
                        "BOOLEAN", "BOOLEAN", "VARBINARY", "DATE", "TIME", "TIMESTAMP",
                        "TIMESTAMP", "TIMESTAMP WITH LOCAL TIME ZONE", "TIMESTAMP WITH LOCAL TIME ZONE",
                        "TIMESTAMP(3) WITH LOCAL TIME ZONE", "INTERVAL", "INTERVAL DAY TO SECOND",
                        "INTERVAL YEAR TO MONTH", "VARIANT", "INTEGER ARRAY"),
                table.getColumns().stream().map(column -> type(column.getDataType())).toList());

        SqlIntervalTypeNameSpec plainInterval = (SqlIntervalTypeNameSpec)
                table.getColumns().get(30).getDataType().getTypeNameSpec();
        assertTrue(plainInterval.isPostgresInterval());
        assertNull(plainInterval.getQualifier());
        assertEquals("INTERVAL", plainInterval.getTypeName().getSimple());
        SqlIntervalTypeNameSpec dayToSecond = (SqlIntervalTypeNameSpec)
                table.getColumns().get(31).getDataType().getTypeNameSpec();
        assertFalse(dayToSecond.isPostgresInterval());
    }

    @Test
    void columnListMayBeEmptyOrAbsent() {
        SqlCreateTable empty = parse("create table t () with (connector = 'datagen')", SqlCreateTable.class);
        assertTrue(empty.getColumns().isEmpty());
        SqlCreateTable absent = parse("create table t with (connector = 'datagen')", SqlCreateTable.class);
        assertTrue(absent.getColumns().isEmpty());
        assertEquals("datagen", absent.getOptions().get("connector"));
    }

    @Test
    void unparsesAsReadableSql() {
        SqlCreateTable table = parse("""
                create table if not exists Foo (a int4 not null primary key, "B" text default 'x')
                with (connector = 'datagen', 'a b' = 2) format plain encode json (k = 'v')""",
                SqlCreateTable.class);

        assertEquals("CREATE TABLE IF NOT EXISTS foo (a INTEGER NOT NULL PRIMARY KEY, \"B\" VARCHAR DEFAULT 'x') "
                + "WITH (connector = 'datagen', 'a b' = 2) FORMAT PLAIN ENCODE JSON (k = 'v')", sql(table));
        // What the unparsed text says parses back to the same options.
        SqlCreateTable again = parse(sql(table), SqlCreateTable.class);
        assertEquals(table.getOptions(), again.getOptions());
        assertEquals(table.getEncodeOptions(), again.getEncodeOptions());
    }

    @Test
    void orReplaceIsKeptForThePlannerToJudge() {
        assertTrue(parse("create or replace table t (a int)", SqlCreateTable.class).getReplace());
    }

    @Test
    void twoPrimaryKeysAreRejected() {
        FreshetParseException inline = failure("create table t (a int primary key, b int primary key)");
        assertEquals("42P16", inline.sqlState());
        assertEquals("multiple primary keys for table \"t\" are not allowed", inline.getMessage());
        assertEquals(36, inline.position());

        FreshetParseException mixed = failure("create table t (a int primary key, primary key (a))");
        assertEquals("42P16", mixed.sqlState());
        assertEquals(36, mixed.position());
    }

    @Test
    void duplicateOptionIsRejected() {
        FreshetParseException error = failure("create table t (a int) with (connector = 'x', connector = 'y')");
        assertEquals("42601", error.sqlState());
        assertEquals("option \"connector\" specified more than once", error.getMessage());
        assertEquals(47, error.position());
    }

    @Test
    void badTypeModifiersAreRejected() {
        FreshetParseException modifier = failure("create table t (a int4(5))");
        assertEquals("type modifier is not allowed for type \"int4\"", modifier.getMessage());
        assertEquals(19, modifier.position());

        FreshetParseException precision = failure("create table t (a float(54))");
        assertEquals("22023", precision.sqlState());
        assertEquals("precision for type float must be less than 54 bits", precision.getMessage());
    }
}
