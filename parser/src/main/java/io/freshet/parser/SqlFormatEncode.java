package io.freshet.parser;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * {@code FORMAT <format> ENCODE <encoding> [ ( options ) ]} after a table's or
 * source's {@code WITH (...)}, e.g. {@code FORMAT PLAIN ENCODE JSON}. Format and
 * encoding are single words, kept in upper case.
 */
public final class SqlFormatEncode extends SqlCall {
    public static final SqlOperator OPERATOR = new SqlSpecialOperator("FORMAT", SqlKind.OTHER);

    private final String format;
    private final String encode;
    private final SqlNodeList options;

    public SqlFormatEncode(SqlParserPos pos, String format, String encode, SqlNodeList options) {
        super(pos);
        this.format = requireNonNull(format, "format is null");
        this.encode = requireNonNull(encode, "encode is null");
        this.options = requireNonNull(options, "options is null");
    }

    /** The format, upper case, e.g. {@code PLAIN}, {@code UPSERT}, {@code DEBEZIUM}. */
    public String getFormat() {
        return format;
    }

    /** The encoding, upper case, e.g. {@code JSON}, {@code AVRO}. */
    public String getEncode() {
        return encode;
    }

    /** The encoding's options in the order written; empty when there were none. */
    public Map<String, String> getOptions() {
        return Options.toMap(options);
    }

    public List<SqlOption> getOptionList() {
        return Options.toList(options);
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(options);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("FORMAT");
        writer.keyword(format);
        writer.keyword("ENCODE");
        writer.keyword(encode);
        if (!options.isEmpty()) {
            Options.unparse(writer, options);
        }
    }
}
