package io.freshet.parser.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The generated token manager, plus two rewrites that Calcite's grammar has
 * no extension point for. Each relabels a keyword token by looking at the
 * tokens around it, buffering at most two tokens ahead.
 *
 * <p><b>Intervals.</b> Postgres' {@code INTERVAL '1 hour'} literal and its
 * plain {@code interval} type have no qualifier after them.
 * <p>When an {@code INTERVAL} keyword is followed by a string that is not
 * followed by a time unit, the keyword becomes {@code PG_INTERVAL_LITERAL};
 * when it is followed by anything that cannot continue one of Calcite's
 * interval forms (a string, a sign, a number, a parenthesis, an identifier
 * or a time unit), it becomes {@code PG_INTERVAL_TYPE}. Calcite's grammar
 * rejects both inputs, so the rewrite changes no parse that used to succeed.
 *
 * <p><b>VALUE.</b> Calcite reserves VALUE (a synonym of VALUES, and a word
 * in {@code NEXT VALUE FOR} and {@code JSON_OBJECT(KEY k VALUE v)}); Postgres
 * does not, and {@code value} is a common column name. VALUE stays a keyword
 * when a parenthesis, ROW or FOR follows it, or when it follows the end of an
 * operand (a literal, a name, a closing parenthesis or bracket, or a
 * non-reserved keyword); anywhere else it becomes an identifier. So
 * {@code SELECT key, value FROM t} works, and so does {@code SELECT x AS value},
 * but an alias without AS ({@code SELECT x value}) does not.
 *
 * <p><b>DISTINCT ON.</b> Calcite's SELECT has no {@code DISTINCT ON (…)}. After
 * SELECT, {@code DISTINCT ON (e, …)} becomes the call {@code $distinct_on(e, …)}
 * followed by a comma, a first select item that {@code DistinctOnRewriter}
 * turns into a ROW_NUMBER filter after parsing.
 */
final class PostgresTokenManager extends FreshetSqlParserImplTokenManager {
    private final List<Token> buffered = new ArrayList<>(2);
    private final Predicate<String> isNonReservedKeyword;
    private Token previous;
    /** Parenthesis depth inside {@code DISTINCT ON (…)}, or -1 outside it. */
    private int distinctOnDepth = -1;
    private boolean commaPending;

    /** @param isNonReservedKeyword tells whether an upper-case word is a non-reserved keyword */
    PostgresTokenManager(SimpleCharStream stream, Predicate<String> isNonReservedKeyword) {
        super(stream);
        this.isNonReservedKeyword = isNonReservedKeyword;
    }

    @Override
    public Token getNextToken() {
        if (commaPending) {
            commaPending = false;
            previous = synthetic(COMMA, ",", previous);
            return previous;
        }
        Token token = buffered.isEmpty() ? super.getNextToken() : buffered.remove(0);
        if (distinctOnDepth >= 0) {
            trackDistinctOn(token);
        } else if (token.kind == DISTINCT && previous != null && previous.kind == SELECT && peek(0).kind == ON
                && peek(1).kind == LPAREN) {
            buffered.remove(0);
            token.kind = IDENTIFIER;
            token.image = DISTINCT_ON_MARKER;
            distinctOnDepth = 0;
        } else if (token.kind == INTERVAL) {
            relabelInterval(token);
        } else if (token.kind == VALUE) {
            relabelValue(token);
        } else if (token.kind == LAMBDA) {
            token.kind = JSON_GET; // Postgres has no lambdas: "->" is jsonb's field operator
        }
        previous = token;
        return token;
    }

    @Override
    public void ReInit(SimpleCharStream stream) {
        buffered.clear();
        previous = null;
        distinctOnDepth = -1;
        commaPending = false;
        super.ReInit(stream);
    }

    @Override
    public void ReInit(SimpleCharStream stream, int lexState) {
        buffered.clear();
        previous = null;
        distinctOnDepth = -1;
        commaPending = false;
        super.ReInit(stream, lexState);
    }

    /** The name of the call that stands for {@code DISTINCT ON} in the parsed select list. */
    static final String DISTINCT_ON_MARKER = "$distinct_on";

    private void trackDistinctOn(Token token) {
        if (token.kind == LPAREN) {
            distinctOnDepth++;
        } else if (token.kind == RPAREN && --distinctOnDepth == 0) {
            distinctOnDepth = -1;
            commaPending = true;
        } else if (token.kind == EOF) {
            distinctOnDepth = -1;
        }
    }

    private static Token synthetic(int kind, String image, Token at) {
        Token token = Token.newToken(kind, image);
        token.beginLine = at.endLine;
        token.beginColumn = at.endColumn;
        token.endLine = at.endLine;
        token.endColumn = at.endColumn;
        return token;
    }

    private void relabelInterval(Token interval) {
        Token next = peek(0);
        if (isString(next.kind)) {
            if (!isTimeUnit(peek(1).kind)) {
                interval.kind = PG_INTERVAL_LITERAL;
            }
            return;
        }
        if (!continuesCalciteInterval(next)) {
            interval.kind = PG_INTERVAL_TYPE;
        }
    }

    private void relabelValue(Token value) {
        int next = peek(0).kind;
        if (next == LPAREN || next == ROW || next == FOR) {
            return;
        }
        if (previous != null && endsOperand(previous)) {
            return;
        }
        value.kind = IDENTIFIER;
    }

    private Token peek(int index) {
        while (buffered.size() <= index) {
            buffered.add(super.getNextToken());
        }
        return buffered.get(index);
    }

    private boolean continuesCalciteInterval(Token token) {
        switch (token.kind) {
            case PLUS:
            case MINUS:
            case UNSIGNED_INTEGER_LITERAL:
            case DECIMAL_NUMERIC_LITERAL:
            case APPROX_NUMERIC_LITERAL:
            case LPAREN:
            case IDENTIFIER:
            case QUOTED_IDENTIFIER:
            case BACK_QUOTED_IDENTIFIER:
            case BRACKET_QUOTED_IDENTIFIER:
            case UNICODE_QUOTED_IDENTIFIER:
            case BIG_QUERY_BACK_QUOTED_IDENTIFIER:
            case HYPHENATED_IDENTIFIER:
                return true;
            default:
                return isTimeUnit(token.kind)
                        || isNonReservedKeyword.test(token.image.toUpperCase(Locale.ROOT));
        }
    }

    private boolean endsOperand(Token token) {
        switch (token.kind) {
            case UNSIGNED_INTEGER_LITERAL:
            case DECIMAL_NUMERIC_LITERAL:
            case APPROX_NUMERIC_LITERAL:
            case BINARY_STRING_LITERAL:
            case QUOTED_STRING:
            case PREFIXED_STRING_LITERAL:
            case UNICODE_STRING_LITERAL:
            case C_STYLE_ESCAPED_STRING_LITERAL:
            case IDENTIFIER:
            case QUOTED_IDENTIFIER:
            case BACK_QUOTED_IDENTIFIER:
            case BRACKET_QUOTED_IDENTIFIER:
            case UNICODE_QUOTED_IDENTIFIER:
            case BIG_QUERY_BACK_QUOTED_IDENTIFIER:
            case RPAREN:
            case RBRACKET:
            case NULL:
            case TRUE:
            case FALSE:
            case UNKNOWN:
            case HOOK:
                return true;
            default:
                return isNonReservedKeyword.test(token.image.toUpperCase(Locale.ROOT));
        }
    }

    private static boolean isString(int kind) {
        return kind == QUOTED_STRING || kind == C_STYLE_ESCAPED_STRING_LITERAL;
    }

    /** Whether a token can start Calcite's interval qualifier. */
    private static boolean isTimeUnit(int kind) {
        switch (kind) {
            case YEAR:
            case YEARS:
            case QUARTER:
            case QUARTERS:
            case MONTH:
            case MONTHS:
            case WEEK:
            case WEEKS:
            case DAY:
            case DAYS:
            case HOUR:
            case HOURS:
            case MINUTE:
            case MINUTES:
            case SECOND:
            case SECONDS:
                return true;
            default:
                return false;
        }
    }
}
