package io.freshet.parser;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** {@link FreshetParser#config()} inside Calcite's own Planner and validator. */
class PlannerConfigTest {
    @Test
    void calcitesSqlParserUsesOurGrammar() throws Exception {
        SqlNode node = SqlParser.create("select x::int4 from \"T\"", FreshetParser.config()).parseStmt();
        assertEquals("SELECT CAST(`x` AS INTEGER)\nFROM `T`", node.toString());
        assertInstanceOf(SqlFlush.class, SqlParser.create("flush", FreshetParser.config()).parseStmt());
    }

    @Test
    void castsAndIntervalsValidate() throws Exception {
        RelDataType row = validatedRowType("""
                select '1'::int4, 'a'::text, 1.5::float8, '2026-01-01'::timestamp,
                       '2026-01-01 00:00:00'::timestamptz, (1 + 2)::numeric(10, 2), 'true'::bool,
                       interval '1' minute, '1 hour'::interval
                """);
        assertEquals(List.of("INTEGER", "VARCHAR", "DOUBLE", "TIMESTAMP(0)", "TIMESTAMP_WITH_LOCAL_TIME_ZONE(0)",
                        "DECIMAL(10, 2)", "BOOLEAN", "INTERVAL MINUTE", "INTERVAL DAY(10) TO SECOND(6)"),
                row.getFieldList().stream().map(RelDataTypeField::getType).map(RelDataType::getFullTypeString)
                        .map(type -> type.replace(" NOT NULL", "")).toList());
    }

    @Test
    void postgresIntervalLiteralsValidateAsCalciteLiterals() throws Exception {
        SqlNode cast = FreshetParser.parseExpression("INTERVAL '2 days 3 hours'");
        String literal = Parsing.sql(PostgresInterval.literalOf(cast).orElseThrow());
        RelDataType row = validatedRowType("select " + literal);
        assertEquals("INTERVAL DAY TO HOUR NOT NULL", row.getFieldList().get(0).getType().getFullTypeString());
    }

    private static RelDataType validatedRowType(String sql) throws Exception {
        SchemaPlus root = Frameworks.createRootSchema(true);
        Planner planner = Frameworks.getPlanner(Frameworks.newConfigBuilder()
                .parserConfig(FreshetParser.config())
                .sqlValidatorConfig(SqlValidator.Config.DEFAULT.withConformance(FreshetParser.CONFORMANCE))
                .defaultSchema(root)
                .build());
        SqlNode validated = planner.validate(planner.parse(sql));
        return planner.rel(validated).rel.getRowType();
    }
}
