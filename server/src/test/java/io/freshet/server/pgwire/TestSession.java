package io.freshet.server.pgwire;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.server.session.Session;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test engine's session. It understands exactly these statements (case-insensitive):
 * <ul>
 *   <li>{@code SELECT * FROM t} and {@code SELECT * FROM t WHERE id = $1}</li>
 *   <li>{@code SELECT $1::type, $2, ...}: returns its parameters, typed by the cast or the client's hint</li>
 *   <li>{@code SELECT 42}, {@code SELECT 'text'}</li>
 *   <li>{@code SELECT * FROM generate_series(1, n)}: n BIGINT rows</li>
 *   <li>{@code SELECT slow(s)}: runs up to s seconds, polling for {@link #cancel()}</li>
 *   <li>{@code SELECT boom()}: throws an IllegalStateException (an engine bug)</li>
 *   <li>{@code SELECT FROM t}: fails to prepare with 42601 at position 8</li>
 *   <li>{@code SET name = value}, {@code SET name TO value}, {@code SHOW name}</li>
 *   <li>{@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}</li>
 * </ul>
 */
final class TestSession implements Session {
    private static final Pattern FILTER = Pattern.compile("select \\* from t where id = \\$1");
    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)(?:::(.+))?");
    private static final Pattern INTEGER_LITERAL = Pattern.compile("select (-?\\d+)");
    private static final Pattern TEXT_LITERAL = Pattern.compile("select '([^']*)'", Pattern.CASE_INSENSITIVE);
    private static final Pattern SERIES = Pattern.compile("select \\* from generate_series\\(1, *(\\d+)\\)");
    private static final Pattern SLOW = Pattern.compile("select slow\\((\\d+)\\)");
    private static final Pattern SET = Pattern.compile("set (\\w+) *(?:=| to ) *'?([^']*)'?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHOW = Pattern.compile("show (\\w+)");
    private static final Map<String, String> CANONICAL_NAMES = Map.of("timezone", "TimeZone", "datestyle", "DateStyle");

    private final TestEngine engine;
    private final Map<String, String> settings = new HashMap<>();
    private volatile boolean running;
    private volatile boolean cancelRequested;
    private char transactionStatus = 'I';
    private ZoneId zone;

    TestSession(TestEngine engine, Map<String, String> startupParameters) {
        this.engine = engine;
        this.zone = zoneOf(startupParameters.getOrDefault("TimeZone", "UTC"));
        settings.put("application_name", startupParameters.getOrDefault("application_name", ""));
    }

    @Override
    public List<Statement> prepareAll(String sql) {
        List<Statement> statements = new ArrayList<>();
        int start = 0;
        while (start <= sql.length()) {
            int end = sql.indexOf(';', start);
            if (end < 0) {
                end = sql.length();
            }
            String piece = sql.substring(start, end);
            if (!SqlText.isEmptyQuery(piece)) {
                int leading = piece.length() - piece.stripLeading().length();
                statements.add(prepare(piece.strip(), List.of(), start + leading));
            }
            start = end + 1;
        }
        return statements;
    }

    @Override
    public Statement prepare(String sql, List<DataType> parameterTypeHints) {
        String trimmed = sql.strip();
        int leading = sql.length() - sql.stripLeading().length();
        if (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return prepare(trimmed, parameterTypeHints, leading);
    }

    @Override
    public Result execute(Statement statement, List<Object> parameters) {
        TestStatement prepared = (TestStatement) statement;
        if (transactionStatus == 'E' && !prepared.endsTransaction()) {
            throw new FreshetException(SqlState.IN_FAILED_SQL_TRANSACTION,
                    "current transaction is aborted, commands ignored until end of transaction block");
        }
        if (parameters.size() != prepared.parameterTypes().size()) {
            throw new IllegalStateException("expected " + prepared.parameterTypes().size() + " parameters, got " + parameters.size());
        }
        cancelRequested = false;
        running = true;
        try {
            engine.executed(prepared.sql());
            return prepared.action().run(parameters);
        } finally {
            running = false;
        }
    }

    @Override
    public void cancel() {
        if (running) {
            cancelRequested = true;
        }
    }

    @Override
    public char transactionStatus() {
        return transactionStatus;
    }

    @Override
    public void markFailed() {
        if (transactionStatus == 'T') {
            transactionStatus = 'E';
        }
    }

    @Override
    public ZoneId timeZone() {
        return zone;
    }

    @Override
    public void close() {
        engine.sessionClosed();
    }

    // ---------------------------------------------------------------- statements

    private interface Action {
        Result run(List<Object> parameters);
    }

    private record TestStatement(String sql, List<DataType> parameterTypes, List<ResultColumn> resultColumns,
                                 boolean endsTransaction, Action action) implements Statement {
    }

    /** {@code offset} is where {@code sql} starts in the text the client sent, for error positions. */
    private TestStatement prepare(String sql, List<DataType> hints, int offset) {
        String normalized = sql.strip().replaceAll("\\s+", " ");
        String text = normalized.toLowerCase(Locale.ROOT);
        if (text.equals("select * from t")) {
            return query(sql, List.of(), TestEngine.T_COLUMNS, parameters -> rows(TestEngine.T_ROWS));
        }
        if (FILTER.matcher(text).matches()) {
            return query(sql, List.of(DataType.INTEGER), TestEngine.T_COLUMNS, parameters -> rows(TestEngine.T_ROWS.stream()
                    .filter(row -> row[0].equals(parameters.get(0))).toList()));
        }
        if (text.startsWith("select $")) {
            return selectParameters(sql, text.substring("select ".length()), hints, offset);
        }
        Matcher matcher;
        if ((matcher = INTEGER_LITERAL.matcher(text)).matches()) {
            Object value = Long.parseLong(matcher.group(1));
            return query(sql, List.of(), List.of(new ResultColumn("?column?", DataType.INTEGER)),
                    parameters -> rows(List.<Object[]>of(new Object[] {value})));
        }
        if ((matcher = TEXT_LITERAL.matcher(normalized)).matches()) {
            Object value = matcher.group(1);
            return query(sql, List.of(), List.of(new ResultColumn("?column?", DataType.VARCHAR)),
                    parameters -> rows(List.<Object[]>of(new Object[] {value})));
        }
        if ((matcher = SERIES.matcher(text)).matches()) {
            int count = Integer.parseInt(matcher.group(1));
            return query(sql, List.of(), List.of(new ResultColumn("generate_series", DataType.BIGINT)), parameters -> {
                List<Object[]> rows = new ArrayList<>(count);
                for (long i = 1; i <= count; i++) {
                    rows.add(new Object[] {i});
                }
                return rows(rows);
            });
        }
        if ((matcher = SLOW.matcher(text)).matches()) {
            long seconds = Long.parseLong(matcher.group(1));
            return query(sql, List.of(), List.of(new ResultColumn("slow", DataType.INTEGER)), parameters -> runSlowly(seconds));
        }
        if (text.equals("select boom()")) {
            return query(sql, List.of(), List.of(new ResultColumn("boom", DataType.INTEGER)), parameters -> {
                throw new IllegalStateException("boom: the test engine failed on purpose");
            });
        }
        if (text.startsWith("select from t")) {
            throw new FreshetException(SqlState.SYNTAX_ERROR, "syntax error at or near \"FROM\"", offset + 8,
                    "a SELECT needs a select list", null);
        }
        if ((matcher = SET.matcher(normalized)).matches()) {
            String name = matcher.group(1).toLowerCase(Locale.ROOT);
            String value = matcher.group(2);
            return command(sql, false, parameters -> set(name, value));
        }
        if ((matcher = SHOW.matcher(text)).matches()) {
            String name = matcher.group(1);
            return query(sql, List.of(), List.of(new ResultColumn(name, DataType.VARCHAR)),
                    parameters -> rows(List.<Object[]>of(new Object[] {show(name)})));
        }
        switch (text) {
            case "begin":
            case "start transaction":
                return command(sql, false, parameters -> transition('T', "BEGIN"));
            case "commit":
            case "end":
                return command(sql, true, parameters -> transition('I', transactionStatus == 'E' ? "ROLLBACK" : "COMMIT"));
            case "rollback":
            case "abort":
                return command(sql, true, parameters -> transition('I', "ROLLBACK"));
            default:
                throw new FreshetException(SqlState.SYNTAX_ERROR, "the test engine does not understand: " + sql,
                        offset + 1, null, null);
        }
    }

    private TestStatement selectParameters(String sql, String list, List<DataType> hints, int offset) {
        List<DataType> types = new ArrayList<>();
        List<ResultColumn> columns = new ArrayList<>();
        for (String item : list.split(", *(?=\\$)")) {
            Matcher matcher = PARAMETER.matcher(item.strip());
            if (!matcher.matches() || Integer.parseInt(matcher.group(1)) != types.size() + 1) {
                throw new FreshetException(SqlState.SYNTAX_ERROR, "parameters must be $1, $2, ... in order", offset + 1, null, null);
            }
            int index = types.size();
            DataType type = matcher.group(2) != null ? typeNamed(matcher.group(2).strip(), offset)
                    : index < hints.size() && hints.get(index) != null ? hints.get(index) : DataType.VARCHAR;
            types.add(type);
            columns.add(new ResultColumn(matcher.group(2) != null ? matcher.group(2).strip() : "?column?", type));
        }
        return query(sql, types, columns, parameters -> rows(List.<Object[]>of(parameters.toArray())));
    }

    private static DataType typeNamed(String name, int offset) {
        Matcher sized = Pattern.compile("(numeric|decimal|varchar)\\((\\d+)(?:, *(\\d+))?\\)").matcher(name);
        if (sized.matches()) {
            int precision = Integer.parseInt(sized.group(2));
            return sized.group(1).equals("varchar") ? DataType.varchar(precision)
                    : DataType.decimal(precision, sized.group(3) == null ? 0 : Integer.parseInt(sized.group(3)));
        }
        switch (name) {
            case "boolean": case "bool": return DataType.BOOLEAN;
            case "smallint": case "int2": return DataType.SMALLINT;
            case "integer": case "int": case "int4": return DataType.INTEGER;
            case "bigint": case "int8": return DataType.BIGINT;
            case "real": case "float4": return DataType.REAL;
            case "double precision": case "float8": return DataType.DOUBLE;
            case "numeric": case "decimal": return DataType.DECIMAL;
            case "varchar": case "text": return DataType.VARCHAR;
            case "bytea": return DataType.BYTEA;
            case "date": return DataType.DATE;
            case "time": return DataType.TIME;
            case "timestamp": return DataType.TIMESTAMP;
            case "timestamptz": return DataType.TIMESTAMPTZ;
            case "interval": return DataType.INTERVAL;
            default: throw new FreshetException(SqlState.UNDEFINED_OBJECT, "type \"" + name + "\" does not exist", offset + 1, null, null);
        }
    }

    private static TestStatement query(String sql, List<DataType> parameterTypes, List<ResultColumn> columns, Action action) {
        return new TestStatement(sql, List.copyOf(parameterTypes), List.copyOf(columns), false, action);
    }

    private static TestStatement command(String sql, boolean endsTransaction, Action action) {
        return new TestStatement(sql, List.of(), null, endsTransaction, action);
    }

    private static Result rows(List<Object[]> rows) {
        return new Result("SELECT " + rows.size(), null, List.copyOf(rows), Map.of());
    }

    private Result runSlowly(long seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        engine.slowStatementCounter().incrementAndGet();
        try {
            while (System.nanoTime() < deadline) {
                if (cancelRequested) {
                    throw new FreshetException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FreshetException(SqlState.QUERY_CANCELED, "canceling statement due to interrupt");
                }
            }
            return rows(List.<Object[]>of(new Object[] {1L}));
        } finally {
            engine.slowStatementCounter().decrementAndGet();
        }
    }

    private Result set(String name, String value) {
        if (name.equals("timezone")) {
            zone = zoneOf(value);
        }
        settings.put(name, value);
        return new Result("SET", null, null, Map.of(CANONICAL_NAMES.getOrDefault(name, name), value));
    }

    private String show(String name) {
        String value = settings.get(name.toLowerCase(Locale.ROOT));
        if (value != null) {
            return value;
        }
        if (name.equalsIgnoreCase("timezone")) {
            return zone.getId();
        }
        throw new FreshetException(SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
    }

    private Result transition(char newStatus, String tag) {
        transactionStatus = newStatus;
        return Result.command(tag);
    }

    private static ZoneId zoneOf(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
