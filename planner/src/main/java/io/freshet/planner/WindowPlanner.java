package io.freshet.planner;

import io.freshet.common.DataType;
import io.freshet.common.Interval;
import io.freshet.common.TypeKind;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.operator.HopWindowOperator;
import io.freshet.executor.operator.OverWindowOperator;
import io.freshet.executor.operator.SortField;
import io.freshet.executor.operator.TopNOperator;
import io.freshet.executor.operator.WindowCall;
import io.freshet.executor.operator.WindowFrame;
import io.freshet.executor.runtime.StreamNode;
import io.freshet.executor.operator.FilterOperator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.rex.RexWindowExclusion;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Plans the ordered and windowed parts of a view for {@link StreamPlanner}: {@code ORDER BY …
 * LIMIT} and rank filters over ROW_NUMBER/RANK/DENSE_RANK as top-N, other OVER windows as one
 * window operator per window specification, and the TUMBLE and HOP table functions.
 */
final class WindowPlanner {
    private final StreamPlanner planner;

    WindowPlanner(StreamPlanner planner) {
        this.planner = planner;
    }

    /** Moves OVER calls out of projections into {@link Window} nodes (one group per window specification). */
    static RelNode separateWindows(RelNode rel) {
        boolean[] found = {false};
        rel.accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(org.apache.calcite.rel.logical.LogicalProject project) {
                if (RexOver.containsOver(project.getProjects(), null)) {
                    found[0] = true;
                }
                return super.visit(project);
            }
        });
        if (!found[0]) {
            return rel;
        }
        HepProgramBuilder program = new HepProgramBuilder();
        program.addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW);
        HepPlanner hep = new HepPlanner(program.build());
        hep.setRoot(rel);
        return hep.findBestExp();
    }

    /** {@code ORDER BY … [LIMIT n] [OFFSET m]}: the rows numbered m+1 .. m+n in sort order. */
    StreamPlanner.Planned planLimit(Sort sort) {
        long offset = sort.offset == null ? 0 : constant(sort.offset, "OFFSET");
        long maxRank = Long.MAX_VALUE;
        if (sort.fetch != null) {
            maxRank = offset + constant(sort.fetch, "LIMIT");
        }
        StreamPlanner.Planned input = planner.visit(sort.getInput(), true);
        TopNOperator.Factory factory = new TopNOperator.Factory(input.types(), new int[0], sortFields(sort.getCollation()),
                input.streamKey(), TopNOperator.RankKind.ROW_NUMBER, offset + 1, maxRank, false, planner.allocate());
        return new StreamPlanner.Planned(new StreamNode.Operator(factory, List.of(input.node())), factory.outputTypes(),
                input.streamKey());
    }

    /**
     * A filter bounding a ROW_NUMBER, RANK or DENSE_RANK column ({@code rn <= 3}, {@code rn = 1},
     * {@code rn BETWEEN 2 AND 5}) over a window with that single call becomes a top-N that keeps the
     * rank column; other conjuncts filter its output. Null when the filter has another shape.
     */
    StreamPlanner.Planned planRankFilter(Filter filter) {
        RelNode below = filter.getInput();
        Project project = below instanceof Project p ? p : null;
        Window window = (project != null ? project.getInput() : below) instanceof Window w ? w : null;
        if (window == null || window.groups.size() != 1 || window.groups.get(0).aggCalls.size() != 1) {
            return null;
        }
        Window.Group group = window.groups.get(0);
        Window.RexWinAggCall call = group.aggCalls.get(0);
        TopNOperator.RankKind kind = switch (call.getKind()) {
            case ROW_NUMBER -> TopNOperator.RankKind.ROW_NUMBER;
            case RANK -> TopNOperator.RankKind.RANK;
            case DENSE_RANK -> TopNOperator.RankKind.DENSE_RANK;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        int rankColumn = window.getInput().getRowType().getFieldCount();
        long[] range = {1, Long.MAX_VALUE};
        List<RexNode> rest = new ArrayList<>();
        boolean bounded = false;
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            // QUALIFY (DISTINCT ON) filters on a boolean column that the projection computes.
            RexNode computed = project != null && conjunct instanceof RexInputRef ref ? project.getProjects().get(ref.getIndex()) : null;
            if (computed instanceof RexCall && narrow(computed, null, rankColumn, range)) {
                bounded = true;
            } else if (narrow(conjunct, project, rankColumn, range)) {
                bounded = true;
            } else {
                rest.add(conjunct);
            }
        }
        if (!bounded) {
            return null;
        }
        StreamPlanner.Planned input = planner.visit(window.getInput(), true);
        StreamNode node;
        List<DataType> types;
        TopNOperator.Factory factory = new TopNOperator.Factory(input.types(), group.keys.toArray(),
                sortFields(group.orderKeys), input.streamKey(), kind, range[0], range[1], true, planner.allocate());
        node = new StreamNode.Operator(factory, List.of(input.node()));
        types = factory.outputTypes();
        StreamPlanner.Planned ranked = hiddenLast(new StreamPlanner.Planned(node, types, input.streamKey()),
                window.getInput().getRowType().getFieldCount(), 1);
        if (project != null) {
            ranked = planner.planProject(project, ranked, true);
        }
        if (rest.isEmpty()) {
            return ranked;
        }
        RexNode condition = org.apache.calcite.rex.RexUtil.composeConjunction(window.getCluster().getRexBuilder(), rest);
        Expression predicate = planner.translator(ranked).translate(condition);
        return new StreamPlanner.Planned(new StreamNode.Operator(new FilterOperator.Factory(predicate), List.of(ranked.node())),
                ranked.types(), ranked.streamKey());
    }

    /** Narrows {@code range} by a comparison of the rank column with an integer; false for other conjuncts. */
    private static boolean narrow(RexNode conjunct, Project project, int rankColumn, long[] range) {
        if (!(conjunct instanceof RexCall call) || call.getOperands().size() != 2) {
            return false;
        }
        SqlKind kind = call.getKind();
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        if (isRank(right, project, rankColumn) && right != left) {
            RexNode swap = left;
            left = right;
            right = swap;
            kind = kind.reverse();
        }
        if (!isRank(left, project, rankColumn) || !(right instanceof RexLiteral literal)
                || !(literal.getValue() instanceof BigDecimal value) || value.stripTrailingZeros().scale() > 0) {
            return false;
        }
        long n = value.longValueExact();
        switch (kind) {
            case EQUALS -> { range[0] = Math.max(range[0], n); range[1] = Math.min(range[1], n); }
            case LESS_THAN -> range[1] = Math.min(range[1], n - 1);
            case LESS_THAN_OR_EQUAL -> range[1] = Math.min(range[1], n);
            case GREATER_THAN -> range[0] = Math.max(range[0], n + 1);
            case GREATER_THAN_OR_EQUAL -> range[0] = Math.max(range[0], n);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static boolean isRank(RexNode node, Project project, int rankColumn) {
        while (node instanceof RexCall cast && cast.getKind() == SqlKind.CAST) {
            node = cast.getOperands().get(0);
        }
        if (!(node instanceof RexInputRef ref)) {
            return false;
        }
        if (project == null) {
            return ref.getIndex() == rankColumn;
        }
        return project.getProjects().get(ref.getIndex()) instanceof RexInputRef projected && projected.getIndex() == rankColumn;
    }

    /** Every window specification of {@code window}, in order, as one window operator each. */
    StreamPlanner.Planned planWindow(Window window) {
        StreamPlanner.Planned current = planner.visit(window.getInput(), true);
        int inputWidth = window.getInput().getRowType().getFieldCount();
        for (Window.Group group : window.groups) {
            if (group.exclude != RexWindowExclusion.EXCLUDE_NO_OTHER) {
                throw StreamPlanner.unsupported("a window frame with EXCLUDE in a materialized view");
            }
            WindowFrame frame = frame(group, window, inputWidth);
            List<WindowCall> calls = new ArrayList<>();
            for (Window.RexWinAggCall call : group.aggCalls) {
                calls.add(windowCall(call, window, inputWidth, current));
            }
            OverWindowOperator.Factory factory = new OverWindowOperator.Factory(current.types(), group.keys.toArray(),
                    sortFields(group.orderKeys), frame, calls, current.streamKey(), planner.allocate());
            current = new StreamPlanner.Planned(new StreamNode.Operator(factory, List.of(current.node())),
                    factory.outputTypes(), current.streamKey());
        }
        return hiddenLast(current, inputWidth, window.getRowType().getFieldCount() - inputWidth);
    }

    /**
     * An operator appends its columns after all input columns, hidden key columns included; the
     * plan above expects them right after the visible ones. Moves the hidden columns back to the end.
     */
    private static StreamPlanner.Planned hiddenLast(StreamPlanner.Planned planned, int visible, int appended) {
        int total = planned.types().size();
        int hidden = total - visible - appended;
        if (hidden == 0) {
            return planned;
        }
        List<Expression> expressions = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        int[] position = new int[total];
        for (int c = 0; c < visible; c++) {
            position[c] = expressions.size();
            expressions.add(new io.freshet.executor.expr.InputRef(c, planned.types().get(c)));
        }
        for (int c = visible + hidden; c < total; c++) {
            position[c] = expressions.size();
            expressions.add(new io.freshet.executor.expr.InputRef(c, planned.types().get(c)));
        }
        for (int c = visible; c < visible + hidden; c++) {
            position[c] = expressions.size();
            expressions.add(new io.freshet.executor.expr.InputRef(c, planned.types().get(c)));
        }
        for (Expression e : expressions) {
            types.add(e.type());
        }
        int[] key = new int[planned.streamKey().length];
        for (int k = 0; k < key.length; k++) {
            key[k] = position[planned.streamKey()[k]];
        }
        StreamNode node = new StreamNode.Operator(new io.freshet.executor.operator.ProjectOperator.Factory(expressions),
                List.of(planned.node()));
        return new StreamPlanner.Planned(node, types, key);
    }

    private static WindowFrame frame(Window.Group group, Window window, int inputWidth) {
        WindowFrame.Bound lower = bound(group.lowerBound);
        WindowFrame.Bound upper = bound(group.upperBound);
        long lowerOffset = offset(group.lowerBound, window, inputWidth);
        long upperOffset = offset(group.upperBound, window, inputWidth);
        boolean hasOffset = lower == WindowFrame.Bound.PRECEDING || lower == WindowFrame.Bound.FOLLOWING
                || upper == WindowFrame.Bound.PRECEDING || upper == WindowFrame.Bound.FOLLOWING;
        if (!group.isRows && hasOffset) {
            throw StreamPlanner.unsupported("a RANGE frame with an offset (RANGE n PRECEDING) in a materialized view");
        }
        return new WindowFrame(group.isRows, lower, lowerOffset, upper, upperOffset);
    }

    private static WindowFrame.Bound bound(RexWindowBound bound) {
        if (bound.isUnboundedPreceding()) {
            return WindowFrame.Bound.UNBOUNDED_PRECEDING;
        }
        if (bound.isUnboundedFollowing()) {
            return WindowFrame.Bound.UNBOUNDED_FOLLOWING;
        }
        if (bound.isCurrentRow()) {
            return WindowFrame.Bound.CURRENT_ROW;
        }
        return bound.isPreceding() ? WindowFrame.Bound.PRECEDING : WindowFrame.Bound.FOLLOWING;
    }

    private static long offset(RexWindowBound bound, Window window, int inputWidth) {
        if (bound.isUnbounded() || bound.isCurrentRow()) {
            return 0;
        }
        Object value = constantValue(bound.getOffset(), window, inputWidth);
        if (!(value instanceof BigDecimal d)) {
            throw StreamPlanner.unsupported("a window frame offset that is not an integer constant");
        }
        return d.longValueExact();
    }

    /** A literal, or a reference to one of the window's constants; otherwise a marker that is not a constant. */
    private static Object constantValue(RexNode node, Window window, int inputWidth) {
        if (node instanceof RexLiteral literal) {
            return literal.getValue();
        }
        if (node instanceof RexInputRef ref && ref.getIndex() >= inputWidth) {
            return window.constants.get(ref.getIndex() - inputWidth).getValue();
        }
        return NOT_CONSTANT;
    }

    private static final Object NOT_CONSTANT = new Object();

    private static WindowCall windowCall(Window.RexWinAggCall call, Window window, int inputWidth, StreamPlanner.Planned input) {
        String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
        if (call.distinct) {
            throw StreamPlanner.unsupported(name + "(DISTINCT …) OVER (…) in a materialized view");
        }
        if (call.ignoreNulls) {
            throw StreamPlanner.unsupported(name + " … IGNORE NULLS in a materialized view");
        }
        DataType output = TypeMapping.toDataType(call.getType());
        List<RexNode> operands = call.getOperands();
        int argument = -1;
        DataType argumentType = null;
        if (!operands.isEmpty()) {
            if (!(operands.get(0) instanceof RexInputRef ref) || ref.getIndex() >= inputWidth) {
                throw StreamPlanner.unsupported("a constant argument of " + name + " OVER (…) in a materialized view");
            }
            argument = ref.getIndex();
            argumentType = input.types().get(argument);
        }
        WindowCall.Kind kind = switch (call.getOperator().getKind()) {
            case ROW_NUMBER -> WindowCall.Kind.ROW_NUMBER;
            case RANK -> WindowCall.Kind.RANK;
            case DENSE_RANK -> WindowCall.Kind.DENSE_RANK;
            case LAG -> WindowCall.Kind.LAG;
            case LEAD -> WindowCall.Kind.LEAD;
            case FIRST_VALUE -> WindowCall.Kind.FIRST_VALUE;
            case LAST_VALUE -> WindowCall.Kind.LAST_VALUE;
            case COUNT -> operands.isEmpty() ? WindowCall.Kind.COUNT_STAR : WindowCall.Kind.COUNT;
            case SUM -> WindowCall.Kind.SUM;
            case SUM0 -> WindowCall.Kind.SUM0;
            case AVG -> WindowCall.Kind.AVG;
            case MIN -> WindowCall.Kind.MIN;
            case MAX -> WindowCall.Kind.MAX;
            default -> throw StreamPlanner.unsupported("window function " + name + " in a materialized view");
        };
        if (kind == WindowCall.Kind.COUNT && operands.size() > 1) {
            throw StreamPlanner.unsupported("count with several arguments");
        }
        if (kind != WindowCall.Kind.LAG && kind != WindowCall.Kind.LEAD) {
            return WindowCall.of(kind, argument, argumentType, output);
        }
        long offset = 1;
        if (operands.size() > 1) {
            Object value = constantValue(operands.get(1), window, inputWidth);
            if (!(value instanceof BigDecimal d)) {
                throw StreamPlanner.unsupported("a " + name + " offset that is not an integer constant");
            }
            offset = d.longValueExact();
        }
        Object defaultValue = null;
        int defaultColumn = -1;
        if (operands.size() > 2) {
            RexNode fallback = operands.get(2);
            if (fallback instanceof RexInputRef ref && ref.getIndex() < inputWidth
                    && input.types().get(ref.getIndex()).equals(output)) {
                defaultColumn = ref.getIndex();
            } else {
                Object value = constantValue(fallback, window, inputWidth);
                RexLiteral literal = fallback instanceof RexLiteral l ? l
                        : value == NOT_CONSTANT ? null : window.constants.get(((RexInputRef) fallback).getIndex() - inputWidth);
                if (literal == null) {
                    throw StreamPlanner.unsupported("a " + name + " default that is not a constant or a column of the same type");
                }
                defaultValue = RexTranslator.literalValue(literal, output);
            }
        }
        return new WindowCall(kind, argument, argumentType, output, offset, defaultValue, defaultColumn);
    }

    /**
     * TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset]) and HOP(TABLE t, DESCRIPTOR(ts), slide, size
     * [, offset]): the input's columns plus window_start and window_end. HOP puts window_start in
     * the stream key (a row appears once per window).
     */
    StreamPlanner.Planned planTimeWindow(TableFunctionScan scan, boolean needKey) {
        if (!(scan.getCall() instanceof RexCall call) || scan.getInputs().size() != 1) {
            throw StreamPlanner.unsupported("a table function in a materialized view");
        }
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        boolean hop = name.equals("HOP");
        if (!hop && !name.equals("TUMBLE")) {
            throw StreamPlanner.unsupported("table function " + name.toLowerCase(Locale.ROOT) + " in a materialized view");
        }
        List<RexNode> operands = call.getOperands();
        RexNode descriptor = operands.get(0);
        if (!(descriptor instanceof RexCall d) || d.getOperands().size() != 1 || !(d.getOperands().get(0) instanceof RexInputRef time)) {
            throw StreamPlanner.unsupported(name + " without exactly one DESCRIPTOR column");
        }
        long first = micros(operands.get(1), name);
        long slide = first;
        long size = first;
        int next = 2;
        if (hop) {
            size = micros(operands.get(2), name);
            next = 3;
        }
        long offset = operands.size() > next ? micros(operands.get(next), name) : 0;
        StreamPlanner.Planned input = planner.visit(scan.getInputs().get(0), needKey || hop);
        DataType timeType = input.types().get(time.getIndex());
        if (timeType.kind() != TypeKind.TIMESTAMP && timeType.kind() != TypeKind.TIMESTAMPTZ) {
            throw StreamPlanner.unsupported(name + " over a " + timeType + " column");
        }
        int width = scan.getRowType().getFieldCount() - 2;
        // The function's output row is the input's visible columns then the window bounds; hidden key
        // columns of the input follow them.
        List<DataType> types = new ArrayList<>();
        List<Expression> reorder = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            types.add(input.types().get(c));
        }
        types.add(timeType);
        types.add(timeType);
        for (int c = width; c < input.types().size(); c++) {
            types.add(input.types().get(c));
        }
        int hiddenCount = input.types().size() - width;
        List<Integer> key = new ArrayList<>();
        for (int k : input.streamKey()) {
            key.add(k < width ? k : k + 2);
        }
        if (hop) {
            key.add(width);
        }
        HopWindowOperator.Factory factory = new HopWindowOperator.Factory(time.getIndex(), timeType, hop ? slide : size, size, offset);
        StreamNode node = new StreamNode.Operator(factory, List.of(input.node()));
        if (hiddenCount > 0) {
            int total = input.types().size() + 2;
            for (int c = 0; c < width; c++) {
                reorder.add(new io.freshet.executor.expr.InputRef(c, types.get(c)));
            }
            reorder.add(new io.freshet.executor.expr.InputRef(total - 2, timeType));
            reorder.add(new io.freshet.executor.expr.InputRef(total - 1, timeType));
            for (int c = width; c < input.types().size(); c++) {
                reorder.add(new io.freshet.executor.expr.InputRef(c, input.types().get(c)));
            }
            node = new StreamNode.Operator(new io.freshet.executor.operator.ProjectOperator.Factory(reorder), List.of(node));
        }
        return new StreamPlanner.Planned(node, types, key.stream().mapToInt(Integer::intValue).toArray());
    }

    private static long micros(RexNode node, String function) {
        if (!(node instanceof RexLiteral literal) || !(literal.getValue() instanceof BigDecimal millis)
                || literal.getType().getSqlTypeName().getFamily() != org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_DAY_TIME) {
            throw StreamPlanner.unsupported(function + " with a size that is not a constant day-time interval");
        }
        long value = millis.multiply(BigDecimal.valueOf(1000)).longValueExact();
        if (value <= 0) {
            throw new io.freshet.common.FreshetException(io.freshet.common.SqlState.INVALID_PARAMETER_VALUE,
                    function + " window sizes must be positive");
        }
        return value;
    }

    private static long constant(RexNode node, String clause) {
        if (!(node instanceof RexLiteral literal) || !(literal.getValue() instanceof BigDecimal value)) {
            throw StreamPlanner.unsupported(clause + " that is not a constant in a materialized view");
        }
        return value.longValueExact();
    }

    static List<SortField> sortFields(RelCollation collation) {
        List<SortField> fields = new ArrayList<>();
        for (RelFieldCollation field : collation.getFieldCollations()) {
            boolean descending = field.getDirection().isDescending();
            boolean nullsFirst = switch (field.nullDirection) {
                case FIRST -> true;
                case LAST -> false;
                case UNSPECIFIED -> descending;
            };
            fields.add(new SortField(field.getFieldIndex(), descending, nullsFirst));
        }
        return fields;
    }
}
