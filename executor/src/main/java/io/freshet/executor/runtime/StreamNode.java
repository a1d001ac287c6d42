package io.freshet.executor.runtime;

import io.freshet.executor.stream.OperatorFactory;
import java.util.List;

/** A stream plan as a tree: operators over inputs, with leaves that read an existing relation's changes. */
public sealed interface StreamNode permits StreamNode.Operator, StreamNode.Upstream, StreamNode.Values {
    /** An operator over its inputs (input {@code i} of the operator is {@code inputs.get(i)}). */
    record Operator(OperatorFactory factory, List<StreamNode> inputs) implements StreamNode {
        public Operator {
            inputs = List.copyOf(inputs);
        }
    }

    /** The change stream of an existing table or materialized view, backfilled from its contents. */
    record Upstream(String relation) implements StreamNode {
    }

    /**
     * Constant rows (a VALUES list): inserted once, in the epoch that creates the dataflow; after a
     * restart they are already part of the state downstream.
     */
    record Values(java.util.List<io.freshet.common.DataType> types, List<Object[]> rows) implements StreamNode {
        public Values {
            types = List.copyOf(types);
            rows = List.copyOf(rows);
        }
    }

    /** Indented EXPLAIN text, root first. */
    static String explain(StreamNode node) {
        StringBuilder sb = new StringBuilder();
        explain(node, 0, sb);
        return sb.toString();
    }

    private static void explain(StreamNode node, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append(depth == 0 ? "" : "└─");
        if (node instanceof Upstream upstream) {
            sb.append("StreamTableScan { table: ").append(upstream.relation()).append(" }\n");
            return;
        }
        if (node instanceof Values values) {
            sb.append("StreamValues { rows: ").append(values.rows().size()).append(" }\n");
            return;
        }
        Operator operator = (Operator) node;
        sb.append(operator.factory().explain()).append('\n');
        for (StreamNode input : operator.inputs()) {
            explain(input, depth + 1, sb);
        }
    }
}
