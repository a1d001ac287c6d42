package io.freshet.server.engine;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.runtime.ReadSnapshot;
import io.freshet.parser.FreshetParseException;
import io.freshet.parser.FreshetParser;
import io.freshet.parser.SqlCreateMaterializedView;
import io.freshet.parser.SqlCreateTable;
import io.freshet.parser.SqlDropObject;
import io.freshet.parser.SqlExplain;
import io.freshet.parser.SqlFlush;
import io.freshet.parser.SqlSetVariable;
import io.freshet.parser.SqlShow;
import io.freshet.parser.SqlTransaction;
import io.freshet.planner.PgParameters;
import io.freshet.planner.QueryCompiler;
import io.freshet.planner.catalog.Relation;
import io.freshet.server.session.Session;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;

/**
 * A client session: parses statements, keeps session settings and the (nominal) transaction
 * status, and dispatches each statement. Freshet has no multi-statement transactions: BEGIN and
 * COMMIT are accepted for client compatibility and every statement takes effect on its own.
 */
final class FreshetSession implements Session {
    private final Database database;
    private final int id;
    private final SessionSettings settings;
    private final Dml dml;
    private final AtomicBoolean canceled = new AtomicBoolean();
    private char transactionStatus = 'I';

    FreshetSession(Database database, int id, String user, String databaseName, Map<String, String> startup) {
        this.database = database;
        this.id = id;
        this.settings = new SessionSettings(user, databaseName, startup);
        this.dml = new Dml(database);
    }

    @Override
    public List<Statement> prepareAll(String sql) {
        PgParameters parameters = PgParameters.rewrite(sql);
        List<SqlNode> nodes = parse(parameters.sql());
        List<Statement> statements = new ArrayList<>(nodes.size());
        for (SqlNode node : nodes) {
            statements.add(new FreshetStatement(this, sql, parameters, node, List.of()));
        }
        return statements;
    }

    @Override
    public Statement prepare(String sql, List<DataType> parameterTypeHints) {
        QueryCompiler.prepareThread();
        PgCatalogQuery catalogQuery = PgCatalogQuery.recognize(sql);
        if (catalogQuery != null) {
            return catalogQuery;
        }
        PgParameters parameters = PgParameters.rewrite(sql);
        List<SqlNode> nodes = parse(parameters.sql());
        if (nodes.size() > 1) {
            throw new FreshetException(SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        }
        FreshetStatement statement = new FreshetStatement(this, sql, parameters, nodes.isEmpty() ? null : nodes.get(0),
                parameterTypeHints == null ? List.of() : parameterTypeHints);
        statement.analyze();
        return statement;
    }

    private static List<SqlNode> parse(String sql) {
        try {
            return FreshetParser.parseStatements(sql);
        } catch (FreshetParseException e) {
            throw new FreshetException(SqlState.SYNTAX_ERROR, e.getMessage(), e.position(), null, null);
        }
    }

    @Override
    public Result execute(Statement statement, List<Object> parameters) {
        QueryCompiler.prepareThread();
        if (statement instanceof PgCatalogQuery catalogQuery) {
            checkNotFailed();
            return catalogQuery.execute(parameters, settings.get("search_path"), settings.get("session_authorization"));
        }
        FreshetStatement s = (FreshetStatement) statement;
        canceled.set(false);
        SqlNode node = s.node();
        if (node == null) {
            return Result.command("");
        }
        if (!(node instanceof SqlTransaction)) {
            checkNotFailed();
        }
        try {
            return dispatch(s, node, s.parametersByOccurrence(parameters));
        } finally {
            canceled.set(false);
        }
    }

    private void checkNotFailed() {
        if (transactionStatus == 'E') {
            throw new FreshetException(SqlState.IN_FAILED_SQL_TRANSACTION,
                    "current transaction is aborted, commands ignored until end of transaction block");
        }
    }

    private Result dispatch(FreshetStatement s, SqlNode node, List<Object> parameters) {
        String text = s.rewrittenSql();
        if (node instanceof SqlTransaction transaction) {
            return transaction(transaction);
        }
        if (node instanceof SqlSetVariable set) {
            Map<String, String> changed = settings.set(set);
            return new Result("SET", null, null, changed);
        }
        if (node instanceof SqlShow show) {
            return show(show);
        }
        if (node instanceof SqlFlush) {
            database.runtime().flush();
            return Result.command("FLUSH");
        }
        if (node instanceof SqlCreateTable create) {
            database.ddl().createTable(create, s.sql());
            return Result.command("CREATE_TABLE");
        }
        if (node instanceof io.freshet.parser.SqlCreateSource create) {
            database.ddl().createSource(create, s.sql());
            return Result.command("CREATE_SOURCE");
        }
        if (node instanceof SqlCreateMaterializedView create) {
            database.ddl().createView(create, s.sql());
            return Result.command("CREATE_MATERIALIZED_VIEW");
        }
        if (node instanceof SqlDropObject drop) {
            database.ddl().drop(drop, s.sql());
            return Result.command(switch (drop.getObjectKind()) {
                case TABLE -> "DROP_TABLE";
                case SOURCE -> "DROP_SOURCE";
                default -> "DROP_MATERIALIZED_VIEW";
            });
        }
        if (node instanceof SqlExplain explain) {
            return explain(s, explain.getStatement(), text);
        }
        if (node instanceof SqlInsert || node instanceof SqlUpdate || node instanceof SqlDelete) {
            Dml.Prepared prepared = s.dml();
            int count = dml.execute(prepared, parameters, canceled, settings.timeZone());
            if (settings.implicitFlush()) {
                database.runtime().flush();
            }
            String tag = switch (prepared.kind()) {
                case INSERT -> "INSERT 0 " + count;
                case UPDATE -> "UPDATE " + count;
                case DELETE -> "DELETE " + count;
            };
            return Result.command(tag);
        }
        if (node.getKind().belongsTo(SqlKind.QUERY)) {
            QueryCompiler.Analysis analysis = s.query();
            List<Object[]> rows;
            try (ReadSnapshot snapshot = database.runtime().acquireSnapshot()) {
                rows = database.compiler().execute(analysis, parameters, snapshot, canceled, settings.timeZone());
            }
            return new Result("SELECT " + rows.size(), s.resultColumns(), rows, Map.of());
        }
        throw FreshetException.unsupported("statement " + node.getKind());
    }

    private Result transaction(SqlTransaction transaction) {
        switch (transaction.getTransactionKind()) {
            case BEGIN:
                transactionStatus = 'T';
                return Result.command("BEGIN");
            case COMMIT: {
                boolean failed = transactionStatus == 'E';
                transactionStatus = 'I';
                return Result.command(failed ? "ROLLBACK" : "COMMIT");
            }
            case ROLLBACK:
                transactionStatus = 'I';
                return Result.command("ROLLBACK");
        }
        throw new AssertionError(transaction.getTransactionKind());
    }

    private Result show(SqlShow show) {
        List<ResultColumn> columns;
        List<Object[]> rows = new ArrayList<>();
        switch (show.getShowKind()) {
            case TABLES:
            case SOURCES:
            case MATERIALIZED_VIEWS: {
                Relation.Kind kind = switch (show.getShowKind()) {
                    case TABLES -> Relation.Kind.TABLE;
                    case SOURCES -> Relation.Kind.SOURCE;
                    default -> Relation.Kind.MATERIALIZED_VIEW;
                };
                columns = List.of(new ResultColumn("Name", DataType.VARCHAR));
                database.catalog().all().stream().filter(r -> r.kind() == kind).map(Relation::name).sorted()
                        .forEach(name -> rows.add(new Object[] {name}));
                return new Result("SHOW " + rows.size(), columns, rows, Map.of());
            }
            case VIEWS:
            case SINKS:
                return new Result("SHOW 0", List.of(new ResultColumn("Name", DataType.VARCHAR)), rows, Map.of());
            case ALL:
                columns = List.of(new ResultColumn("name", DataType.VARCHAR), new ResultColumn("setting", DataType.VARCHAR),
                        new ResultColumn("description", DataType.VARCHAR));
                for (Map.Entry<String, String> e : settings.all().entrySet()) {
                    rows.add(new Object[] {e.getKey(), e.getValue(), ""});
                }
                return new Result("SHOW " + rows.size(), columns, rows, Map.of());
            case VARIABLE: {
                String name = show.getVariableName();
                String value = settings.get(name);
                return new Result("SHOW", List.of(new ResultColumn(name, DataType.VARCHAR)), List.<Object[]>of(new Object[] {value}), Map.of());
            }
        }
        throw new AssertionError(show.getShowKind());
    }

    private Result explain(FreshetStatement s, SqlNode statement, String text) {
        List<String> lines;
        if (statement instanceof SqlCreateMaterializedView create) {
            lines = database.ddl().explainView(create, s.sql());
        } else if (statement.getKind().belongsTo(SqlKind.QUERY)) {
            QueryCompiler.Analysis analysis = database.compiler().analyze(statement, s.occurrenceHints(), text);
            lines = List.of(database.compiler().explain(analysis).split("\n"));
        } else {
            throw FreshetException.unsupported("EXPLAIN of " + statement.getKind());
        }
        List<Object[]> rows = new ArrayList<>();
        for (String line : lines) {
            rows.add(new Object[] {line});
        }
        return new Result("EXPLAIN", List.of(new ResultColumn("QUERY PLAN", DataType.VARCHAR)), rows, Map.of());
    }

    Database database() {
        return database;
    }

    Dml dmlPlanner() {
        return dml;
    }

    @Override
    public void cancel() {
        canceled.set(true);
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
        return settings.timeZone();
    }

    @Override
    public void close() {
        canceled.set(true);
    }

    int id() {
        return id;
    }
}
