package io.freshet.parser;

import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What {@code CREATE TABLE} and {@code CREATE SOURCE} share:
 * <pre>
 * CREATE {TABLE | SOURCE} [IF NOT EXISTS] name
 *     [ ( column [, ...] [, [CONSTRAINT c] PRIMARY KEY (col [, ...])] ) ]
 *     [ INCLUDE what ['header name'] [AS column] ] ...
 *     [ WITH ( key = value [, ...] ) ]
 *     [ FORMAT format ENCODE encoding [ ( key = value [, ...] ) ] ]
 * </pre>
 * The parser allows at most one primary key: inline on one column or one
 * table constraint.
 */
public abstract class SqlCreateRelation extends SqlCreate {
    private final SqlIdentifier name;
    private final SqlNodeList columns;
    private final SqlNodeList primaryKeyConstraint;
    private final SqlNodeList options;
    private final SqlFormatEncode formatEncode;
    private final SqlNodeList includes;

    /**
     * @param columns {@link SqlColumnDeclaration}s
     * @param primaryKeyConstraint the table constraint's column identifiers; empty if none
     * @param options {@link SqlOption}s of {@code WITH (...)}; empty if none
     * @param formatEncode the {@code FORMAT ... ENCODE ...} clause, or null
     */
    protected SqlCreateRelation(SqlOperator operator, SqlParserPos pos, boolean replace, boolean ifNotExists,
            SqlIdentifier name, SqlNodeList columns, SqlNodeList primaryKeyConstraint, SqlNodeList options,
            SqlFormatEncode formatEncode) {
        this(operator, pos, replace, ifNotExists, name, columns, primaryKeyConstraint, options, formatEncode,
                SqlNodeList.EMPTY);
    }

    /** As above, with the {@link SqlIncludeColumn}s written after the column list. */
    protected SqlCreateRelation(SqlOperator operator, SqlParserPos pos, boolean replace, boolean ifNotExists,
            SqlIdentifier name, SqlNodeList columns, SqlNodeList primaryKeyConstraint, SqlNodeList options,
            SqlFormatEncode formatEncode, SqlNodeList includes) {
        super(operator, pos, replace, ifNotExists);
        this.includes = requireNonNull(includes, "includes is null");
        this.name = requireNonNull(name, "name is null");
        this.columns = requireNonNull(columns, "columns is null");
        this.primaryKeyConstraint = requireNonNull(primaryKeyConstraint, "primaryKeyConstraint is null");
        this.options = requireNonNull(options, "options is null");
        this.formatEncode = formatEncode;
    }

    /** The keyword(s) after CREATE, e.g. {@code TABLE}. */
    protected abstract String objectKeyword();

    /** The name, possibly qualified ({@code schema.name}); unquoted parts are lower case. */
    public SqlIdentifier getName() {
        return name;
    }

    public boolean isIfNotExists() {
        return ifNotExists;
    }

    /** The columns in declaration order; empty when no column list was written. */
    public List<SqlColumnDeclaration> getColumns() {
        List<SqlColumnDeclaration> list = new ArrayList<>(columns.size());
        for (SqlNode column : columns) {
            list.add((SqlColumnDeclaration) column);
        }
        return List.copyOf(list);
    }

    /** The columns of a table-level {@code PRIMARY KEY (a, b)}; empty if there is none. */
    public List<SqlIdentifier> getPrimaryKeyConstraint() {
        List<SqlIdentifier> list = new ArrayList<>(primaryKeyConstraint.size());
        for (SqlNode column : primaryKeyConstraint) {
            list.add((SqlIdentifier) column);
        }
        return List.copyOf(list);
    }

    /**
     * The primary key's column names, whether declared inline or as a table
     * constraint; empty if there is no primary key.
     */
    public List<String> getPrimaryKey() {
        List<String> key = new ArrayList<>();
        for (SqlNode column : primaryKeyConstraint) {
            key.add(((SqlIdentifier) column).getSimple());
        }
        for (SqlNode node : columns) {
            SqlColumnDeclaration column = (SqlColumnDeclaration) node;
            if (column.isPrimaryKey()) {
                key.add(column.getSimpleName());
            }
        }
        return List.copyOf(key);
    }

    /** The {@code INCLUDE ...} clauses in the order written; empty if none. */
    public List<SqlIncludeColumn> getIncludes() {
        List<SqlIncludeColumn> list = new ArrayList<>(includes.size());
        for (SqlNode include : includes) {
            list.add((SqlIncludeColumn) include);
        }
        return List.copyOf(list);
    }

    /** The {@code WITH (...)} options in the order written, key to value text. */
    public Map<String, String> getOptions() {
        return Options.toMap(options);
    }

    /** The {@code WITH (...)} options as nodes, with their positions. */
    public List<SqlOption> getOptionList() {
        return Options.toList(options);
    }

    /** The {@code FORMAT ... ENCODE ...} clause, or null. */
    public SqlFormatEncode getFormatEncode() {
        return formatEncode;
    }

    /** The format, upper case, or null without a FORMAT clause. */
    public String getFormat() {
        return formatEncode == null ? null : formatEncode.getFormat();
    }

    /** The encoding, upper case, or null without a FORMAT clause. */
    public String getEncode() {
        return formatEncode == null ? null : formatEncode.getEncode();
    }

    /** The encoding's options; empty without them. */
    public Map<String, String> getEncodeOptions() {
        return formatEncode == null ? Map.of() : formatEncode.getOptions();
    }

    @Override
    public List<SqlNode> getOperandList() {
        return ImmutableNullableList.of(name, columns, primaryKeyConstraint, options, formatEncode, includes);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE");
        if (getReplace()) {
            writer.keyword("OR REPLACE");
        }
        writer.keyword(objectKeyword());
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        if (!columns.isEmpty() || !primaryKeyConstraint.isEmpty()) {
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode column : columns) {
                writer.sep(",");
                column.unparse(writer, 0, 0);
            }
            if (!primaryKeyConstraint.isEmpty()) {
                writer.sep(",");
                writer.keyword("PRIMARY KEY");
                SqlWriter.Frame keyFrame = writer.startList("(", ")");
                for (SqlNode column : primaryKeyConstraint) {
                    writer.sep(",");
                    column.unparse(writer, 0, 0);
                }
                writer.endList(keyFrame);
            }
            writer.endList(frame);
        }
        for (SqlNode include : includes) {
            include.unparse(writer, 0, 0);
        }
        if (!options.isEmpty()) {
            writer.keyword("WITH");
            Options.unparse(writer, options);
        }
        if (formatEncode != null) {
            formatEncode.unparse(writer, 0, 0);
        }
    }
}
