package io.freshet.planner;

import io.freshet.common.DataType;
import io.freshet.executor.expr.Cast;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.InputRef;
import io.freshet.executor.operator.HashJoinOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/** Helpers of {@link StreamPlanner#planJoin}: join type, key columns, residual remapping. */
final class JoinPlanning {
    private JoinPlanning() {
    }

    /**
     * Each side's key columns after key expressions that are not plain columns were appended to it
     * ({@code leftExtra}, {@code rightExtra}, computed by a projection below the join), and the
     * resulting column types of each side.
     */
    record Sides(int[] leftKeys, int[] rightKeys, boolean[] nullSafe, List<Expression> leftExtra,
                 List<Expression> rightExtra, List<DataType> leftTypes, List<DataType> rightTypes) {
    }

    static HashJoinOperator.JoinType joinType(Join join) {
        switch (join.getJoinType()) {
            case INNER: return HashJoinOperator.JoinType.INNER;
            case LEFT: return HashJoinOperator.JoinType.LEFT;
            case RIGHT: return HashJoinOperator.JoinType.RIGHT;
            case FULL: return HashJoinOperator.JoinType.FULL;
            case SEMI: return HashJoinOperator.JoinType.SEMI;
            case ANTI: return HashJoinOperator.JoinType.ANTI;
            default:
                throw StreamPlanner.unsupported(join.getJoinType().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " join in a materialized view");
        }
    }

    static Sides keyColumns(JoinCondition condition, List<DataType> leftInput, List<DataType> rightInput,
                            java.util.function.Function<List<DataType>, RexTranslator> translators, RexBuilder rexBuilder) {
        int keys = condition.leftKeys().size();
        RexTranslator leftTranslator = translators.apply(leftInput);
        RexTranslator rightTranslator = translators.apply(rightInput);
        List<DataType> leftTypes = new ArrayList<>(leftInput);
        List<DataType> rightTypes = new ArrayList<>(rightInput);
        List<Expression> leftExtra = new ArrayList<>();
        List<Expression> rightExtra = new ArrayList<>();
        int[] leftKeys = new int[keys];
        int[] rightKeys = new int[keys];
        boolean[] nullSafe = new boolean[keys];
        for (int k = 0; k < keys; k++) {
            RexNode l = condition.leftKeys().get(k);
            RexNode r = condition.rightKeys().get(k);
            Expression left = leftTranslator.translate(l);
            Expression right = rightTranslator.translate(r);
            if (!HashJoinOperator.Factory.encodeAlike(left.type(), right.type())) {
                RelDataType common = rexBuilder.getTypeFactory().leastRestrictive(List.of(l.getType(), r.getType()));
                if (common == null) {
                    throw StreamPlanner.unsupported("a join on " + left.type() + " = " + right.type());
                }
                DataType type = TypeMapping.toDataType(common);
                left = left.type().equals(type) ? left : new Cast(left, type);
                right = right.type().equals(type) ? right : new Cast(right, type);
            }
            leftKeys[k] = column(left, leftTypes, leftExtra);
            rightKeys[k] = column(right, rightTypes, rightExtra);
            nullSafe[k] = condition.nullSafe().get(k);
        }
        return new Sides(leftKeys, rightKeys, nullSafe, leftExtra, rightExtra, leftTypes, rightTypes);
    }

    private static int column(Expression expression, List<DataType> types, List<Expression> extra) {
        if (expression instanceof InputRef ref) {
            return ref.index();
        }
        extra.add(expression);
        types.add(expression.type());
        return types.size() - 1;
    }

    /** Moves references to right columns (from {@code leftCount} on) to start at {@code leftWidth}. */
    static RexNode shiftRight(RexNode node, int leftCount, int leftWidth, RexBuilder rexBuilder) {
        return node.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                int index = ref.getIndex();
                return index < leftCount ? ref : rexBuilder.makeInputRef(ref.getType(), index - leftCount + leftWidth);
            }
        });
    }
}
