package io.freshet.planner;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The grouping sets of an aggregate (GROUPING SETS / ROLLUP / CUBE) as the streaming and batch
 * plans expand them: each set has an id; an expanded row's group key is the aggregate's group
 * columns (NULL outside the set), then the set id, then the value of each GROUPING() call for the
 * set (a bit per argument, 1 when the argument is not grouped, the first argument highest).
 */
public final class GroupingSets {
    /** The set id's type in the expanded rows. */
    public static final DataType ID_TYPE = DataType.INTEGER;

    private final int[] groupColumns;
    private final List<ImmutableBitSet> sets;
    private final List<AggregateCall> groupingCalls = new ArrayList<>();
    private final int[] groupingIndex;
    private final List<DataType> suffixTypes = new ArrayList<>();

    private GroupingSets(Aggregate aggregate) {
        this.groupColumns = aggregate.getGroupSet().toArray();
        this.sets = aggregate.getGroupSets();
        List<AggregateCall> calls = aggregate.getAggCallList();
        this.groupingIndex = new int[calls.size()];
        suffixTypes.add(ID_TYPE);
        for (int c = 0; c < calls.size(); c++) {
            AggregateCall call = calls.get(c);
            if (call.getAggregation().getKind() == SqlKind.GROUP_ID) {
                throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "GROUP_ID() is not supported yet");
            }
            groupingIndex[c] = -1;
            if (isGrouping(call)) {
                groupingIndex[c] = groupingCalls.size();
                groupingCalls.add(call);
                suffixTypes.add(TypeMapping.toDataType(call.getType()));
            }
        }
    }

    public static GroupingSets of(Aggregate aggregate) {
        return new GroupingSets(aggregate);
    }

    /** Whether the call is GROUPING(...) or GROUPING_ID(...), computed from the set rather than aggregated. */
    public static boolean isGrouping(AggregateCall call) {
        SqlKind kind = call.getAggregation().getKind();
        return kind == SqlKind.GROUPING || kind == SqlKind.GROUPING_ID || kind == SqlKind.GROUP_ID;
    }

    public int count() {
        return sets.size();
    }

    /** The aggregate's group columns (the union of the sets), in input column order. */
    public int[] groupColumns() {
        return groupColumns.clone();
    }

    public boolean contains(int set, int column) {
        return sets.get(set).get(column);
    }

    /** Types of the key after the group columns: the set id, then one per GROUPING() call. */
    public List<DataType> suffixTypes() {
        return List.copyOf(suffixTypes);
    }

    /** Position among the GROUPING() calls of aggregate call {@code call}, or -1. */
    public int groupingIndex(int call) {
        return groupingIndex[call];
    }

    /** The set id and the GROUPING() values of set {@code set}. */
    public Object[] keySuffix(int set) {
        Object[] suffix = new Object[1 + groupingCalls.size()];
        suffix[0] = (long) set;
        for (int g = 0; g < groupingCalls.size(); g++) {
            List<Integer> args = groupingCalls.get(g).getArgList();
            long value = 0;
            for (int arg : args) {
                value = (value << 1) | (sets.get(set).get(arg) ? 0 : 1);
            }
            suffix[1 + g] = value;
        }
        return suffix;
    }

    /** The full group keys of the sets without columns: their rows exist even over empty input. */
    public List<Object[]> fixedGroups() {
        List<Object[]> keys = new ArrayList<>();
        for (int j = 0; j < sets.size(); j++) {
            if (sets.get(j).isEmpty()) {
                Object[] suffix = keySuffix(j);
                Object[] key = new Object[groupColumns.length + suffix.length];
                System.arraycopy(suffix, 0, key, groupColumns.length, suffix.length);
                keys.add(key);
            }
        }
        return keys;
    }
}
