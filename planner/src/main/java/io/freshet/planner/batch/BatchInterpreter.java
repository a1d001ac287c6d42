package io.freshet.planner.batch;

import io.freshet.common.BooleanColumn;
import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.batch.BatchAggregate;
import io.freshet.executor.operator.AggCall;
import io.freshet.planner.RexTranslator;
import io.freshet.planner.TypeMapping;
import io.freshet.planner.catalog.ReadContext;
import io.freshet.planner.catalog.Relation;
import io.freshet.planner.catalog.RelationTable;
import io.freshet.storage.StateTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/**
 * Runs ad-hoc queries over one relation (scans, WHERE, projections, GROUP BY with COUNT / SUM /
 * AVG / MIN / MAX, HAVING, ORDER BY, LIMIT / OFFSET, VALUES) directly on the logical plan with
 * Freshet's own expressions: exact types (microsecond timestamps, intervals with months), the same
 * semantics as views, and no code generation per query. Anything else (joins, subqueries, set
 * operations, window functions) is left to Calcite's runtime: {@link #supports} says which.
 */
public final class BatchInterpreter {
    private final RexBuilder rexBuilder;
    private final List<Object> parameters;

    private BatchInterpreter(RexBuilder rexBuilder, List<Object> parameters) {
        this.rexBuilder = rexBuilder;
        this.parameters = parameters;
    }

    /** Whether the plan is made only of what this interpreter runs. */
    public static boolean supports(RelNode rel, RexBuilder rexBuilder) {
        if (rel instanceof TableScan scan) {
            return scan.getTable().unwrap(RelationTable.class) != null
                    || scan.getTable().unwrap(io.freshet.planner.catalog.SystemTable.class) != null;
        }
        if (rel instanceof Values) {
            return true;
        }
        if (rel instanceof TableFunctionScan scan) {
            if (!scan.getInputs().isEmpty() || !(scan.getCall() instanceof org.apache.calcite.rex.RexCall call)
                    || !call.getOperator().getName().equalsIgnoreCase("generate_series")) {
                return false;
            }
            for (RexNode operand : call.getOperands()) {
                if (!translatable(operand, scan, rexBuilder, List.of())) {
                    return false;
                }
            }
            return true;
        }
        if (rel instanceof Filter filter) {
            return translatable(filter.getCondition(), filter.getInput(), rexBuilder) && supports(filter.getInput(), rexBuilder);
        }
        if (rel instanceof Project project) {
            for (RexNode node : project.getProjects()) {
                if (!translatable(node, project.getInput(), rexBuilder)) {
                    return false;
                }
            }
            return supports(project.getInput(), rexBuilder);
        }
        if (rel instanceof Aggregate aggregate) {
            for (AggregateCall call : aggregate.getAggCallList()) {
                if (io.freshet.planner.GroupingSets.isGrouping(call)
                        && call.getAggregation().getKind() != org.apache.calcite.sql.SqlKind.GROUP_ID) {
                    continue;
                }
                try {
                    io.freshet.planner.StreamPlanner.aggCall(call, types(aggregate.getInput()), "");
                } catch (FreshetException e) {
                    return false;
                }
                if (kind(call) == AggCall.Kind.AVG && TypeMapping.toDataType(aggregate.getInput().getRowType().getFieldList()
                        .get(call.getArgList().get(0)).getType()).kind() == io.freshet.common.TypeKind.INTERVAL) {
                    return false;
                }
            }
            return supports(aggregate.getInput(), rexBuilder);
        }
        if (rel instanceof Sort sort) {
            return supports(sort.getInput(), rexBuilder);
        }
        return false;
    }

    private static boolean translatable(RexNode node, RelNode input, RexBuilder rexBuilder) {
        return translatable(node, input, rexBuilder, types(input));
    }

    private static boolean translatable(RexNode node, RelNode input, RexBuilder rexBuilder, List<DataType> inputTypes) {
        boolean[] subQuery = {false};
        node.accept(new RexShuttle() {
            @Override
            public RexNode visitSubQuery(RexSubQuery query) {
                subQuery[0] = true;
                return query;
            }
        });
        if (subQuery[0]) {
            return false;
        }
        try {
            new RexTranslator(rexBuilder, inputTypes, i -> null).translate(node);
            return true;
        } catch (FreshetException e) {
            return false;
        }
    }

    /** Runs a supported plan on the snapshot bound to this thread ({@link ReadContext}); rows hold Freshet values. */
    public static List<Object[]> run(RelNode rel, RexBuilder rexBuilder, List<Object> parameters) {
        return new BatchInterpreter(rexBuilder, parameters).execute(rel);
    }

    /** Applies a Sort's ORDER BY, OFFSET and LIMIT to rows computed elsewhere. */
    public static List<Object[]> sort(Sort sort, List<Object[]> rows, RexBuilder rexBuilder, List<Object> parameters) {
        return new BatchInterpreter(rexBuilder, parameters).sort(sort, rows);
    }

    private static List<DataType> types(RelNode rel) {
        return rel.getRowType().getFieldList().stream().map(f -> TypeMapping.toDataType(f.getType())).toList();
    }

    private List<Object[]> execute(RelNode rel) {
        ReadContext.checkCanceled();
        if (rel instanceof TableScan scan) {
            io.freshet.planner.catalog.SystemTable system = scan.getTable().unwrap(io.freshet.planner.catalog.SystemTable.class);
            if (system != null) {
                return system.rows();
            }
            return scan(scan.getTable().unwrap(RelationTable.class).relation());
        }
        if (rel instanceof Values values) {
            return RexTranslator.valuesRows(values);
        }
        if (rel instanceof TableFunctionScan scan) {
            // generate_series: its arguments are evaluated once, on a row of no columns.
            org.apache.calcite.rex.RexCall call = (org.apache.calcite.rex.RexCall) scan.getCall();
            RexTranslator translator = new RexTranslator(rexBuilder, List.of(), i -> i < parameters.size() ? parameters.get(i) : null);
            Chunk one = new Chunk(List.of(), 1);
            List<Object> args = new ArrayList<>();
            for (RexNode operand : call.getOperands()) {
                args.add(translator.translate(operand).evaluate(one).get(0));
            }
            return GenerateSeries.rows(args, types(scan).get(0));
        }
        if (rel instanceof Filter filter) {
            List<Object[]> input = execute(filter.getInput());
            Expression predicate = translator(filter.getInput()).translate(filter.getCondition());
            List<Object[]> out = new ArrayList<>();
            forChunks(input, types(filter.getInput()), (chunk, from) -> {
                BooleanColumn test = (BooleanColumn) predicate.evaluate(chunk);
                for (int i = 0; i < chunk.rowCount(); i++) {
                    if (test.isTrue(i)) {
                        out.add(input.get(from + i));
                    }
                }
            });
            return out;
        }
        if (rel instanceof Project project) {
            List<Object[]> input = execute(project.getInput());
            List<Expression> expressions = translator(project.getInput()).translate(project.getProjects());
            List<Object[]> out = new ArrayList<>(input.size());
            if (input.isEmpty()) {
                return out;
            }
            forChunks(input, types(project.getInput()), (chunk, from) -> {
                Column[] columns = new Column[expressions.size()];
                for (int c = 0; c < columns.length; c++) {
                    columns[c] = expressions.get(c).evaluate(chunk);
                }
                for (int i = 0; i < chunk.rowCount(); i++) {
                    Object[] row = new Object[columns.length];
                    for (int c = 0; c < columns.length; c++) {
                        row[c] = columns[c].get(i);
                    }
                    out.add(row);
                }
            });
            return out;
        }
        if (rel instanceof Aggregate aggregate) {
            return aggregate(aggregate, execute(aggregate.getInput()));
        }
        if (rel instanceof Sort sort) {
            return sort(sort, execute(sort.getInput()));
        }
        throw new IllegalStateException("not supported by the batch interpreter: " + rel.getRelTypeName());
    }

    private List<Object[]> scan(Relation relation) {
        List<DataType> types = relation.types();
        int visible = relation.visibleColumns().size();
        List<Object[]> rows = new ArrayList<>();
        if (relation.kind() == Relation.Kind.SOURCE) {
            for (Object[] row : io.freshet.planner.catalog.SourceRows.read(relation)) {
                rows.add(java.util.Arrays.copyOf(row, visible));
            }
            return rows;
        }
        try (StateTable.Scan scan = StateTable.scan(ReadContext.current().snapshot(), relation.stateTableId(),
                relation.keyCodec(), types)) {
            while (scan.hasNext()) {
                Object[] row = scan.next();
                rows.add(row.length == visible ? row : java.util.Arrays.copyOf(row, visible));
                if ((rows.size() & 4095) == 0) {
                    ReadContext.checkCanceled();
                }
            }
        }
        return rows;
    }

    private RexTranslator translator(RelNode input) {
        return new RexTranslator(rexBuilder, types(input), i -> i < parameters.size() ? parameters.get(i) : null);
    }

    private interface ChunkConsumer {
        void accept(Chunk chunk, int from);
    }

    private static void forChunks(List<Object[]> rows, List<DataType> types, ChunkConsumer consumer) {
        for (int from = 0; from < rows.size(); from += 1024) {
            consumer.accept(Chunk.ofRows(types, rows.subList(from, Math.min(rows.size(), from + 1024))), from);
        }
    }

    private List<Object[]> aggregate(Aggregate aggregate, List<Object[]> input) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return groupingSets(aggregate, input);
        }
        List<DataType> inputTypes = types(aggregate.getInput());
        int[] groups = aggregate.getGroupSet().toArray();
        List<AggCall> calls = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            calls.add(io.freshet.planner.StreamPlanner.aggCall(call, inputTypes, ""));
        }
        return new BatchAggregate(groups, calls).run(input);
    }

    /** GROUPING SETS as the stream plan runs them: expand each row per set, aggregate, project. */
    private List<Object[]> groupingSets(Aggregate aggregate, List<Object[]> input) {
        List<DataType> inputTypes = types(aggregate.getInput());
        io.freshet.planner.GroupingSets sets = io.freshet.planner.GroupingSets.of(aggregate);
        int width = inputTypes.size();
        int[] groupColumns = sets.groupColumns();
        int keyCount = groupColumns.length + sets.suffixTypes().size();
        List<Object[]> expanded = new ArrayList<>(input.size() * sets.count());
        for (Object[] row : input) {
            for (int j = 0; j < sets.count(); j++) {
                Object[] out = java.util.Arrays.copyOf(row, width + keyCount);
                for (int k = 0; k < groupColumns.length; k++) {
                    out[width + k] = sets.contains(j, groupColumns[k]) ? row[groupColumns[k]] : null;
                }
                Object[] suffix = sets.keySuffix(j);
                System.arraycopy(suffix, 0, out, width + groupColumns.length, suffix.length);
                expanded.add(out);
            }
        }
        int[] groups = new int[keyCount];
        for (int k = 0; k < keyCount; k++) {
            groups[k] = width + k;
        }
        List<AggCall> calls = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (!io.freshet.planner.GroupingSets.isGrouping(call)) {
                calls.add(io.freshet.planner.StreamPlanner.aggCall(call, inputTypes, ""));
            }
        }
        List<Object[]> aggregated = new BatchAggregate(groups, calls, sets.fixedGroups()).run(expanded);
        List<Object[]> out = new ArrayList<>(aggregated.size());
        int callCount = aggregate.getAggCallList().size();
        for (Object[] row : aggregated) {
            Object[] result = new Object[groupColumns.length + callCount];
            System.arraycopy(row, 0, result, 0, groupColumns.length);
            int next = keyCount;
            for (int c = 0; c < callCount; c++) {
                int g = sets.groupingIndex(c);
                result[groupColumns.length + c] = g >= 0 ? row[groupColumns.length + 1 + g] : row[next++];
            }
            out.add(result);
        }
        return out;
    }

    static AggCall.Kind kind(AggregateCall call) {
        return io.freshet.planner.StreamPlanner.aggKind(call);
    }

    private List<Object[]> sort(Sort sort, List<Object[]> input) {
        List<DataType> types = types(sort.getInput());
        List<Object[]> rows = new ArrayList<>(input);
        List<RelFieldCollation> collations = sort.getCollation().getFieldCollations();
        if (!collations.isEmpty()) {
            Comparator<Object[]> comparator = null;
            for (RelFieldCollation collation : collations) {
                Comparator<Object[]> next = RowComparators.of(collation, types.get(collation.getFieldIndex()));
                comparator = comparator == null ? next : comparator.thenComparing(next);
            }
            rows.sort(comparator);
        }
        long offset = bound(sort.offset, 0, "OFFSET");
        long fetch = bound(sort.fetch, Long.MAX_VALUE, "LIMIT");
        int from = (int) Math.min(rows.size(), offset);
        int to = (int) Math.min(rows.size(), from + Math.min(fetch, Integer.MAX_VALUE));
        return rows.subList(from, to);
    }

    private long bound(RexNode node, long fallback, String clause) {
        if (node == null) {
            return fallback;
        }
        Object value = node instanceof RexDynamicParam param ? parameters.get(param.getIndex())
                : RexTranslator.literalValue((RexLiteral) node, DataType.BIGINT);
        if (value == null) {
            return fallback;
        }
        long n = ((Number) value).longValue();
        if (n < 0) {
            throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, clause + " must not be negative");
        }
        return n;
    }
}
