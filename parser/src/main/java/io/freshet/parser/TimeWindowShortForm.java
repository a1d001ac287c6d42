package io.freshet.parser;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * RisingWave's short form of the time window table functions in FROM: {@code TUMBLE(t, ts, size)}
 * and {@code HOP(t, ts, hop_size, window_size)}. Calcite parses a function call in FROM as
 * {@code TABLE(f(…))} with plain identifiers as arguments; this rewrites such a TUMBLE or HOP in place
 * to the standard form {@code TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), size))}, whose arguments (slide
 * before size for HOP) are in the same order.
 */
final class TimeWindowShortForm extends SqlBasicVisitor<Void> {
    private TimeWindowShortForm() {
    }

    static void rewrite(SqlNode node) {
        if (node != null) {
            node.accept(new TimeWindowShortForm());
        }
    }

    @Override
    public Void visit(SqlCall call) {
        if (call.getKind() == SqlKind.COLLECTION_TABLE && call.operandCount() == 1
                && call.operand(0) instanceof SqlBasicCall function && isTimeWindow(function)
                && function.operandCount() >= 2 && function.operand(0) instanceof SqlIdentifier table
                && function.operand(1) instanceof SqlIdentifier column) {
            function.setOperand(0, SqlStdOperatorTable.EXPLICIT_TABLE.createCall(table.getParserPosition(), table));
            function.setOperand(1, SqlStdOperatorTable.DESCRIPTOR.createCall(column.getParserPosition(), column));
        }
        return super.visit(call);
    }

    private static boolean isTimeWindow(SqlBasicCall function) {
        String name = function.getOperator().getName();
        return name.equalsIgnoreCase("TUMBLE") || name.equalsIgnoreCase("HOP");
    }
}
