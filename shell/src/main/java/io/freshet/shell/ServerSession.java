package io.freshet.shell;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.Driver;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Field;
import org.postgresql.core.Oid;
import org.postgresql.core.Query;
import org.postgresql.core.QueryExecutor;
import org.postgresql.core.ResultCursor;
import org.postgresql.core.ResultHandlerBase;
import org.postgresql.core.Tuple;

/**
 * The shell's connection to a Freshet server, through pgjdbc.
 *
 * <p>Statements go out one at a time over the simple query protocol, as psql sends them, so values
 * come back as the server formats them and each command's tag (e.g. {@code INSERT 0 2}) is
 * printed as sent. That takes pgjdbc's {@code QueryExecutor}: standard JDBC keeps only update
 * counts, not tags.
 *
 * <p>When the connection breaks, the session forgets it; {@link #isConnected()} turns false and
 * the caller decides when to {@link #connect()} again.
 *
 * <p>Threading: one thread uses the session; {@link #cancel()} may be called from any other thread
 * (a Ctrl-C handler) while a statement runs.
 */
final class ServerSession implements AutoCloseable {
    private static final int EXECUTE_FLAGS = QueryExecutor.QUERY_ONESHOT | QueryExecutor.QUERY_EXECUTE_AS_SIMPLE
            | QueryExecutor.QUERY_NO_BINARY_TRANSFER;

    /** A result set ({@code table}) or, for a statement without rows, its command tag. */
    record Result(String commandTag, ResultTable table) {
    }

    private final ShellOptions options;
    private volatile BaseConnection connection;

    ServerSession(ShellOptions options) {
        this.options = requireNonNull(options, "options is null");
    }

    /** Opens a new connection, closing any previous one. */
    void connect() throws SQLException {
        close();
        Properties properties = new Properties();
        properties.setProperty("user", options.user());
        properties.setProperty("ApplicationName", "freshet shell");
        properties.setProperty("connectTimeout", "10");
        Connection opened = new Driver().connect(options.url(), properties);
        if (opened == null) {
            throw new SQLException("pgjdbc does not accept the URL " + options.url());
        }
        connection = opened.unwrap(BaseConnection.class);
    }

    boolean isConnected() {
        BaseConnection current = connection;
        return current != null && !current.getQueryExecutor().isClosed();
    }

    ShellOptions options() {
        return options;
    }

    /** The server's version as it reported it at startup, or {@code null} when not connected. */
    String serverVersion() {
        BaseConnection current = connection;
        return current == null ? null : current.getQueryExecutor().getServerVersion();
    }

    /**
     * Runs one statement and returns its result sets and command tags in order; the server's
     * notices go to {@code notices} as they arrive. On an error the connection is dropped if pgjdbc
     * closed it (the server went away); the exception is rethrown either way.
     *
     * @throws IllegalStateException when not connected
     */
    List<Result> execute(String sql, Consumer<SQLWarning> notices) throws SQLException {
        BaseConnection current = connection;
        if (current == null) {
            throw new IllegalStateException("not connected");
        }
        QueryExecutor executor = current.getQueryExecutor();
        Collector collector = new Collector(notices);
        Query query = executor.createSimpleQuery(sql);
        try {
            int flags = EXECUTE_FLAGS | (current.getAutoCommit() ? QueryExecutor.QUERY_SUPPRESS_BEGIN : 0);
            executor.execute(query, null, collector, 0, 0, flags);
        } catch (SQLException e) {
            if (executor.isClosed()) {
                connection = null;
            }
            throw e;
        } finally {
            query.close();
        }
        return List.copyOf(collector.results);
    }

    /** Asks the server to cancel the running statement; best effort, from any thread. */
    void cancel() {
        BaseConnection current = connection;
        if (current == null) {
            return;
        }
        try {
            current.cancelQuery();
        } catch (SQLException e) {
            // Nothing to do: the statement then simply runs to its end.
        }
    }

    @Override
    public void close() {
        BaseConnection current = connection;
        connection = null;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException e) {
                // Closing a broken connection: nothing left to release.
            }
        }
    }

    /** Receives pgjdbc's callbacks for one statement. */
    private static final class Collector extends ResultHandlerBase {
        // Type OIDs pgjdbc has no constants for.
        private static final int XID = 28;
        private static final int CID = 29;
        private static final int XID8 = 5069;

        private final List<Result> results = new ArrayList<>();
        private final Consumer<SQLWarning> notices;

        Collector(Consumer<SQLWarning> notices) {
            this.notices = notices;
        }

        @Override
        public void handleResultRows(Query fromQuery, Field[] fields, List<Tuple> tuples, ResultCursor cursor) {
            List<ResultTable.Column> columns = new ArrayList<>(fields.length);
            for (Field field : fields) {
                columns.add(new ResultTable.Column(field.getColumnLabel(), isNumeric(field.getOID())));
            }
            List<List<String>> rows = new ArrayList<>(tuples.size());
            for (Tuple tuple : tuples) {
                String[] values = new String[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    byte[] value = tuple.get(i);
                    values[i] = value == null ? null : new String(value, StandardCharsets.UTF_8);
                }
                rows.add(ResultTable.row(values));
            }
            results.add(new Result(null, new ResultTable(columns, rows)));
        }

        @Override
        public void handleCommandStatus(String status, long updateCount, long insertOid) {
            results.add(new Result(status, null));
        }

        @Override
        public void handleWarning(SQLWarning warning) {
            notices.accept(warning);
        }

        /** The types psql right-aligns. */
        private static boolean isNumeric(int oid) {
            switch (oid) {
                case Oid.INT2:
                case Oid.INT4:
                case Oid.INT8:
                case Oid.FLOAT4:
                case Oid.FLOAT8:
                case Oid.NUMERIC:
                case Oid.OID:
                case Oid.MONEY:
                case XID:
                case CID:
                case XID8:
                    return true;
                default:
                    return false;
            }
        }
    }
}
