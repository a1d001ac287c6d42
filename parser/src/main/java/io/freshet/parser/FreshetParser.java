package io.freshet.parser;

import io.freshet.parser.impl.FreshetParserFactory;
import io.freshet.parser.impl.FreshetSqlParserImpl;
import io.freshet.parser.impl.SourceText;
import io.freshet.parser.impl.Token;
import io.freshet.parser.impl.TokenMgrError;

import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CharLiteralStyle;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.util.SourceStringReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Parses Freshet's SQL: Calcite's grammar with Postgres' dialect details and
 * Freshet's statements. Stateless and thread-safe; every call uses a new
 * parser.
 *
 * <p>Every method throws {@link FreshetParseException} for input it cannot
 * parse, with the error's position in the whole input.
 */
public final class FreshetParser {
    static {
        CalciteDefaults.ensure();
    }

    /**
     * Calcite's LENIENT conformance: {@code !=}, {@code LIMIT ... OFFSET} in
     * either order, {@code %}, GROUP BY alias and ordinal, without BABEL's
     * MySQL-style non-strict GROUP BY. Use it for the validator too.
     */
    public static final SqlConformance CONFORMANCE = SqlConformanceEnum.LENIENT;

    /** Longer than Postgres' 63, so that every name Postgres accepts parses. */
    public static final int IDENTIFIER_MAX_LENGTH = 128;

    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(FreshetParserFactory.INSTANCE)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_LOWER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withCharLiteralStyles(Set.of(CharLiteralStyle.STANDARD))
            .withIdentifierMaxLength(IDENTIFIER_MAX_LENGTH)
            .withConformance(CONFORMANCE);

    private FreshetParser() {}

    /**
     * The parser configuration for Calcite's planner and validator: Freshet's
     * parser factory, unquoted identifiers folded to lower case, double-quoted
     * ones kept as written, case-sensitive matching, standard single-quoted
     * strings, {@link #CONFORMANCE}.
     */
    public static SqlParser.Config config() {
        return CONFIG;
    }

    /**
     * Parses statements separated by semicolons. A trailing semicolon is
     * optional and empty statements ({@code ;;}) are skipped, so an empty or
     * blank string gives an empty list.
     */
    public static List<SqlNode> parseStatements(String sql) {
        return parse(sql, parser -> parser.FreshetStmtList(new ArrayList<>()).getList());
    }

    /** Parses exactly one statement, with an optional trailing semicolon. */
    public static SqlNode parseStatement(String sql) {
        return parse(sql, parser -> {
            List<Token> starts = new ArrayList<>();
            List<SqlNode> statements = parser.FreshetStmtList(starts).getList();
            if (statements.size() == 1) {
                return statements.get(0);
            }
            if (statements.isEmpty()) {
                throw new FreshetParseException(FreshetParseException.SYNTAX_ERROR, "empty statement",
                        SourceText.position(sql, sql.length()), null);
            }
            Token second = starts.get(1);
            throw new FreshetParseException(FreshetParseException.SYNTAX_ERROR,
                    "expected one statement but found " + statements.size(),
                    SourceText.position(sql, SourceText.charIndex(sql, second.beginLine, second.beginColumn)), null);
        });
    }

    /** Parses one scalar expression, e.g. a column's DEFAULT. */
    public static SqlNode parseExpression(String sql) {
        return parse(sql, FreshetSqlParserImpl::parseSqlExpressionEof);
    }

    private interface ParseAction<T> {
        T parse(FreshetSqlParserImpl parser) throws Exception;
    }

    private static <T> T parse(String sql, ParseAction<T> action) {
        requireNonNull(sql, "sql is null");
        FreshetSqlParserImpl parser = newParser(sql);
        Token firstToken = parser.token;
        try {
            T result = action.parse(parser);
            if (result instanceof SqlNode node) {
                DistinctOnRewriter.rewrite(node);
                TimeWindowShortForm.rewrite(node);
            } else if (result instanceof List<?> list) {
                for (Object element : list) {
                    DistinctOnRewriter.rewrite((SqlNode) element);
                    TimeWindowShortForm.rewrite((SqlNode) element);
                }
            }
            return result;
        } catch (FreshetParseException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new FreshetParseException("54001", "statement is too deeply nested to parse", 0, e);
        } catch (Exception | TokenMgrError e) {
            throw ParseErrors.translate(sql, parser, firstToken, e);
        }
    }

    /** A parser set up from {@link #config()}, as Calcite's SqlParser sets one up. */
    private static FreshetSqlParserImpl newParser(String sql) {
        FreshetSqlParserImpl parser =
                (FreshetSqlParserImpl) CONFIG.parserFactory().getParser(new SourceStringReader(sql));
        parser.setTabSize(1);
        parser.setQuotedCasing(CONFIG.quotedCasing());
        parser.setUnquotedCasing(CONFIG.unquotedCasing());
        parser.setIdentifierMaxLength(CONFIG.identifierMaxLength());
        parser.setTimeUnitCodes(CONFIG.timeUnitCodes());
        parser.setConformance(CONFIG.conformance());
        parser.switchTo(SqlAbstractParserImpl.LexicalState.forConfig(CONFIG));
        return parser;
    }
}
