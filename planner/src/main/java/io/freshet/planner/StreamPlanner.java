package io.freshet.planner;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.expr.InputRef;
import io.freshet.executor.operator.AggCall;
import io.freshet.executor.operator.FilterOperator;
import io.freshet.executor.operator.HashAggOperator;
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

    /** Gives the values of {@code ?} parameters, for running an ad-hoc query as a stream plan. */
    public StreamPlanner withParameters(IntFunction<Object> parameters) {
        this.parameters = parameters;
        return this;
    }

    public ViewPlan planView(RelNode rel, List<String> columnNames) {
        Planned planned = visit(WindowPlanner.separateWindows(rel), true);
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
                throw unsupported("reading " + String.join(".", scan.getTable().getQualifiedName()));
            }
            Relation relation = table.relation();
            dependsOn.add(relation.name());
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

    private Planned planAggregate(Aggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            throw unsupported("GROUPING SETS, ROLLUP and CUBE in a materialized view");
        }
        Planned input = visit(aggregate.getInput(), false);
        int[] groupColumns = aggregate.getGroupSet().toArray();
        List<DataType> groupTypes = new ArrayList<>();
        for (int column : groupColumns) {
            groupTypes.add(input.types().get(column));
        }
        List<AggCall> calls = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            calls.add(aggCall(call, input));
        }
        int groupTableId = allocate();
        int[] extremeTableIds = new int[calls.size()];
        for (int c = 0; c < calls.size(); c++) {
            extremeTableIds[c] = calls.get(c).isExtreme() ? allocate() : -1;
        }
        HashAggOperator.Factory factory = new HashAggOperator.Factory(groupColumns, groupTypes, calls, groupTableId, extremeTableIds);
        int[] key = new int[groupColumns.length];
        for (int k = 0; k < key.length; k++) {
            key[k] = k;
        }
        return new Planned(new StreamNode.Operator(factory, List.of(input.node())), factory.outputTypes(), key);
    }

    private AggCall aggCall(AggregateCall call, Planned input) {
        String name = call.getAggregation().getName().toLowerCase(Locale.ROOT);
        if (call.isDistinct()) {
            throw unsupported(name + "(DISTINCT …) in a materialized view");
        }

        if (!call.collation.getFieldCollations().isEmpty()) {
            throw unsupported("ordered aggregate " + name + "(… ORDER BY …) in a materialized view");
        }
        DataType output = TypeMapping.toDataType(call.getType());
        List<Integer> args = call.getArgList();
        int argument = args.isEmpty() ? -1 : args.get(0);
        DataType argumentType = argument < 0 ? null : input.types().get(argument);
        int filter = call.filterArg;
        switch (call.getAggregation().getKind()) {
            case COUNT:
                if (args.size() > 1) {
                    throw unsupported("count with several arguments");
                }
                return args.isEmpty() ? new AggCall(AggCall.Kind.COUNT_STAR, -1, null, output, filter)
                        : new AggCall(AggCall.Kind.COUNT, argument, argumentType, output, filter);
            case SUM: return new AggCall(AggCall.Kind.SUM, argument, argumentType, output, filter);
            case AVG: return new AggCall(AggCall.Kind.AVG, argument, argumentType, output, filter);
            case MIN: return new AggCall(AggCall.Kind.MIN, argument, argumentType, output, filter);
            case MAX: return new AggCall(AggCall.Kind.MAX, argument, argumentType, output, filter);
            default: throw unsupported("aggregate function " + name + " in a materialized view");
        }
    }

    RexTranslator translator(Planned input) {
        return new RexTranslator(rexBuilder, input.types(), parameters);
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
