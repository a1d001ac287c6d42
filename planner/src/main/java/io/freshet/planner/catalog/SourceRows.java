package io.freshet.planner.catalog;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.connector.KafkaSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an ad-hoc query reads from a source, which stores nothing: a kafka source's topic as it is
 * now, from where its {@code scan.startup.mode} says to each partition's current end, bad records
 * left out ({@link KafkaSnapshot}); rows carry a hidden row id numbered from 1 for this read. Other
 * sources (datagen, which never ends) are refused with 0A000.
 */
public final class SourceRows {
    private SourceRows() {
    }

    /** Full rows (hidden columns included) of {@code relation}, a source. */
    public static List<Object[]> read(Relation relation) {
        if (!"kafka".equals(relation.options().get("connector"))) {
            throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "source \"" + relation.name()
                    + "\" is not stored and its connector cannot be read ad hoc", 0,
                    "Create a materialized view over it (CREATE MATERIALIZED VIEW … AS SELECT … FROM " + relation.name()
                            + "), or declare it with CREATE TABLE … WITH (connector = …) to store its rows.", null);
        }
        List<ColumnDef> visible = relation.visibleColumns();
        List<String> names = visible.stream().map(ColumnDef::name).toList();
        List<DataType> types = visible.stream().map(ColumnDef::type).toList();
        boolean[] notNull = new boolean[visible.size()];
        for (int i = 0; i < notNull.length; i++) {
            notNull[i] = visible.get(i).notNull();
        }
        List<Object[]> rows = KafkaSnapshot.read(relation.name(), names, types, notNull, relation.options(),
                ReadContext::checkCanceled);
        int width = relation.columns().size();
        List<Object[]> full = new ArrayList<>(rows.size());
        long rowId = 1;
        for (Object[] row : rows) {
            Object[] withId = Arrays.copyOf(row, width);
            withId[width - 1] = rowId++;
            full.add(withId);
        }
        return full;
    }
}
