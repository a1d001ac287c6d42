package io.freshet.planner.batch;

import io.freshet.common.DataType;
import io.freshet.common.Values;
import java.util.Comparator;
import org.apache.calcite.rel.RelFieldCollation;

/** ORDER BY comparators with Postgres's NULL placement (NULLS LAST ascending, FIRST descending). */
final class RowComparators {
    private RowComparators() {
    }

    static Comparator<Object[]> of(RelFieldCollation collation, DataType type) {
        int index = collation.getFieldIndex();
        boolean descending = collation.getDirection().isDescending();
        RelFieldCollation.NullDirection nulls = collation.nullDirection;
        boolean nullsFirst = nulls == RelFieldCollation.NullDirection.FIRST
                || (nulls == RelFieldCollation.NullDirection.UNSPECIFIED && descending);
        return (a, b) -> {
            Object x = a[index];
            Object y = b[index];
            if (x == null || y == null) {
                if (x == y) {
                    return 0;
                }
                return (x == null) == nullsFirst ? -1 : 1;
            }
            int c = Values.compare(type, x, y);
            return descending ? -c : c;
        };
    }
}
