package io.freshet.planner;

import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.tools.RelBuilder;

/**
 * The rewrites a view's logical plan gets before stream planning:
 * <ol>
 *   <li>subqueries in expressions ({@code IN}, {@code EXISTS}, scalar subqueries) become joins with
 *       correlation variables (Calcite's sub-query removal rules), then the decorrelator turns
 *       correlations into plain joins on the correlated columns (SEMI/ANTI or LEFT joins over
 *       aggregates);</li>
 *   <li>filters over joins move into the join condition (so {@code FROM a, b WHERE a.k = b.k}
 *       becomes an equi-join) and single-side conditions move below the join.</li>
 * </ol>
 * Ad-hoc queries do not go through this: they keep Calcite's own optimization.
 */
final class SubqueryRewriter {
    private SubqueryRewriter() {
    }

    static RelNode rewrite(RelNode rel) {
        RelNode result = rel;
        if (hasSubquery(result)) {
            HepProgram removal = new HepProgramBuilder()
                    .addRuleInstance(CoreRules.FILTER_SUB_QUERY_TO_CORRELATE)
                    .addRuleInstance(CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE)
                    .addRuleInstance(CoreRules.JOIN_SUB_QUERY_TO_CORRELATE)
                    .build();
            result = run(removal, result);
            RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null);
            result = RelDecorrelator.decorrelateQuery(result, builder);
        }
        if (hasJoin(result)) {
            HepProgram joins = new HepProgramBuilder()
                    .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
                    .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
                    .build();
            result = run(joins, result);
        }
        return result;
    }

    private static RelNode run(HepProgram program, RelNode rel) {
        HepPlanner planner = new HepPlanner(program);
        planner.setRoot(rel);
        return planner.findBestExp();
    }

    private static boolean hasSubquery(RelNode rel) {
        if (rel instanceof Correlate) {
            return true;
        }
        if (rel instanceof Filter filter && RexUtil.SubQueryFinder.find(filter.getCondition()) != null) {
            return true;
        }
        if (rel instanceof Project project && RexUtil.SubQueryFinder.find(project.getProjects()) != null) {
            return true;
        }
        if (rel instanceof Join join && RexUtil.SubQueryFinder.find(join.getCondition()) != null) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (hasSubquery(input)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasJoin(RelNode rel) {
        if (rel instanceof Join) {
            return true;
        }
        for (RelNode input : rel.getInputs()) {
            if (hasJoin(input)) {
                return true;
            }
        }
        return false;
    }
}
