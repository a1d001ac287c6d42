package io.freshet.parser.impl;

import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.util.SourceStringReader;

import java.io.Reader;

/**
 * Creates Freshet's generated parser with its {@link PostgresTokenManager}.
 * Use {@code FreshetParser.config()} rather than this class directly.
 */
public final class FreshetParserFactory implements SqlParserImplFactory {
    public static final FreshetParserFactory INSTANCE = new FreshetParserFactory();

    private FreshetParserFactory() {}

    @Override
    public SqlAbstractParserImpl getParser(Reader reader) {
        FreshetSqlParserImpl parser = (FreshetSqlParserImpl) FreshetSqlParserImpl.FACTORY.getParser(reader);
        if (reader instanceof SourceStringReader source && source.getSourceString().isEmpty()) {
            // The generated factory sizes the lexer's buffer to the SQL's length,
            // and a buffer of 0 chars fails on the first read.
            parser.jj_input_stream.ReInit(reader, 1, 1, 1);
        }
        SqlAbstractParserImpl.Metadata metadata = parser.getMetadata();
        parser.token_source = new PostgresTokenManager(parser.jj_input_stream, metadata::isNonReservedKeyword);
        return parser;
    }
}
