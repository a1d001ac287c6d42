package io.freshet.planner;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.InputRef;
import io.freshet.executor.operator.AggCall;
import io.freshet.executor.operator.FilterOperator;
import io.freshet.executor.operator.HashAggOperator;
import io.freshet.executor.operator.HashJoinOperator;
import io.freshet.executor.operator.MaterializeOperator;
import io.freshet.executor.operator.ProjectOperator;
import io.freshet.executor.runtime.StreamNode;
import io.freshet.planner.catalog.ColumnDef;
import io.freshet.planner.catalog.Relation;
import io.freshet.planner.catalog.RelationTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * Turns a validated logical plan into a streaming dataflow ending in a materialize operator.
 *
 * <p>Every intermediate stream has a stream key (columns unique in its changelog): a table's
 * primary key (or hidden row id), a GROUP BY's group columns, nothing for a global aggregate (one
 * row). A projection that drops key columns carries them as hidden columns after the visible ones,
 * so the view's primary key is always its stream key.
 */
public final class StreamPlanner {
    private final RexBuilder rexBuilder;
    private final IntSupplier tableIds;
    private final List<Integer> ownedTableIds = new ArrayList<>();
    private final Set<String> dependsOn = new LinkedHashSet<>();
    /** Every relation the plan reads, by name (subqueries included). */
    private final java.util.Map<String, Relation> relationsRead = new java.util.LinkedHashMap<>();
    private final WindowPlanner windows = new WindowPlanner(this);
    /** Values of an ad-hoc query's parameters; a view has none. */
    private IntFunction<Object> parameters;

    /** A planned stream: its plan, the types of all its columns (visible first), and its key. */
    record Planned(StreamNode node, List<DataType> types, int[] streamKey) {
    }

    /** The plan of a materialized view and the catalog facts it implies. */
    public record ViewPlan(StreamNode.Operator root, List<ColumnDef> columns, int[] keyColumns, int stateTableId,
                           List<Integer> ownedTableIds, List<String> dependsOn) {
    }

    public StreamPlanner(RexBuilder rexBuilder, IntSupplier tableIds) {
        this.rexBuilder = rexBuilder;
        this.tableIds = tableIds;
    }

    /** The relations the last planned view reads, by name, subqueries included. */
    public java.util.Map<String, Relation> relationsRead() {
        return java.util.Collections.unmodifiableMap(relationsRead);
    }

    /** Gives the values of {@code ?} parameters, for running an ad-hoc query as a stream plan. */
    public StreamPlanner withParameters(IntFunction<Object> parameters) {
        this.parameters = parameters;
        return this;
    }

    public ViewPlan planView(RelNode rel, List<String> columnNames) {
        Planned planned = visit(WindowPlanner.separateWindows(SubqueryRewriter.rewrite(rel)), true);
        int visible = columnNames.size();
        List<ColumnDef> columns = new ArrayList<>();
        for (int i = 0; i < planned.types().size(); i++) {
            boolean hidden = i >= visible;
            String name = hidden ? "_key_" + (i - visible) : columnNames.get(i);
            columns.add(new ColumnDef(name, planned.types().get(i), false, hidden));
        }
        int stateTableId = allocate();
        MaterializeOperator.Factory materialize = new MaterializeOperator.Factory(stateTableId, planned.types(),
                planned.streamKey(), null, MaterializeOperator.ConflictMode.TRUST);
        StreamNode.Operator root = new StreamNode.Operator(materialize, List.of(planned.node()));
        return new ViewPlan(root, columns, planned.streamKey(), stateTableId, ownedTableIds, new ArrayList<>(dependsOn));
    }

    int allocate() {
        int id = tableIds.getAsInt();
        ownedTableIds.add(id);
        return id;
    }

    /**
     * Plans {@code rel}. When {@code needKey} is false the consumer (an aggregation) does not need
     * the stream key, so projections need not carry it.
     */
    Planned visit(RelNode rel, boolean needKey) {
        if (rel instanceof TableScan scan) {
            RelationTable table = scan.getTable().unwrap(RelationTable.class);
            if (table == null) {
                io.freshet.planner.catalog.SystemTable system = scan.getTable().unwrap(io.freshet.planner.catalog.SystemTable.class);
                if (system != null) {
                    throw unsupported("a view over the system table " + system.name()
                            + " (its rows are monitoring state without a changelog; query it ad hoc)");
                }
                throw unsupported("reading " + String.join(".", scan.getTable().getQualifiedName()));
            }
            Relation relation = table.relation();
            dependsOn.add(relation.name());
            relationsRead.put(relation.name(), relation);
            return new Planned(new StreamNode.Upstream(relation.name()), relation.types(), relation.keyColumns());
        }
        if (rel instanceof org.apache.calcite.rel.core.Values values) {
            return planValues(values);
        }
        if (rel instanceof Filter filter) {
            Planned topN = windows.planRankFilter(filter);
            if (topN != null) {
                return topN;
            }
            Planned input = visit(filter.getInput(), needKey);
            Expression predicate = translator(input).translate(filter.getCondition());
            StreamNode node = new StreamNode.Operator(new FilterOperator.Factory(predicate), List.of(input.node()));
            return new Planned(node, input.types(), input.streamKey());
        }
        if (rel instanceof Project project) {
            return planProject(project, needKey);
        }
        if (rel instanceof Aggregate aggregate) {
            return planAggregate(aggregate);
        }
        if (rel instanceof Union union && union.all) {
            return planUnion(union, needKey);
        }
        if (rel instanceof Join join) {
            return planJoin(join);
        }
        if (rel instanceof org.apache.calcite.rel.core.SetOp setOp) {
            return planSetOp(setOp);
        }
        if (rel instanceof Window window) {
            return windows.planWindow(window);
        }
        if (rel instanceof TableFunctionScan scan) {
            return windows.planTimeWindow(scan, needKey);
        }
        if (rel instanceof Sort sort) {
            if (sort.fetch != null || sort.offset != null) {
                return windows.planLimit(sort);
            }
            // A view is a set: its ORDER BY has no effect (order the query that reads it).
            return visit(sort.getInput(), needKey);
        }
        throw unsupported(describe(rel) + " in a materialized view");
    }

    /** VALUES: constant rows, each numbered in a hidden BIGINT column that is their stream key. */
    private Planned planValues(org.apache.calcite.rel.core.Values values) {
        List<DataType> types = new ArrayList<>();
        for (org.apache.calcite.rel.type.RelDataTypeField field : values.getRowType().getFieldList()) {
            types.add(TypeMapping.toDataType(field.getType()));
        }
        List<Object[]> rows = new ArrayList<>();
        long index = 0;
        for (Object[] row : RexTranslator.valuesRows(values)) {
            Object[] numbered = java.util.Arrays.copyOf(row, row.length + 1);
            numbered[row.length] = index++;
            rows.add(numbered);
        }
        types.add(DataType.BIGINT);
        return new Planned(new StreamNode.Values(types, rows), types, new int[] {types.size() - 1});
    }

    private Planned planProject(Project project, boolean needKey) {
        return planProject(project, visit(project.getInput(), needKey), needKey);
    }

    /** A projection over an already planned input; key columns the projection drops are carried hidden. */
    Planned planProject(Project project, Planned input, boolean needKey) {
        RexTranslator translator = translator(input);
        List<Expression> expressions = new ArrayList<>(translator.translate(project.getProjects()));
        List<DataType> types = new ArrayList<>();
        for (Expression expression : expressions) {
            types.add(expression.type());
        }
        int[] key = new int[needKey ? input.streamKey().length : 0];
        for (int k = 0; k < key.length; k++) {
            int column = input.streamKey()[k];
            int position = -1;
            for (int p = 0; p < project.getProjects().size(); p++) {
                RexNode e = project.getProjects().get(p);
                if (e instanceof RexInputRef ref && ref.getIndex() == column) {
                    position = p;
                    break;
                }
            }
            if (position < 0) {
                position = expressions.size();
                expressions.add(new InputRef(column, input.types().get(column)));
                types.add(input.types().get(column));
            }
            key[k] = position;
        }
        StreamNode node = new StreamNode.Operator(new ProjectOperator.Factory(expressions), List.of(input.node()));
        return new Planned(node, types, key);
    }

    /**
     * UNION ALL: every branch is projected to the union's columns, then a branch tag, then one slot
     * per key column of every branch (its own filled, the others NULL), so the key (tag, slots) is
     * unique across branches.
     */
    private Planned planUnion(Union union, boolean needKey) {
        List<Planned> inputs = new ArrayList<>();
        for (RelNode input : union.getInputs()) {
            inputs.add(visit(input, needKey));
        }
        int width = union.getRowType().getFieldCount();
        List<DataType> types = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            types.add(TypeMapping.toDataType(union.getRowType().getFieldList().get(c).getType()));
        }
        List<Integer> slotStart = new ArrayList<>();
        if (needKey) {
            types.add(DataType.SMALLINT);
            for (Planned input : inputs) {
                slotStart.add(types.size());
                for (int k : input.streamKey()) {
                    types.add(input.types().get(k));
                }
            }
        }
        List<StreamNode> branches = new ArrayList<>();
        for (int b = 0; b < inputs.size(); b++) {
            Planned input = inputs.get(b);
            List<Expression> expressions = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                Expression column = new InputRef(c, input.types().get(c));
                expressions.add(column.type().equals(types.get(c)) ? column : new io.freshet.executor.expr.Cast(column, types.get(c)));
            }
            if (needKey) {
                expressions.add(new io.freshet.executor.expr.Literal((long) b, DataType.SMALLINT));
                for (int other = 0; other < inputs.size(); other++) {
                    Planned o = inputs.get(other);
                    for (int k = 0; k < o.streamKey().length; k++) {
                        DataType type = o.types().get(o.streamKey()[k]);
                        expressions.add(other == b ? new InputRef(o.streamKey()[k], type) : new io.freshet.executor.expr.Literal(null, type));
                    }
                }
            }
            branches.add(new StreamNode.Operator(new ProjectOperator.Factory(expressions), List.of(input.node())));
        }
        int[] key = new int[needKey ? types.size() - width : 0];
        for (int k = 0; k < key.length; k++) {
            key[k] = width + k;
        }
        StreamNode node = new StreamNode.Operator(new io.freshet.executor.operator.UnionOperator.Factory(branches.size()), branches);
        return new Planned(node, types, key);
    }

    /**
     * A join: both inputs keep their stream keys; the output is the left columns, the right columns,
     * then the hidden key columns of each side, and its stream key is the left key followed by the
     * right key (the left key alone for SEMI and ANTI joins; a FULL join adds a left-present flag).
     * Key expressions that are not plain columns are computed by a projection below their side.
     */
    private Planned planJoin(Join join) {
        HashJoinOperator.JoinType type = JoinPlanning.joinType(join);
        int leftCount = join.getLeft().getRowType().getFieldCount();
        int rightCount = join.getRight().getRowType().getFieldCount();
        JoinCondition condition = JoinCondition.split(join.getCondition(), leftCount, rightCount, rexBuilder);
        Planned left = visit(join.getLeft(), true);
        Planned right = visit(join.getRight(), true);
        JoinPlanning.Sides sides = JoinPlanning.keyColumns(condition, left.types(), right.types(), this::translator, rexBuilder);
        StreamNode leftNode = sides.leftExtra().isEmpty() ? left.node() : extend(left, sides.leftExtra());
        StreamNode rightNode = sides.rightExtra().isEmpty() ? right.node() : extend(right, sides.rightExtra());
        List<DataType> leftTypes = sides.leftTypes();
        List<DataType> rightTypes = sides.rightTypes();
        Expression residual = null;
        if (condition.residual() != null) {
            RexNode shifted = JoinPlanning.shiftRight(condition.residual(), leftCount, leftTypes.size(), rexBuilder);
            List<DataType> joinedTypes = new ArrayList<>(leftTypes);
            joinedTypes.addAll(rightTypes);
            residual = translator(joinedTypes).translate(shifted);
        }
        List<Integer> output = new ArrayList<>();
        for (int c = 0; c < leftCount; c++) {
            output.add(c);
        }
        boolean leftOnly = type == HashJoinOperator.JoinType.SEMI || type == HashJoinOperator.JoinType.ANTI;
        if (!leftOnly) {
            for (int c = 0; c < rightCount; c++) {
                output.add(leftTypes.size() + c);
            }
        }
        List<Integer> key = new ArrayList<>();
        for (int column : left.streamKey()) {
            key.add(outputPosition(output, column));
        }
        if (!leftOnly) {
            for (int column : right.streamKey()) {
                key.add(outputPosition(output, leftTypes.size() + column));
            }
        }
        if (type == HashJoinOperator.JoinType.FULL) {
            key.add(outputPosition(output, HashJoinOperator.LEFT_PRESENT));
        }
        int[] outputColumns = output.stream().mapToInt(Integer::intValue).toArray();
        HashJoinOperator.Factory factory = new HashJoinOperator.Factory(type, leftTypes, rightTypes, sides.leftKeys(),
                sides.rightKeys(), sides.nullSafe(), left.streamKey(), right.streamKey(), residual, outputColumns,
                allocate(), allocate());
        StreamNode node = new StreamNode.Operator(factory, List.of(leftNode, rightNode));
        return new Planned(node, factory.outputTypes(), key.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The position of {@code column} in {@code output}, appending it (as a hidden column) when absent. */
    private static int outputPosition(List<Integer> output, int column) {
        int position = output.indexOf(column);
        if (position >= 0) {
            return position;
        }
        output.add(column);
        return output.size() - 1;
    }

    /** A projection that keeps every column of {@code input} and appends {@code extra} ones. */
    private static StreamNode extend(Planned input, List<Expression> extra) {
        List<Expression> expressions = new ArrayList<>();
        for (int c = 0; c < input.types().size(); c++) {
            expressions.add(new InputRef(c, input.types().get(c)));
        }
        expressions.addAll(extra);
        return new StreamNode.Operator(new ProjectOperator.Factory(expressions), List.of(input.node()));
    }

    /**
     * UNION, INTERSECT [ALL] and EXCEPT [ALL]: the branches, cast to the result's types and tagged
     * with one boolean column per branch (true in its own), go through a UNION ALL into an
     * aggregation by all columns (NULLs are equal there, as set operations need) that counts each
     * branch's rows with COUNT(*) FILTER; UNION keeps every group, the others keep each group as many
     * times as the set operation says ({@link io.freshet.executor.operator.SetOpOperator}).
     */
    private Planned planSetOp(org.apache.calcite.rel.core.SetOp setOp) {
        boolean union = setOp instanceof Union;
        List<Planned> inputs = new ArrayList<>();
        for (RelNode input : setOp.getInputs()) {
            inputs.add(visit(input, false));
        }
        int width = setOp.getRowType().getFieldCount();
        int branches = inputs.size();
        List<DataType> columnTypes = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            columnTypes.add(TypeMapping.toDataType(setOp.getRowType().getFieldList().get(c).getType()));
        }
        List<StreamNode> projected = new ArrayList<>();
        for (int b = 0; b < branches; b++) {
            Planned input = inputs.get(b);
            List<Expression> expressions = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                Expression column = new InputRef(c, input.types().get(c));
                expressions.add(column.type().equals(columnTypes.get(c)) ? column
                        : new io.freshet.executor.expr.Cast(column, columnTypes.get(c)));
            }
            if (!union) {
                for (int other = 0; other < branches; other++) {
                    expressions.add(new io.freshet.executor.expr.Literal(other == b, DataType.BOOLEAN));
                }
            }
            projected.add(new StreamNode.Operator(new ProjectOperator.Factory(expressions), List.of(input.node())));
        }
        StreamNode all = new StreamNode.Operator(new io.freshet.executor.operator.UnionOperator.Factory(branches), projected);
        int[] groupColumns = new int[width];
        for (int c = 0; c < width; c++) {
            groupColumns[c] = c;
        }
        List<AggCall> calls = new ArrayList<>();
        if (!union) {
            for (int b = 0; b < branches; b++) {
                calls.add(new AggCall(AggCall.Kind.COUNT_STAR, -1, null, DataType.BIGINT, width + b));
            }
        }
        int groupTableId = allocate();
        int[] none = new int[calls.size()];
        java.util.Arrays.fill(none, -1);
        HashAggOperator.Factory counts = new HashAggOperator.Factory(groupColumns, columnTypes, calls, groupTableId, none, none, List.of());
        StreamNode counted = new StreamNode.Operator(counts, List.of(all));
        if (union) {
            return new Planned(counted, columnTypes, groupColumns);
        }
        io.freshet.executor.operator.SetOpOperator.Factory factory = new io.freshet.executor.operator.SetOpOperator.Factory(
                columnTypes, branches, setOp instanceof org.apache.calcite.rel.core.Intersect
                        ? io.freshet.executor.operator.SetOpOperator.Mode.INTERSECT : io.freshet.executor.operator.SetOpOperator.Mode.EXCEPT,
                setOp.all);
        int[] key = new int[factory.outputTypes().size()];
        for (int k = 0; k < key.length; k++) {
            key[k] = k;
        }
        return new Planned(new StreamNode.Operator(factory, List.of(counted)), factory.outputTypes(), key);
    }

    /** A hash aggregation with its state tables: one for the groups, one per value-keeping or DISTINCT call. */
    private HashAggOperator.Factory hashAgg(int[] groupColumns, List<DataType> groupTypes, List<AggCall> calls,
                                            List<Object[]> fixedGroups) {
        int groupTableId = allocate();
        int[] extremeTableIds = new int[calls.size()];
        int[] distinctTableIds = new int[calls.size()];
        for (int c = 0; c < calls.size(); c++) {
            extremeTableIds[c] = calls.get(c).keepsValues() ? allocate() : -1;
            distinctTableIds[c] = calls.get(c).keepsDistinctValues() ? allocate() : -1;
        }
        return new HashAggOperator.Factory(groupColumns, groupTypes, calls, groupTableId, extremeTableIds, distinctTableIds,
                fixedGroups);
    }

    private Planned planAggregate(Aggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return planGroupingSets(aggregate);
        }
        Planned input = visit(aggregate.getInput(), false);
        int[] groupColumns = aggregate.getGroupSet().toArray();
        List<DataType> groupTypes = new ArrayList<>();
        for (int column : groupColumns) {
            groupTypes.add(input.types().get(column));
        }
        List<AggCall> calls = new ArrayList<>();
        // LITERAL_AGG (a constant per group, from subquery removal) is projected after the aggregation.
        List<Expression> literals = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.LITERAL_AGG) {
                literals.add(new RexTranslator(rexBuilder, List.of(), null).translate(call.rexList.get(0)));
            } else {
                literals.add(null);
                calls.add(aggCall(call, input));
            }
        }
        HashAggOperator.Factory factory = hashAgg(groupColumns, groupTypes, calls, List.of());
        int[] key = new int[groupColumns.length];
        for (int k = 0; k < key.length; k++) {
            key[k] = k;
        }
        StreamNode node = new StreamNode.Operator(factory, List.of(input.node()));
        if (calls.size() == literals.size()) {
            return new Planned(node, factory.outputTypes(), key);
        }
        List<Expression> expressions = new ArrayList<>();
        for (int k = 0; k < groupColumns.length; k++) {
            expressions.add(new InputRef(k, groupTypes.get(k)));
        }
        int next = groupColumns.length;
        for (Expression literal : literals) {
            expressions.add(literal != null ? literal : new InputRef(next, factory.outputTypes().get(next++)));
        }
        List<DataType> types = new ArrayList<>();
        expressions.forEach(e -> types.add(e.type()));
        return new Planned(new StreamNode.Operator(new ProjectOperator.Factory(expressions), List.of(node)), types, key);
    }

    /**
     * GROUPING SETS / ROLLUP / CUBE: an expand operator emits each input row once per grouping set
     * as [input columns, the group columns with those outside the set NULL, the set's id, the
     * GROUPING() values of the set]; a hash aggregation groups by everything after the input
     * columns (a set without columns is a fixed group, present even over empty input); a projection
     * restores the aggregate's columns and keeps the set id as a hidden key column.
     */
    private Planned planGroupingSets(Aggregate aggregate) {
        Planned input = visit(aggregate.getInput(), false);
        GroupingSets sets = GroupingSets.of(aggregate);
        List<DataType> inputTypes = input.types();
        int width = inputTypes.size();
        List<List<Expression>> projections = new ArrayList<>();
        for (int j = 0; j < sets.count(); j++) {
            List<Expression> projection = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                projection.add(new InputRef(c, inputTypes.get(c)));
            }
            for (int column : sets.groupColumns()) {
                projection.add(sets.contains(j, column) ? new InputRef(column, inputTypes.get(column))
                        : new io.freshet.executor.expr.Literal(null, inputTypes.get(column)));
            }
            Object[] suffix = sets.keySuffix(j);
            for (int s = 0; s < suffix.length; s++) {
                projection.add(new io.freshet.executor.expr.Literal(suffix[s], sets.suffixTypes().get(s)));
            }
            projections.add(projection);
        }
        StreamNode expand = new StreamNode.Operator(new io.freshet.executor.operator.ExpandOperator.Factory(projections),
                List.of(input.node()));
        int keyCount = sets.groupColumns().length + sets.suffixTypes().size();
        int[] groupColumns = new int[keyCount];
        List<DataType> groupTypes = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            groupColumns[k] = width + k;
            groupTypes.add(k < sets.groupColumns().length ? inputTypes.get(sets.groupColumns()[k])
                    : sets.suffixTypes().get(k - sets.groupColumns().length));
        }
        List<AggCall> calls = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (!GroupingSets.isGrouping(call)) {
                calls.add(aggCall(call, input));
            }
        }
        HashAggOperator.Factory factory = hashAgg(groupColumns, groupTypes, calls, sets.fixedGroups());
        StreamNode agg = new StreamNode.Operator(factory, List.of(expand));
        List<DataType> aggTypes = factory.outputTypes();
        List<Expression> outputs = new ArrayList<>();
        for (int k = 0; k < sets.groupColumns().length; k++) {
            outputs.add(new InputRef(k, aggTypes.get(k)));
        }
        int nextCall = keyCount;
        for (int c = 0; c < aggregate.getAggCallList().size(); c++) {
            int column = GroupingSets.isGrouping(aggregate.getAggCallList().get(c))
                    ? sets.groupColumns().length + 1 + sets.groupingIndex(c) : nextCall++;
            outputs.add(new InputRef(column, aggTypes.get(column)));
        }
        int idColumn = sets.groupColumns().length;
        outputs.add(new InputRef(idColumn, aggTypes.get(idColumn)));
        List<DataType> types = new ArrayList<>();
        for (Expression e : outputs) {
            types.add(e.type());
        }
        int[] key = new int[sets.groupColumns().length + 1];
        for (int k = 0; k < sets.groupColumns().length; k++) {
            key[k] = k;
        }
        key[key.length - 1] = outputs.size() - 1;
        StreamNode node = new StreamNode.Operator(new ProjectOperator.Factory(outputs), List.of(agg));
        return new Planned(node, types, key);
    }

    private AggCall aggCall(AggregateCall call, Planned input) {
        return aggCall(call, input.types(), " in a materialized view");
    }

    /**
     * The executor's description of an aggregate call over input columns of {@code types}; throws
     * 0A000 naming what is not supported ({@code where} ends the message). Shared with the batch
     * interpreter so views and ad-hoc queries accept the same aggregates.
     */
    public static AggCall aggCall(AggregateCall call, List<DataType> types, String where) {
        String name = call.getAggregation().getName().toLowerCase(Locale.ROOT);
        DataType output = TypeMapping.toDataType(call.getType());
        List<Integer> args = call.getArgList();
        int argument = args.isEmpty() ? -1 : args.get(0);
        DataType argumentType = argument < 0 ? null : types.get(argument);
        int filter = call.filterArg;
        AggCall.Kind kind = aggKind(call);
        if (call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.SINGLE_VALUE) {
            throw unsupported("a scalar subquery that may return more than one row (SINGLE_VALUE)" + where);
        }
        if (kind == null) {
            throw unsupported("aggregate function " + name + where);
        }
        if (kind == AggCall.Kind.STRING_AGG || kind == AggCall.Kind.ARRAY_AGG) {
            if (args.size() != (kind == AggCall.Kind.STRING_AGG ? 2 : 1)) {
                throw unsupported(name + " with " + args.size() + " argument(s)" + where);
            }
            if (argumentType.kind() == io.freshet.common.TypeKind.BYTEA) {
                throw unsupported("string_agg(bytea, bytea)" + where);
            }
            List<AggCall.OrderKey> order = new ArrayList<>();
            for (org.apache.calcite.rel.RelFieldCollation collation : call.collation.getFieldCollations()) {
                boolean descending = collation.getDirection().isDescending();
                boolean nullsFirst = collation.nullDirection == org.apache.calcite.rel.RelFieldCollation.NullDirection.FIRST;
                if (collation.nullDirection != org.apache.calcite.rel.RelFieldCollation.NullDirection.UNSPECIFIED
                        && nullsFirst != descending) {
                    throw unsupported(name + " ORDER BY … NULLS " + (nullsFirst ? "FIRST" : "LAST") + where);
                }
                int column = collation.getFieldIndex();
                if (call.isDistinct() && column != argument) {
                    throw unsupported(name + "(DISTINCT …) ordered by another expression than its argument" + where);
                }
                order.add(new AggCall.OrderKey(column, types.get(column), descending));
            }
            return new AggCall(kind, argument, argumentType, output, filter, call.isDistinct(),
                    kind == AggCall.Kind.STRING_AGG ? args.get(1) : -1, order);
        }
        if (!call.collation.getFieldCollations().isEmpty()) {
            throw unsupported("ordered aggregate " + name + "(… ORDER BY …)" + where);
        }
        if (args.size() > 1) {
            throw unsupported(name + " with several arguments" + where);
        }
        if (kind == AggCall.Kind.COUNT && args.isEmpty()) {
            return new AggCall(AggCall.Kind.COUNT_STAR, -1, null, output, filter);
        }
        // MIN and MAX of distinct values are MIN and MAX.
        boolean distinct = call.isDistinct() && kind != AggCall.Kind.MIN && kind != AggCall.Kind.MAX;
        return new AggCall(kind, argument, argumentType, output, filter, distinct, -1, List.of());
    }

    /** The executor's kind of an aggregate function, or null when it has none. */
    public static AggCall.Kind aggKind(AggregateCall call) {
        String name = call.getAggregation().getName().toUpperCase(Locale.ROOT);
        switch (name) {
            case "BOOL_AND": return AggCall.Kind.BOOL_AND;
            case "BOOL_OR": return AggCall.Kind.BOOL_OR;
            case "EVERY": return AggCall.Kind.BOOL_AND;
            case "SOME": return AggCall.Kind.BOOL_OR;
            case "STRING_AGG": return AggCall.Kind.STRING_AGG;
            default: break;
        }
        if (call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.LISTAGG
                || call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.STRING_AGG) {
            return AggCall.Kind.STRING_AGG; // Calcite turns string_agg into LISTAGG
        }
        switch (call.getAggregation().getKind()) {
            case COUNT: return call.getArgList().isEmpty() ? AggCall.Kind.COUNT_STAR : AggCall.Kind.COUNT;
            case SUM: return AggCall.Kind.SUM;
            case AVG: return AggCall.Kind.AVG;
            case MIN: return AggCall.Kind.MIN;
            case MAX: return AggCall.Kind.MAX;
            case VAR_SAMP: return AggCall.Kind.VAR_SAMP;
            case VAR_POP: return AggCall.Kind.VAR_POP;
            case STDDEV_SAMP: return AggCall.Kind.STDDEV_SAMP;
            case STDDEV_POP: return AggCall.Kind.STDDEV_POP;
            case ARRAY_AGG: return AggCall.Kind.ARRAY_AGG;
            default: return null;
        }
    }

    RexTranslator translator(Planned input) {
        return translator(input.types());
    }

    /** A translator over columns of {@code types}, with the ad-hoc query's parameters if any. */
    RexTranslator translator(List<DataType> types) {
        return new RexTranslator(rexBuilder, types, parameters);
    }

    static String describe(RelNode rel) {
        String type = rel.getRelTypeName().replace("Logical", "");
        switch (type) {
            case "Join": return "JOIN";
            case "Correlate": return "a correlated subquery";
            case "Union": return "UNION";
            case "Intersect": return "INTERSECT";
            case "Minus": return "EXCEPT";
            case "Values": return "VALUES";
            case "Window": return "a window function (OVER)";
            case "Match": return "MATCH_RECOGNIZE";
            case "TableFunctionScan": return "a table function";
            default: return type;
        }
    }

    static FreshetException unsupported(String what) {
        return new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, what + " is not supported yet");
    }
}
