package io.freshet.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A join condition split into equality keys and a residual: each conjunct {@code l = r} or
 * {@code l IS NOT DISTINCT FROM r} whose one side reads only left columns and whose other side reads
 * only right columns becomes a key pair; every other conjunct stays in the residual, evaluated on the
 * joined row. Key expressions are over their own side's columns (right ones shifted to start at 0).
 */
record JoinCondition(List<RexNode> leftKeys, List<RexNode> rightKeys, List<Boolean> nullSafe, RexNode residual) {

    static JoinCondition split(RexNode condition, int leftCount, int rightCount, RexBuilder rexBuilder) {
        // Calcite may spell IS NOT DISTINCT FROM as (a = b) OR (a IS NULL AND b IS NULL).
        RexNode collapsed = condition instanceof RexCall call
                ? RelOptUtil.collapseExpandedIsNotDistinctFromExpr(call, rexBuilder) : condition;
        ImmutableBitSet left = ImmutableBitSet.range(0, leftCount);
        ImmutableBitSet right = ImmutableBitSet.range(leftCount, leftCount + rightCount);
        List<RexNode> leftKeys = new ArrayList<>();
        List<RexNode> rightKeys = new ArrayList<>();
        List<Boolean> nullSafe = new ArrayList<>();
        List<RexNode> rest = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(collapsed)) {
            if (conjunct.isA(SqlKind.EQUALS) || conjunct.isA(SqlKind.IS_NOT_DISTINCT_FROM)) {
                RexCall call = (RexCall) conjunct;
                RexNode a = call.getOperands().get(0);
                RexNode b = call.getOperands().get(1);
                ImmutableBitSet aColumns = RelOptUtil.InputFinder.bits(a);
                ImmutableBitSet bColumns = RelOptUtil.InputFinder.bits(b);
                RexNode l = null;
                RexNode r = null;
                if (!aColumns.isEmpty() && !bColumns.isEmpty() && left.contains(aColumns) && right.contains(bColumns)) {
                    l = a;
                    r = b;
                } else if (!aColumns.isEmpty() && !bColumns.isEmpty() && right.contains(aColumns) && left.contains(bColumns)) {
                    l = b;
                    r = a;
                }
                if (l != null) {
                    leftKeys.add(l);
                    rightKeys.add(RexUtil.shift(r, -leftCount));
                    nullSafe.add(conjunct.isA(SqlKind.IS_NOT_DISTINCT_FROM));
                    continue;
                }
            }
            if (!conjunct.isAlwaysTrue()) {
                rest.add(conjunct);
            }
        }
        RexNode residual = rest.isEmpty() ? null : RexUtil.composeConjunction(rexBuilder, rest);
        return new JoinCondition(leftKeys, rightKeys, nullSafe, residual);
    }
}
