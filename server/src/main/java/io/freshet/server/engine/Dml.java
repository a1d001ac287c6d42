package io.freshet.server.engine;

import io.freshet.common.Chunk;
import io.freshet.common.Column;
import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.expr.Cast;
import io.freshet.executor.expr.Casts;
import io.freshet.executor.expr.Expression;
import io.freshet.executor.runtime.ReadSnapshot;
import io.freshet.executor.runtime.TableInput;
import io.freshet.planner.CalciteErrors;
import io.freshet.planner.QueryCompiler;
import io.freshet.planner.RexTranslator;
import io.freshet.planner.TypeMapping;
import io.freshet.planner.catalog.ColumnDef;
import io.freshet.planner.catalog.Relation;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * INSERT, UPDATE and DELETE on tables. Values are computed and checked first (types, NOT NULL,
 * duplicate keys) and only then pushed into the table's dataflow, so a failing statement changes
 * nothing. The write is visible to reads after the next barrier (or FLUSH).
 */
final class Dml {
    private final Database database;

    Dml(Database database) {
        this.database = database;
    }

    /** A DML statement prepared against the catalog; parameters are bound at execution. */
    record Prepared(Kind kind, Relation table, QueryCompiler.Analysis analysis, int[] targetColumns) {
        enum Kind { INSERT, UPDATE, DELETE }
    }

    Prepared prepareInsert(SqlInsert insert, List<DataType> hints, String text) {
        Relation table = targetTable(insert.getTargetTable(), text);
        List<ColumnDef> visible = table.visibleColumns();
        int[] targets;
        SqlNodeList columnList = insert.getTargetColumnList();
        if (columnList == null || columnList.isEmpty()) {
            targets = new int[visible.size()];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = i;
            }
        } else {
            targets = new int[columnList.size()];
            for (int i = 0; i < targets.length; i++) {
                SqlIdentifier id = (SqlIdentifier) columnList.get(i);
                String name = id.getSimple();
                int index = -1;
                for (int c = 0; c < visible.size(); c++) {
                    if (visible.get(c).name().equals(name)) {
                        index = c;
                    }
                }
                if (index < 0) {
                    throw new FreshetException(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \"" + table.name()
                            + "\" does not exist", CalciteErrors.offset(text, id.getParserPosition()), null, null);
                }
                targets[i] = index;
            }
        }
        QueryCompiler.Context context = database.compiler().newContext();
        SqlNode source = typeValues(insert.getSource(), targets, visible, context, false);
        QueryCompiler.Analysis analysis;
        try {
            analysis = database.compiler().analyze(source, hints, text);
        } catch (FreshetException e) {
            if (source.getKind() != SqlKind.VALUES || !String.valueOf(e.getMessage()).contains("compatible types")) {
                throw e;
            }
            // Rows disagree on a column's type (e.g. 1 and 'abc'): give every value its column's
            // type, so a bad value fails with Postgres's 22P02 naming it.
            analysis = database.compiler().analyze(typeValues(source, targets, visible, context, true), hints, text);
        }
        if (analysis.types().size() > targets.length) {
            throw new FreshetException(SqlState.SYNTAX_ERROR, "INSERT has more expressions than target columns");
        }
        if (analysis.types().size() < targets.length) {
            throw new FreshetException(SqlState.SYNTAX_ERROR, "INSERT has more target columns than expressions");
        }
        return new Prepared(Prepared.Kind.INSERT, table, analysis, targets);
    }

    /**
     * In {@code VALUES}, a bare {@code $n} takes the type of its target column; with {@code all},
     * every value is cast to its column's type.
     */
    private static SqlNode typeValues(SqlNode source, int[] targets, List<ColumnDef> visible, QueryCompiler.Context context,
                                      boolean all) {
        if (source.getKind() != SqlKind.VALUES) {
            return source;
        }
        SqlCall values = (SqlCall) source;
        for (SqlNode rowNode : values.getOperandList()) {
            if (!(rowNode instanceof SqlCall row) || row.getKind() != SqlKind.ROW) {
                continue;
            }
            for (int i = 0; i < row.operandCount() && i < targets.length; i++) {
                SqlNode value = row.operand(i);
                if (value instanceof SqlDynamicParam || (all && !SqlUtil.isNullLiteral(value, false))) {
                    row.setOperand(i, castTo(value, visible.get(targets[i]).type(), context));
                }
            }
        }
        return source;
    }

    private static SqlNode castTo(SqlNode node, DataType type, QueryCompiler.Context context) {
        return QueryCompiler.castTo(node, type, context);
    }

    Prepared prepareUpdate(SqlUpdate update, List<DataType> hints, String text) {
        Relation table = targetTable(update.getTargetTable(), text);
        List<ColumnDef> visible = table.visibleColumns();
        QueryCompiler.Context context = database.compiler().newContext();
        SqlNode[] items = new SqlNode[visible.size() + 1];
        for (int c = 0; c < visible.size(); c++) {
            items[c] = new SqlIdentifier(List.of(visible.get(c).name()), SqlParserPos.ZERO);
        }
        SqlNodeList targets = update.getTargetColumnList();
        SqlNodeList sources = update.getSourceExpressionList();
        for (int i = 0; i < targets.size(); i++) {
            SqlIdentifier id = (SqlIdentifier) targets.get(i);
            String name = id.names.get(id.names.size() - 1);
            int index = -1;
            for (int c = 0; c < visible.size(); c++) {
                if (visible.get(c).name().equals(name)) {
                    index = c;
                }
            }
            if (index < 0) {
                throw new FreshetException(SqlState.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \"" + table.name()
                        + "\" does not exist", CalciteErrors.offset(text, id.getParserPosition()), null, null);
            }
            SqlNode value = sources.get(i);
            items[index] = castTo(value, visible.get(index).type(), context);
        }
        items[visible.size()] = condition(update.getCondition());
        SqlSelect select = selectFrom(update.getTargetTable(), update.getAlias(), items);
        return new Prepared(Prepared.Kind.UPDATE, table, database.compiler().analyze(select, hints, text), null);
    }

    Prepared prepareDelete(SqlDelete delete, List<DataType> hints, String text) {
        Relation table = targetTable(delete.getTargetTable(), text);
        SqlSelect select = selectFrom(delete.getTargetTable(), delete.getAlias(), new SqlNode[] {condition(delete.getCondition())});
        return new Prepared(Prepared.Kind.DELETE, table, database.compiler().analyze(select, hints, text), null);
    }

    private static SqlNode condition(SqlNode condition) {
        return condition == null ? SqlLiteral.createBoolean(true, SqlParserPos.ZERO) : condition;
    }

    private static SqlSelect selectFrom(SqlNode table, SqlIdentifier alias, SqlNode[] items) {
        SqlNode from = alias == null ? table
                : SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, table, alias);
        return new SqlSelect(SqlParserPos.ZERO, null, new SqlNodeList(List.of(items), SqlParserPos.ZERO), from,
                null, null, null, null, null, null, null, null, null);
    }

    private Relation targetTable(SqlNode target, String text) {
        if (!(target instanceof SqlIdentifier id)) {
            throw FreshetException.unsupported("this DML target");
        }
        String name = Ddl.simpleName(id, text);
        Relation relation = database.catalog().get(name);
        if (relation == null) {
            throw new FreshetException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist",
                    CalciteErrors.offset(text, id.getParserPosition()), null, null);
        }
        if (relation.kind() != Relation.Kind.TABLE) {
            throw new FreshetException(SqlState.WRONG_OBJECT_TYPE, "cannot change " + relation.kindName() + " \"" + name + "\"",
                    CalciteErrors.offset(text, id.getParserPosition()), null, null);
        }
        return relation;
    }

    /** Runs a prepared DML statement; returns the number of rows written. */
    int execute(Prepared prepared, List<Object> parameters, AtomicBoolean canceled, ZoneId zone) {
        Relation table = prepared.table();
        if (database.catalog().get(table.name()) != table) {
            throw new FreshetException(SqlState.UNDEFINED_TABLE, "relation \"" + table.name() + "\" was dropped or replaced");
        }
        switch (prepared.kind()) {
            case INSERT: {
                List<Object[]> rows = insertRows(prepared, parameters, canceled, zone);
                return database.runtime().call(() -> input(table).insert(rows));
            }
            case UPDATE: {
                Project project = projectOverScan(prepared.analysis().root().rel);
                List<Expression> expressions = translator(prepared, table, parameters).translate(project.getProjects());
                int columns = table.visibleColumns().size();
                List<Expression> assignments = new ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    Expression e = expressions.get(c);
                    DataType type = table.columns().get(c).type();
                    assignments.add(e.type().equals(type) ? e : new Cast(e, type));
                }
                Expression predicate = expressions.get(columns);
                Object[] key = pinnedKey(project.getProjects().get(columns), prepared, table, parameters);
                return database.runtime().call(() -> input(table).update(predicate, assignments, key));
            }
            case DELETE: {
                Project project = projectOverScan(prepared.analysis().root().rel);
                Expression predicate = translator(prepared, table, parameters).translate(project.getProjects().get(0));
                Object[] key = pinnedKey(project.getProjects().get(0), prepared, table, parameters);
                return database.runtime().call(() -> input(table).delete(predicate, key));
            }
        }
        throw new AssertionError(prepared.kind());
    }

    private TableInput input(Relation table) {
        TableInput input = (TableInput) database.runtime().source(table.name());
        if (input == null) {
            throw new FreshetException(SqlState.UNDEFINED_TABLE, "relation \"" + table.name() + "\" does not exist");
        }
        return input;
    }

    private static RexTranslator translator(Prepared prepared, Relation table, List<Object> parameters) {
        return new RexTranslator(prepared.analysis().context().rexBuilder(), table.types(),
                i -> i < parameters.size() ? parameters.get(i) : null);
    }

    /**
     * The primary key an UPDATE or DELETE condition pins, when it is a conjunction that sets every
     * key column equal to a constant of the column's type ({@code WHERE id = 5 AND ...}): the table
     * then looks that row up instead of scanning. Null when the condition does not pin the key.
     */
    private static Object[] pinnedKey(RexNode condition, Prepared prepared, Relation table, List<Object> parameters) {
        int[] keyColumns = table.keyColumns();
        if (table.hasHiddenRowId() || keyColumns.length == 0) {
            return null;
        }
        Object[] key = new Object[keyColumns.length];
        boolean[] pinned = new boolean[keyColumns.length];
        RexTranslator translator = translator(prepared, table, parameters);
        for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
            if (!(conjunct instanceof RexCall call) || call.getKind() != SqlKind.EQUALS) {
                continue;
            }
            for (int side = 0; side < 2; side++) {
                if (!(call.getOperands().get(side) instanceof RexInputRef ref)
                        || RexUtil.containsInputRef(call.getOperands().get(1 - side))) {
                    continue;
                }
                for (int k = 0; k < keyColumns.length; k++) {
                    DataType type = table.types().get(keyColumns[k]);
                    if (keyColumns[k] != ref.getIndex() || pinned[k] || type.kind() == io.freshet.common.TypeKind.DECIMAL) {
                        continue;
                    }
                    Expression constant = translator.translate(call.getOperands().get(1 - side));
                    if (constant.type().kind() != type.kind()) {
                        continue;
                    }
                    key[k] = constant.evaluate(new Chunk(List.of(), 1)).get(0);
                    pinned[k] = true;
                }
            }
        }
        for (boolean p : pinned) {
            if (!p) {
                return null;
            }
        }
        return key;
    }

    private static Project projectOverScan(RelNode rel) {
        if (rel instanceof Project project && project.getInput() instanceof TableScan) {
            return project;
        }
        throw FreshetException.unsupported("subqueries in UPDATE and DELETE");
    }

    private List<Object[]> insertRows(Prepared prepared, List<Object> parameters, AtomicBoolean canceled, ZoneId zone) {
        QueryCompiler.Analysis analysis = prepared.analysis();
        List<Object[]> sourceRows = evaluateValues(analysis.root().rel, analysis, parameters);
        if (sourceRows == null) {
            // INSERT … SELECT reads committed data: commit the session's earlier writes first.
            database.runtime().flush();
            try (ReadSnapshot snapshot = database.runtime().acquireSnapshot()) {
                sourceRows = database.compiler().execute(analysis, parameters, snapshot, canceled, zone);
            }
        }
        Relation table = prepared.table();
        int visible = table.visibleColumns().size();
        List<DataType> sourceTypes = analysis.types();
        List<Object[]> rows = new ArrayList<>(sourceRows.size());
        List<SqlNode> valuesRows = valuesRows(analysis.validated(), sourceRows.size());
        for (int r = 0; r < sourceRows.size(); r++) {
            Object[] source = sourceRows.get(r);
            Object[] row = new Object[visible];
            for (int i = 0; i < prepared.targetColumns().length; i++) {
                int column = prepared.targetColumns()[i];
                DataType type = table.columns().get(column).type();
                BigDecimal literal = valuesRows == null ? null : unconstrainedNumericLiteral(valuesRows.get(r), i, type);
                row[column] = literal != null ? literal : Casts.cast(source[i], sourceTypes.get(i), type);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The rows of a VALUES source with {@code count} rows, or null. */
    private static List<SqlNode> valuesRows(SqlNode validated, int count) {
        if (validated == null || validated.getKind() != SqlKind.VALUES) {
            return null;
        }
        List<SqlNode> rows = ((SqlCall) validated).getOperandList();
        return rows.size() == count ? rows : null;
    }

    /**
     * A numeric literal written into an unconstrained NUMERIC column keeps its own scale, as in
     * Postgres ({@code VALUES (1), (2.50)} stores 1 and 2.50), instead of the common scale Calcite
     * gives every row of a VALUES list. Null when the value is not such a literal.
     */
    private static BigDecimal unconstrainedNumericLiteral(SqlNode rowNode, int index, DataType type) {
        if (type.kind() != io.freshet.common.TypeKind.DECIMAL || type.precision() != DataType.UNBOUNDED
                || !(rowNode instanceof SqlCall row) || row.getKind() != SqlKind.ROW || index >= row.operandCount()) {
            return null;
        }
        SqlNode value = row.operand(index);
        boolean negate = false;
        if (value.getKind() == SqlKind.MINUS_PREFIX) {
            value = ((SqlCall) value).operand(0);
            negate = true;
        }
        if (!(value instanceof org.apache.calcite.sql.SqlNumericLiteral number) || !number.isExact() || number.bigDecimalValue() == null) {
            return null;
        }
        BigDecimal decimal = number.bigDecimalValue();
        return negate ? decimal.negate() : decimal;
    }

    /** Evaluates VALUES lists (with expressions and parameters) without compiling a query; null if not VALUES. */
    private static List<Object[]> evaluateValues(RelNode rel, QueryCompiler.Analysis analysis, List<Object> parameters) {
        if (rel instanceof Values values) {
            return RexTranslator.valuesRows(values);
        }
        if (rel instanceof Project project) {
            List<Object[]> input = evaluateValues(project.getInput(), analysis, parameters);
            if (input == null) {
                return null;
            }
            List<DataType> inputTypes = project.getInput().getRowType().getFieldList().stream()
                    .map(f -> TypeMapping.toDataType(f.getType())).toList();
            List<Expression> expressions = new RexTranslator(analysis.context().rexBuilder(), inputTypes,
                    i -> i < parameters.size() ? parameters.get(i) : null).translate(project.getProjects());
            Chunk chunk = Chunk.ofRows(inputTypes, input);
            List<Column> columns = new ArrayList<>();
            for (Expression expression : expressions) {
                columns.add(expression.evaluate(chunk));
            }
            List<Object[]> rows = new ArrayList<>(input.size());
            for (int r = 0; r < input.size(); r++) {
                Object[] row = new Object[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = columns.get(c).get(r);
                }
                rows.add(row);
            }
            return rows;
        }
        if (rel instanceof Union union && union.all) {
            List<Object[]> rows = new ArrayList<>();
            for (RelNode input : union.getInputs()) {
                List<Object[]> part = evaluateValues(input, analysis, parameters);
                if (part == null) {
                    return null;
                }
                rows.addAll(part);
            }
            return rows;
        }
        return null;
    }
}
