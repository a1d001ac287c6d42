package io.freshet.executor.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.freshet.common.Chunk;
import io.freshet.common.ChunkText;
import io.freshet.common.Column;
import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpressionTest {
    private static final List<DataType> TYPES = List.of(DataType.BIGINT, DataType.BOOLEAN);
    private static final InputRef X = new InputRef(0, DataType.BIGINT);
    private static final InputRef B = new InputRef(1, DataType.BOOLEAN);

    private static List<Object> values(Expression e, String rows) {
        Chunk chunk = ChunkText.parseRows(TYPES, rows);
        Column column = e.evaluate(chunk);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < chunk.rowCount(); i++) {
            out.add(column.get(i));
        }
        return out;
    }

    @Test
    void threeValuedLogic() {
        Literal nullBool = new Literal(null, DataType.BOOLEAN);
        Literal f = new Literal(false, DataType.BOOLEAN);
        Literal t = new Literal(true, DataType.BOOLEAN);
        String rows = "1 t\n2 f\n3 NULL";
        assertEquals(java.util.Arrays.asList(null, false, null), values(new Logical(Logical.Operator.AND, List.of(B, nullBool)), rows));
        assertEquals(java.util.Arrays.asList(true, null, null), values(new Logical(Logical.Operator.OR, List.of(B, nullBool)), rows));
        assertEquals(List.of(false, false, false), values(new Logical(Logical.Operator.AND, List.of(B, f)), rows));
        assertEquals(List.of(true, true, true), values(new Logical(Logical.Operator.OR, List.of(B, t)), rows));
        assertEquals(java.util.Arrays.asList(false, true, null), values(new Logical(Logical.Operator.NOT, List.of(B)), rows));
        assertEquals(List.of(false, false, true), values(new NullTest(NullTest.Test.IS_NULL, B), rows));
    }

    @Test
    void caseEvaluatesOnlyTheBranchARowTakes() {
        Expression divide = new Arithmetic(Arithmetic.Operator.DIVIDE, new Literal(100L, DataType.BIGINT), X, DataType.BIGINT);
        Expression guarded = new CaseWhen(List.of(new Comparison(Comparison.Operator.EQUAL, X, new Literal(0L, DataType.BIGINT))),
                List.of(new Literal(-1L, DataType.BIGINT)), divide, DataType.BIGINT);
        assertEquals(List.of(50L, -1L, -25L), values(guarded, "2 t\n0 t\n-4 t"));
        FreshetException e = assertThrows(FreshetException.class, () -> values(divide, "0 t"));
        assertEquals(SqlState.DIVISION_BY_ZERO, e.state());
    }

    @Test
    void integerOverflowIsAnError() {
        Expression times = new Arithmetic(Arithmetic.Operator.MULTIPLY, X, new Literal(Long.MAX_VALUE, DataType.BIGINT), DataType.BIGINT);
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, assertThrows(FreshetException.class, () -> values(times, "2 t")).state());
        Expression intPlus = new Arithmetic(Arithmetic.Operator.ADD, new InputRef(0, DataType.INTEGER),
                new Literal(1L, DataType.INTEGER), DataType.INTEGER);
        assertEquals(SqlState.NUMERIC_VALUE_OUT_OF_RANGE,
                assertThrows(FreshetException.class, () -> values(intPlus, Integer.MAX_VALUE + " t")).state());
    }

    @Test
    void decimalArithmeticIsExactAndDivisionFollowsPostgresScale() {
        Expression third = new Arithmetic(Arithmetic.Operator.DIVIDE, new Literal(new BigDecimal("1"), DataType.DECIMAL),
                new Literal(new BigDecimal("3"), DataType.DECIMAL), DataType.DECIMAL);
        assertEquals(new BigDecimal("0.33333333333333333333"), values(third, "1 t").get(0));
        Expression sum = new Arithmetic(Arithmetic.Operator.ADD, new Literal(new BigDecimal("0.1"), DataType.DECIMAL),
                new Literal(new BigDecimal("0.2"), DataType.DECIMAL), DataType.DECIMAL);
        assertEquals(new BigDecimal("0.3"), values(sum, "1 t").get(0));
    }

    @Test
    void coalesceAndCast() {
        Expression coalesce = new Coalesce(List.of(new InputRef(0, DataType.BIGINT), new Literal(7L, DataType.BIGINT)), DataType.BIGINT);
        assertEquals(List.of(1L, 7L), values(coalesce, "1 t\nNULL t"));
        Expression cast = new Cast(new Literal("12.345", DataType.VARCHAR), DataType.decimal(5, 2));
        assertEquals(new BigDecimal("12.35"), values(cast, "1 t").get(0));
        Expression bad = new Cast(new Literal("abc", DataType.VARCHAR), DataType.BIGINT);
        assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, assertThrows(FreshetException.class, () -> values(bad, "1 t")).state());
    }
}
