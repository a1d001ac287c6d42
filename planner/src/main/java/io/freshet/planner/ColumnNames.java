package io.freshet.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;

/**
 * Result column names as Postgres gives them: an alias, a column's name, a function's name
 * ({@code count}, {@code sum}, {@code coalesce}), {@code case}, or {@code ?column?} for anything
 * else, where Calcite would say {@code EXPR$0}.
 */
public final class ColumnNames {
    private ColumnNames() {
    }

    /** Replaces Calcite's generated names in {@code calciteNames} using the query's select list. */
    public static List<String> derive(SqlNode query, List<String> calciteNames) {
        List<String> names = new ArrayList<>(calciteNames);
        SqlNodeList selectList = selectList(query);
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).startsWith("EXPR$")) {
                continue;
            }
            SqlNode item = selectList != null && i < selectList.size() ? selectList.get(i) : null;
            names.set(i, item == null ? "?column?" : nameOf(item));
        }
        return names;
    }

    private static SqlNodeList selectList(SqlNode query) {
        if (query instanceof SqlOrderBy orderBy) {
            return selectList(orderBy.query);
        }
        if (query instanceof SqlWith with) {
            return selectList(with.body);
        }
        if (query instanceof SqlSelect select) {
            return select.getSelectList();
        }
        return null;
    }

    static String nameOf(SqlNode node) {
        if (node instanceof SqlIdentifier identifier) {
            return identifier.isStar() ? "?column?" : identifier.names.get(identifier.names.size() - 1);
        }
        if (!(node instanceof SqlCall call)) {
            return "?column?";
        }
        SqlKind kind = call.getKind();
        if (kind == SqlKind.AS) {
            SqlNode alias = call.operand(1);
            String aliasName = alias instanceof SqlIdentifier id ? id.getSimple() : alias.toString();
            return aliasName.startsWith("EXPR$") ? nameOf(call.operand(0)) : aliasName;
        }
        if (kind == SqlKind.CAST) {
            String inner = nameOf(call.operand(0));
            if (!inner.equals("?column?")) {
                return inner;
            }
            SqlNode type = call.operand(1);
            return type instanceof SqlDataTypeSpec spec ? pgTypeName(spec) : "?column?";
        }
        if (kind == SqlKind.CASE) {
            return "case";
        }
        if (call.getOperator() instanceof SqlFunction || call.getOperator().isAggregator()
                || kind == SqlKind.COALESCE || kind == SqlKind.NULLIF) {
            String name = call.getOperator().getName().toLowerCase(Locale.ROOT);
            return name.isEmpty() ? "?column?" : name;
        }
        if (call instanceof SqlBasicCall && kind == SqlKind.OTHER_FUNCTION) {
            return call.getOperator().getName().toLowerCase(Locale.ROOT);
        }
        return "?column?";
    }

    private static String pgTypeName(SqlDataTypeSpec spec) {
        String name = spec.getTypeName().getSimple().toLowerCase(Locale.ROOT);
        switch (name) {
            case "integer": return "int4";
            case "bigint": return "int8";
            case "smallint": return "int2";
            case "double": return "float8";
            case "real": return "float4";
            case "decimal": return "numeric";
            case "boolean": return "bool";
            case "varchar": return "varchar";
            default: return name;
        }
    }
}
