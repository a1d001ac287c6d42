package io.freshet.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Postgres's {@code SELECT DISTINCT ON (k, …) items FROM … ORDER BY o, …} keeps the first row of
 * each distinct {@code (k, …)} in ORDER BY order. The token manager parses {@code DISTINCT ON (…)}
 * as a first select item {@code $distinct_on(k, …)}; this rewrites such a SELECT in place to
 * {@code SELECT items FROM … QUALIFY ROW_NUMBER() OVER (PARTITION BY k, … ORDER BY o, …) = 1},
 * which the planner turns into a top-1 per key.
 */
final class DistinctOnRewriter extends SqlBasicVisitor<Void> {
    static final String MARKER = "$distinct_on";

    static void rewrite(SqlNode node) {
        if (node != null) {
            node.accept(new DistinctOnRewriter());
        }
    }

    @Override
    public Void visit(SqlCall call) {
        if (call instanceof SqlOrderBy orderBy && orderBy.query instanceof SqlSelect select) {
            rewriteSelect(select, orderBy.orderList);
        } else if (call instanceof SqlSelect select) {
            rewriteSelect(select, SqlNodeList.EMPTY);
        }
        return super.visit(call);
    }

    private static void rewriteSelect(SqlSelect select, SqlNodeList orderList) {
        SqlNodeList items = select.getSelectList();
        if (items == null || items.isEmpty() || !(items.get(0) instanceof SqlBasicCall marker)
                || !(marker.getOperator().getNameAsId().isSimple()) || !MARKER.equals(marker.getOperator().getName())) {
            return;
        }
        SqlParserPos pos = marker.getParserPosition();
        if (select.getQualify() != null) {
            throw new FreshetParseException("0A000", "DISTINCT ON with QUALIFY is not supported", 0, null);
        }
        List<SqlNode> rest = new ArrayList<>(items.getList().subList(1, items.size()));
        SqlNodeList order = new SqlNodeList(pos);
        for (SqlNode item : orderList) {
            order.add(resolveOrdinal(item, rest));
        }
        SqlNodeList partition = new SqlNodeList(marker.getOperandList(), pos);
        SqlWindow window = SqlWindow.create(null, null, partition, order, SqlLiteral.createBoolean(false, pos),
                null, null, null, pos);
        SqlNode rowNumber = SqlStdOperatorTable.OVER.createCall(pos,
                SqlStdOperatorTable.ROW_NUMBER.createCall(pos), window);
        select.setSelectList(new SqlNodeList(rest, items.getParserPosition()));
        select.setQualify(SqlStdOperatorTable.EQUALS.createCall(pos, rowNumber, SqlLiteral.createExactNumeric("1", pos)));
    }

    /** {@code ORDER BY 2} names the second select item: the window must order by that expression. */
    private static SqlNode resolveOrdinal(SqlNode item, List<SqlNode> selectItems) {
        if (item instanceof SqlCall call && (call.getKind() == SqlKind.DESCENDING || call.getKind() == SqlKind.NULLS_FIRST
                || call.getKind() == SqlKind.NULLS_LAST)) {
            SqlNode inner = resolveOrdinal(call.operand(0), selectItems);
            return call.getOperator().createCall(call.getParserPosition(), inner);
        }
        if (item instanceof SqlLiteral literal && literal.getTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.NUMERIC) {
            int ordinal = literal.intValue(true);
            if (ordinal >= 1 && ordinal <= selectItems.size()) {
                SqlNode selected = selectItems.get(ordinal - 1);
                return selected instanceof SqlCall as && as.getKind() == SqlKind.AS ? as.operand(0) : selected;
            }
        }
        return item;
    }
}
