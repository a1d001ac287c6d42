package io.freshet.parser;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for lists of {@link SqlOption}. */
final class Options {
    private Options() {}

    /** The options as an ordered, unmodifiable map from key to value text. */
    static Map<String, String> toMap(SqlNodeList options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (SqlNode node : options) {
            SqlOption option = (SqlOption) node;
            map.put(option.getKey(), option.getValue());
        }
        return Collections.unmodifiableMap(map);
    }

    static List<SqlOption> toList(SqlNodeList options) {
        List<SqlOption> list = new ArrayList<>(options.size());
        for (SqlNode node : options) {
            list.add((SqlOption) node);
        }
        return List.copyOf(list);
    }

    /** Writes {@code (key = value, ...)}. */
    static void unparse(SqlWriter writer, SqlNodeList options) {
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlNode option : options) {
            writer.sep(",");
            option.unparse(writer, 0, 0);
        }
        writer.endList(frame);
    }
}
