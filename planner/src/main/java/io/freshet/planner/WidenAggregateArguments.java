package io.freshet.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * With Postgres's result types, SUM(bigint) is numeric and AVG(integer) is numeric: the argument's
 * type differs from the result's, which Calcite's runtime cannot accumulate. This rewrite casts
 * such arguments to the result type below the aggregate, so the batch plan computes exactly what
 * the type promises.
 */
final class WidenAggregateArguments {
    private WidenAggregateArguments() {
    }

    static RelNode apply(RelNode root) {
        return root.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                return visited instanceof Aggregate aggregate ? widen(aggregate) : visited;
            }
        });
    }

    private static RelNode widen(Aggregate aggregate) {
        RelNode input = aggregate.getInput();
        RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
        RelDataTypeFactory typeFactory = rexBuilder.getTypeFactory();
        int fieldCount = input.getRowType().getFieldCount();
        List<RexNode> projects = new ArrayList<>();
        for (int i = 0; i < fieldCount; i++) {
            projects.add(rexBuilder.makeInputRef(input, i));
        }
        List<AggregateCall> calls = new ArrayList<>();
        List<RelDataType> castBack = new ArrayList<>();
        boolean changed = false;
        for (AggregateCall call : aggregate.getAggCallList()) {
            SqlKind kind = call.getAggregation().getKind();
            RelDataType back = null;
            if ((kind == SqlKind.SUM || kind == SqlKind.AVG) && call.getArgList().size() == 1) {
                int argument = call.getArgList().get(0);
                RelDataType argumentType = input.getRowType().getFieldList().get(argument).getType();
                RelDataType target = target(kind, argumentType, call.getType(), typeFactory);
                if (target != null) {
                    target = typeFactory.createTypeWithNullability(target, argumentType.isNullable());
                    projects.add(rexBuilder.makeCast(target, rexBuilder.makeInputRef(input, argument)));
                    RelDataType accumulated = kind == SqlKind.SUM
                            ? typeFactory.getTypeSystem().deriveSumType(typeFactory, target)
                            : typeFactory.getTypeSystem().deriveAvgAggType(typeFactory, target);
                    accumulated = typeFactory.createTypeWithNullability(accumulated, call.getType().isNullable());
                    AggregateCall widened = AggregateCall.create(call.getAggregation(), call.isDistinct(), call.isApproximate(),
                            call.ignoreNulls(), call.rexList, List.of(projects.size() - 1), call.filterArg, call.distinctKeys,
                            call.collation, accumulated, call.getName());
                    if (!accumulated.equals(call.getType())) {
                        back = call.getType();
                    }
                    call = widened;
                    changed = true;
                }
            }
            calls.add(call);
            castBack.add(back);
        }
        if (!changed) {
            return aggregate;
        }
        RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(aggregate.getCluster(), null);
        RelNode widenedInput = builder.push(input).project(projects, List.of(), true).build();
        RelNode result = aggregate.copy(aggregate.getTraitSet(), widenedInput, aggregate.getGroupSet(), aggregate.getGroupSets(), calls);
        if (castBack.stream().allMatch(java.util.Objects::isNull)) {
            return result;
        }
        int groups = aggregate.getGroupCount();
        List<RexNode> outputs = new ArrayList<>();
        for (int i = 0; i < result.getRowType().getFieldCount(); i++) {
            RexNode ref = rexBuilder.makeInputRef(result, i);
            RelDataType back = i >= groups ? castBack.get(i - groups) : null;
            outputs.add(back == null ? ref : rexBuilder.makeCast(back, ref));
        }
        return builder.push(result).project(outputs, aggregate.getRowType().getFieldNames(), true).build();
    }

    /** The type to accumulate in, or null when the argument's own type already is. */
    private static RelDataType target(SqlKind kind, RelDataType argument, RelDataType result, RelDataTypeFactory typeFactory) {
        SqlTypeName from = argument.getSqlTypeName();
        SqlTypeName to = result.getSqlTypeName();
        if (to != SqlTypeName.DECIMAL && to != SqlTypeName.BIGINT || !SqlTypeName.EXACT_TYPES.contains(from)) {
            return null;
        }
        if (to == SqlTypeName.BIGINT) {
            // SUM(integer) is bigint: accumulate exactly in numeric and cast the result back.
            return typeFactory.createSqlType(SqlTypeName.DECIMAL, PgTypeSystem.MAX_NUMERIC_PRECISION, 0);
        }
        int scale = from == SqlTypeName.DECIMAL ? argument.getScale() : 0;
        if (kind == SqlKind.AVG) {
            scale = result.getScale();
        }
        if (from == SqlTypeName.DECIMAL && argument.getPrecision() == result.getPrecision() && argument.getScale() == scale) {
            return null;
        }
        return typeFactory.createSqlType(SqlTypeName.DECIMAL, PgTypeSystem.MAX_NUMERIC_PRECISION, scale);
    }
}
