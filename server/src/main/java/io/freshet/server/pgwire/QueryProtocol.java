package io.freshet.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.freshet.common.DataType;
import io.freshet.server.session.Session;
import io.freshet.server.session.Session.Result;
import io.freshet.server.session.Session.ResultColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simple and extended query protocols of one connection after startup: prepared statements,
 * portals and the rule that after an error in an extended-query batch everything up to the next
 * Sync is skipped.
 *
 * <p>Portals live until the transaction ends, as in Postgres: at ReadyForQuery with status idle
 * they are all closed. Prepared statements live until Close or the end of the connection; the
 * unnamed one is replaced by every Parse and simple Query.
 *
 * <p>Threading: used by the connection's worker only, one message at a time.
 */
final class QueryProtocol {
    private static final Logger log = LoggerFactory.getLogger(QueryProtocol.class);
    private static final String UNNAMED = "";

    private final Session session;
    private final PgOutput out;
    private final Map<String, ParsedStatement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private boolean skippingUntilSync;

    QueryProtocol(Session session, PgOutput out) {
        this.session = requireNonNull(session, "session is null");
        this.out = requireNonNull(out, "out is null");
    }

    /** Handles a message after startup; the connection itself handles Terminate and broken input. */
    void handle(FrontendMessage message) {
        if (message instanceof FrontendMessage.Sync) {
            skippingUntilSync = false;
            readyForQuery();
            return;
        }
        if (skippingUntilSync) {
            return;
        }
        if (message instanceof FrontendMessage.Query) {
            simpleQuery(((FrontendMessage.Query) message).sql());
            return;
        }
        if (message instanceof FrontendMessage.FunctionCall) {
            fail(new PgException(PgException.FEATURE_NOT_SUPPORTED, "the fastpath function call protocol is not supported"));
            readyForQuery();
            return;
        }
        if (message instanceof FrontendMessage.Flush) {
            out.flush();
            return;
        }
        if (message instanceof FrontendMessage.CopyMessage) {
            return;
        }
        try {
            extendedQuery(message);
        } catch (RuntimeException e) {
            fail(e);
            skippingUntilSync = true;
        }
    }

    /** Sends ReadyForQuery with the transaction status and flushes; closes all portals when idle. */
    void readyForQuery() {
        char status = session.transactionStatus();
        if (status == 'I') {
            portals.clear();
        }
        out.readyForQuery(status);
        out.flush();
    }

    // ---------------------------------------------------------------- simple query

    private void simpleQuery(String sql) {
        statements.remove(UNNAMED);
        portals.remove(UNNAMED);
        try {
            List<Session.Statement> prepared = session.prepareAll(sql);
            if (prepared.isEmpty()) {
                out.emptyQueryResponse();
            }
            for (Session.Statement statement : prepared) {
                Result result = session.execute(statement, List.of());
                if (result.rows() != null) {
                    List<ResultColumn> columns = columnsOf(result, statement.resultColumns());
                    int[] textFormats = new int[columns.size()];
                    out.rowDescription(columns, textFormats);
                    for (Object[] row : result.rows()) {
                        out.dataRow(row, columns, textFormats, session.timeZone());
                    }
                }
                out.commandComplete(commandTag(result));
                reportChangedParameters(result);
            }
        } catch (RuntimeException e) {
            fail(e);
        }
        readyForQuery();
    }

    // ---------------------------------------------------------------- extended query

    private void extendedQuery(FrontendMessage message) {
        if (message instanceof FrontendMessage.Parse) {
            parse((FrontendMessage.Parse) message);
        } else if (message instanceof FrontendMessage.Bind) {
            bind((FrontendMessage.Bind) message);
        } else if (message instanceof FrontendMessage.Describe) {
            describe((FrontendMessage.Describe) message);
        } else if (message instanceof FrontendMessage.Execute) {
            execute((FrontendMessage.Execute) message);
        } else if (message instanceof FrontendMessage.Close) {
            close((FrontendMessage.Close) message);
        } else {
            throw PgException.protocolViolation("unexpected message " + message.getClass().getSimpleName()
                    + " after startup");
        }
    }

    private void parse(FrontendMessage.Parse message) {
        String name = message.statementName();
        if (name.equals(UNNAMED)) {
            statements.remove(UNNAMED);
        } else if (statements.containsKey(name)) {
            throw new PgException(PgException.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + name + "\" already exists",
                    "close it first, or use another name");
        }
        int[] oids = message.parameterTypeOids();
        ParsedStatement parsed;
        if (SqlText.isEmptyQuery(message.sql())) {
            parsed = ParsedStatement.empty(oids);
        } else {
            List<DataType> hints = new ArrayList<>(oids.length);
            for (int oid : oids) {
                hints.add(PgType.hintForOid(oid));
            }
            parsed = ParsedStatement.of(session.prepare(message.sql(), Collections.unmodifiableList(hints)), oids);
        }
        statements.put(name, parsed);
        out.parseComplete();
    }

    private void bind(FrontendMessage.Bind message) {
        ParsedStatement statement = statement(message.statementName());
        String portalName = message.portalName();
        if (portalName.equals(UNNAMED)) {
            portals.remove(UNNAMED);
        } else if (portals.containsKey(portalName)) {
            throw new PgException(PgException.DUPLICATE_CURSOR, "portal \"" + portalName + "\" already exists");
        }
        List<byte[]> values = message.parameterValues();
        if (values.size() != statement.parameterCount()) {
            throw PgException.protocolViolation("bind message supplies " + values.size() + " parameters, but prepared statement "
                    + describeName(message.statementName()) + " requires " + statement.parameterCount());
        }
        int[] parameterFormats = message.parameterFormats();
        if (parameterFormats.length > 1 && parameterFormats.length != values.size()) {
            throw PgException.protocolViolation("bind message has " + parameterFormats.length + " parameter formats but "
                    + values.size() + " parameters");
        }
        List<ResultColumn> columns = statement.resultColumns();
        int columnCount = columns == null ? 0 : columns.size();
        int[] resultFormats = message.resultFormats();
        if (resultFormats.length > 1 && resultFormats.length != columnCount) {
            throw PgException.protocolViolation("bind message has " + resultFormats.length + " result formats but query has "
                    + columnCount + " columns");
        }
        checkFormatCodes(resultFormats);
        int[] formats = Portal.resolveFormats(checkFormatCodes(parameterFormats), values.size());
        List<Object> parameters = new ArrayList<>(statement.engineParameterCount());
        for (int i = 0; i < statement.engineParameterCount(); i++) {
            parameters.add(ParameterDecoder.decode(values.get(i), formats[i], i + 1, statement.declaredOid(i),
                    statement.parameterType(i), session.timeZone()));
        }
        portals.put(portalName, new Portal(statement, Collections.unmodifiableList(parameters), resultFormats));
        out.bindComplete();
    }

    private void describe(FrontendMessage.Describe message) {
        if (message.kind() == 'S') {
            ParsedStatement statement = statement(message.name());
            out.parameterDescription(statement.parameterOids());
            describeRows(statement.resultColumns(), new int[0]);
            return;
        }
        Portal portal = portal(message.name());
        List<ResultColumn> columns = portal.columns();
        describeRows(columns, columns == null ? new int[0] : portal.formats(columns.size()));
    }

    private void describeRows(List<ResultColumn> columns, int[] formats) {
        if (columns == null) {
            out.noData();
            return;
        }
        out.rowDescription(columns, Portal.resolveFormats(formats, columns.size()));
    }

    private void execute(FrontendMessage.Execute message) {
        Portal portal = portal(message.portalName());
        try {
            execute(portal, message.maxRows());
        } catch (RuntimeException e) {
            portals.remove(message.portalName());
            throw e;
        }
    }

    private void execute(Portal portal, int maxRows) {
        if (portal.statement().isEmpty()) {
            out.emptyQueryResponse();
            return;
        }
        if (portal.result() == null) {
            portal.setResult(session.execute(portal.statement().statement(), portal.parameters()));
            reportChangedParameters(portal.result());
        }
        Result result = portal.result();
        if (result.rows() != null) {
            List<ResultColumn> columns = columnsOf(result, portal.statement().resultColumns());
            int[] formats = portal.formats(columns.size());
            int limit = maxRows > 0 ? maxRows : Integer.MAX_VALUE;
            for (int sent = 0; sent < limit && portal.hasMoreRows(); sent++) {
                out.dataRow(portal.nextRow(), columns, formats, session.timeZone());
            }
            if (portal.hasMoreRows()) {
                out.portalSuspended();
                return;
            }
        }
        out.commandComplete(commandTag(result));
    }

    private void close(FrontendMessage.Close message) {
        if (message.kind() == 'S') {
            statements.remove(message.name());
        } else {
            portals.remove(message.name());
        }
        out.closeComplete();
    }

    // ---------------------------------------------------------------- helpers

    private ParsedStatement statement(String name) {
        ParsedStatement statement = statements.get(name);
        if (statement == null) {
            throw new PgException(PgException.INVALID_SQL_STATEMENT_NAME, "prepared statement " + describeName(name) + " does not exist");
        }
        return statement;
    }

    private Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new PgException(PgException.INVALID_CURSOR_NAME, "portal " + describeName(name) + " does not exist");
        }
        return portal;
    }

    private static String describeName(String name) {
        return "\"" + name + "\"";
    }

    private static int[] checkFormatCodes(int[] codes) {
        for (int code : codes) {
            if (code != 0 && code != 1) {
                throw new PgException(PgException.INVALID_PARAMETER_VALUE, "unsupported format code: " + code,
                        "use 0 (text) or 1 (binary)");
            }
        }
        return codes;
    }

    private static List<ResultColumn> columnsOf(Result result, List<ResultColumn> described) {
        List<ResultColumn> columns = result.columns() != null ? result.columns() : described;
        if (columns == null) {
            throw new IllegalStateException("the engine returned rows without result columns");
        }
        return columns;
    }

    private static String commandTag(Result result) {
        if (result.commandTag() != null) {
            return result.commandTag();
        }
        return result.rows() != null ? "SELECT " + result.rows().size() : "OK";
    }

    private void reportChangedParameters(Result result) {
        if (result.changedParameters() != null) {
            out.parameterStatuses(result.changedParameters());
        }
    }

    /** Reports a statement's failure and marks the transaction block failed, as Postgres does for any error. */
    private void fail(Throwable failure) {
        out.error(PgError.of(failure, PgError.Severity.ERROR));
        try {
            session.markFailed();
        } catch (RuntimeException e) {
            log.warn("markFailed failed after an error", e);
        }
    }
}
