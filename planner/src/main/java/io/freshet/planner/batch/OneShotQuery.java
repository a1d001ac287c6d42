package io.freshet.planner.batch;

import io.freshet.common.Chunk;
import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.common.StreamChunk;
import io.freshet.executor.operator.MaterializeOperator;
import io.freshet.executor.runtime.OneShot;
import io.freshet.executor.runtime.ReadSnapshot;
import io.freshet.planner.StreamPlanner;
import io.freshet.planner.catalog.ReadContext;
import io.freshet.planner.catalog.Relation;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.InMemoryStore;
import io.freshet.storage.kv.KvSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexBuilder;

/**
 * Runs an ad-hoc query with the streaming operators that maintain views: the query is planned as a
 * view, run once over the statement's snapshot with private in-memory state, and its final ORDER
 * BY / LIMIT applied to the result. So every construct a view supports works ad hoc, with the same
 * types and semantics, and the differential tests compare two genuinely different executions: state
 * built incrementally through a history of changes against state built in one pass.
 */
public final class OneShotQuery {
    private static final int CHUNK_ROWS = 1024;

    private OneShotQuery() {
    }

    /** The planned query, or null when the stream planner refuses it (the caller falls back). */
    public static Prepared prepare(RelRoot root, RexBuilder rexBuilder, List<Object> parameters) {
        RelNode rel = root.rel;
        Sort sort = null;
        if (rel instanceof Sort s) {
            sort = s;
            rel = s.getInput();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < rel.getRowType().getFieldCount(); i++) {
            names.add("c" + i);
        }
        int[] next = {1};
        try {
            StreamPlanner planner = new StreamPlanner(rexBuilder, () -> next[0]++)
                    .withParameters(i -> i < parameters.size() ? parameters.get(i) : null);
            StreamPlanner.ViewPlan plan = planner.planView(rel, names);
            return new Prepared(root, rel, sort, plan, planner.relationsRead(), rexBuilder, parameters);
        } catch (FreshetException e) {
            if (e.state() == SqlState.FEATURE_NOT_SUPPORTED) {
                return null;
            }
            throw e;
        }
    }

    /** A query planned as a dataflow, ready to run on a snapshot. */
    public record Prepared(RelRoot root, RelNode body, Sort sort, StreamPlanner.ViewPlan plan,
                           Map<String, Relation> relations, RexBuilder rexBuilder, List<Object> parameters) {

        /** Runs the dataflow on {@code snapshot}; rows hold Freshet values in the root's field order. */
        public List<Object[]> run(ReadSnapshot snapshot) {
            List<Object[]> rows = new ArrayList<>();
            try (InMemoryStore store = new InMemoryStore("ad-hoc query")) {
                List<StateTable.Scan> open = new ArrayList<>();
                try {
                    OneShot.run(plan.root(), store, name -> {
                        Relation relation = relations.get(name);
                        if (relation.kind() == Relation.Kind.SOURCE) {
                            List<Object[]> read = io.freshet.planner.catalog.SourceRows.read(relation);
                            List<StreamChunk> chunks = new ArrayList<>();
                            for (int from = 0; from < read.size(); from += CHUNK_ROWS) {
                                List<Object[]> part = read.subList(from, Math.min(read.size(), from + CHUNK_ROWS));
                                chunks.add(new StreamChunk(new byte[part.size()], io.freshet.common.Chunk.ofRows(relation.types(), part)));
                            }
                            return chunks.iterator();
                        }
                        StateTable.Scan scan = StateTable.scan(snapshot.snapshot(), relation.stateTableId(),
                                relation.keyCodec(), relation.types());
                        open.add(scan);
                        return chunks(scan, relation.types());
                    }, ReadContext::checkCanceled);
                } finally {
                    for (StateTable.Scan scan : open) {
                        scan.close();
                    }
                }
                MaterializeOperator.Factory materialize = (MaterializeOperator.Factory) plan.root().factory();
                int visible = body.getRowType().getFieldCount();
                try (KvSnapshot state = store.snapshot();
                     StateTable.Scan scan = StateTable.scan(state, plan.stateTableId(), materialize.keyCodec(), materialize.types())) {
                    while (scan.hasNext()) {
                        Object[] row = scan.next();
                        rows.add(row.length == visible ? row : Arrays.copyOf(row, visible));
                        if ((rows.size() & 4095) == 0) {
                            ReadContext.checkCanceled();
                        }
                    }
                }
            }
            if (sort != null) {
                rows = BatchInterpreter.sort(sort, rows, rexBuilder, parameters);
            }
            List<Object[]> out = new ArrayList<>(rows.size());
            for (Object[] row : rows) {
                Object[] projected = new Object[root.fields.size()];
                for (int i = 0; i < projected.length; i++) {
                    projected[i] = row[root.fields.get(i).getKey()];
                }
                out.add(projected);
            }
            return out;
        }
    }

    private static Iterator<StreamChunk> chunks(StateTable.Scan scan, List<DataType> types) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return scan.hasNext();
            }

            @Override
            public StreamChunk next() {
                if (!scan.hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Object[]> rows = new ArrayList<>(CHUNK_ROWS);
                while (rows.size() < CHUNK_ROWS && scan.hasNext()) {
                    rows.add(scan.next());
                }
                return new StreamChunk(new byte[rows.size()], Chunk.ofRows(types, rows));
            }
        };
    }
}
