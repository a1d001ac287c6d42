package io.freshet.server.engine;

import io.freshet.common.DataType;
import io.freshet.parser.SqlExplain;
import io.freshet.parser.SqlShow;
import io.freshet.planner.PgParameters;
import io.freshet.planner.QueryCompiler;
import io.freshet.server.session.Session;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;

/**
 * A parsed statement. Queries and DML are analyzed lazily (a statement of a multi-statement
 * string may name a table that an earlier one creates) and again whenever the catalog changed.
 *
 * <p>Parameters: the client numbers them {@code $1…$n}; Calcite sees one {@code ?} per occurrence.
 * This class maps between the two.
 */
final class FreshetStatement implements Session.Statement {
    private final FreshetSession session;
    private final String sql;
    private final PgParameters parameters;
    private final SqlNode node;
    private final List<DataType> hints;
    private long analyzedVersion = -1;
    private QueryCompiler.Analysis query;
    private Dml.Prepared dml;

    FreshetStatement(FreshetSession session, String sql, PgParameters parameters, SqlNode node, List<DataType> hints) {
        this.session = session;
        this.sql = sql;
        this.parameters = parameters;
        this.node = node;
        this.hints = List.copyOf(hints.stream().map(h -> h == null ? NO_HINT : h).toList());
    }

    private static final DataType NO_HINT = DataType.varchar(Integer.MAX_VALUE);

    SqlNode node() {
        return node;
    }

    @Override
    public String sql() {
        return sql;
    }

    String rewrittenSql() {
        return parameters.sql();
    }

    /** Analyzes the statement now if it is a query or DML (for Describe); errors surface here. */
    void analyze() {
        if (node == null) {
            return;
        }
        long version = session.database().catalog().version();
        if (version == analyzedVersion) {
            return;
        }
        String text = parameters.sql();
        if (node instanceof SqlInsert insert) {
            dml = session.dmlPlanner().prepareInsert(insert, occurrenceHints(), text);
        } else if (node instanceof SqlUpdate update) {
            dml = session.dmlPlanner().prepareUpdate(update, occurrenceHints(), text);
        } else if (node instanceof SqlDelete delete) {
            dml = session.dmlPlanner().prepareDelete(delete, occurrenceHints(), text);
        } else if (node.getKind().belongsTo(SqlKind.QUERY)) {
            query = session.database().compiler().analyze(node, occurrenceHints(), text);
        }
        analyzedVersion = version;
    }

    QueryCompiler.Analysis query() {
        analyze();
        return query;
    }

    Dml.Prepared dml() {
        analyze();
        return dml;
    }

    /** The client's declared type per {@code ?} occurrence (null where none). */
    List<DataType> occurrenceHints() {
        List<DataType> out = new ArrayList<>();
        for (int parameter : parameters.parameterOfOccurrence()) {
            DataType hint = parameter < hints.size() ? hints.get(parameter) : null;
            out.add(hint == NO_HINT ? null : hint);
        }
        return out;
    }

    /** Values per {@code ?} occurrence from values per {@code $n}. */
    List<Object> parametersByOccurrence(List<Object> values) {
        List<Object> out = new ArrayList<>();
        for (int parameter : parameters.parameterOfOccurrence()) {
            out.add(values != null && parameter < values.size() ? values.get(parameter) : null);
        }
        return out;
    }

    @Override
    public List<DataType> parameterTypes() {
        analyze();
        List<DataType> occurrenceTypes = query != null ? query.parameterTypes()
                : dml != null ? dml.analysis().parameterTypes() : List.of();
        DataType[] types = new DataType[parameters.parameterCount()];
        int[] map = parameters.parameterOfOccurrence();
        for (int k = 0; k < map.length; k++) {
            if (types[map[k]] == null && k < occurrenceTypes.size()) {
                types[map[k]] = occurrenceTypes.get(k);
            }
        }
        List<DataType> out = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            DataType hint = i < hints.size() && hints.get(i) != NO_HINT ? hints.get(i) : null;
            out.add(types[i] != null ? types[i] : hint != null ? hint : DataType.VARCHAR);
        }
        return out;
    }

    @Override
    public List<Session.ResultColumn> resultColumns() {
        if (node == null) {
            return null;
        }
        if (node instanceof SqlShow show) {
            return switch (show.getShowKind()) {
                case VARIABLE -> List.of(new Session.ResultColumn(show.getVariableName(), DataType.VARCHAR));
                case ALL -> List.of(new Session.ResultColumn("name", DataType.VARCHAR), new Session.ResultColumn("setting", DataType.VARCHAR),
                        new Session.ResultColumn("description", DataType.VARCHAR));
                default -> List.of(new Session.ResultColumn("Name", DataType.VARCHAR));
            };
        }
        if (node instanceof SqlExplain) {
            return List.of(new Session.ResultColumn("QUERY PLAN", DataType.VARCHAR));
        }
        if (!node.getKind().belongsTo(SqlKind.QUERY)) {
            return null;
        }
        QueryCompiler.Analysis analysis = query();
        List<Session.ResultColumn> columns = new ArrayList<>();
        for (int i = 0; i < analysis.names().size(); i++) {
            columns.add(new Session.ResultColumn(analysis.names().get(i), analysis.types().get(i)));
        }
        return columns;
    }
}
