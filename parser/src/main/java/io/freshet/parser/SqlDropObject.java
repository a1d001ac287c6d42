package io.freshet.parser;

import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code DROP {TABLE | MATERIALIZED VIEW | SOURCE | VIEW | SINK} [IF EXISTS]
 * name [, name ...] [CASCADE | RESTRICT]}.
 */
public final class SqlDropObject extends SqlDrop {
    /** The kind of object dropped; each has its own operator and {@link SqlKind}. */
    public enum ObjectKind {
        TABLE("TABLE", SqlKind.DROP_TABLE),
        MATERIALIZED_VIEW("MATERIALIZED VIEW", SqlKind.DROP_MATERIALIZED_VIEW),
        SOURCE("SOURCE", SqlKind.OTHER_DDL),
        VIEW("VIEW", SqlKind.DROP_VIEW),
        SINK("SINK", SqlKind.OTHER_DDL);

        private final String sql;
        private final SqlOperator operator;

        ObjectKind(String sql, SqlKind kind) {
            this.sql = sql;
            this.operator = new SqlSpecialOperator("DROP " + sql, kind);
        }

        /** The object kind as written in SQL, e.g. {@code MATERIALIZED VIEW}. */
        public String sql() {
            return sql;
        }
    }

    /** {@code CASCADE}, {@code RESTRICT}, or neither (which means RESTRICT in Postgres). */
    public enum Behavior { UNSPECIFIED, CASCADE, RESTRICT }

    private final ObjectKind objectKind;
    private final SqlNodeList names;
    private final Behavior behavior;

    public SqlDropObject(SqlParserPos pos, ObjectKind objectKind, boolean ifExists, SqlNodeList names,
            Behavior behavior) {
        super(objectKind.operator, pos, ifExists);
        this.objectKind = objectKind;
        this.names = requireNonNull(names, "names is null");
        this.behavior = requireNonNull(behavior, "behavior is null");
        if (names.isEmpty()) {
            throw new IllegalArgumentException("DROP needs at least one name");
        }
    }

    public ObjectKind getObjectKind() {
        return objectKind;
    }

    public boolean isIfExists() {
        return ifExists;
    }

    /** The dropped objects' names, each possibly qualified ({@code schema.name}). */
    public List<SqlIdentifier> getNames() {
        List<SqlIdentifier> identifiers = new ArrayList<>(names.size());
        for (SqlNode name : names) {
            identifiers.add((SqlIdentifier) name);
        }
        return List.copyOf(identifiers);
    }

    public Behavior getBehavior() {
        return behavior;
    }

    public boolean isCascade() {
        return behavior == Behavior.CASCADE;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(names);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DROP");
        writer.keyword(objectKind.sql);
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        SqlWriter.Frame frame = writer.startList("", "");
        for (SqlNode name : names) {
            writer.sep(",");
            name.unparse(writer, 0, 0);
        }
        writer.endList(frame);
        if (behavior != Behavior.UNSPECIFIED) {
            writer.keyword(behavior.name());
        }
    }
}
