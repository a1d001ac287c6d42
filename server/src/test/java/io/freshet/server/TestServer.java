package io.freshet.server;

import io.freshet.server.engine.Database;
import io.freshet.server.pgwire.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** A real Freshet server (RocksDB store, Postgres protocol on an ephemeral port) for tests. */
public final class TestServer implements AutoCloseable {
    private final Path dataDir;
    private Database database;
    private PgServer server;

    public TestServer(Path dataDir) {
        this.dataDir = dataDir;
        start();
    }

    public void start() {
        database = Database.open(dataDir, 50);
        server = new PgServer(database, "127.0.0.1", 0);
        try {
            server.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Stops the server cleanly (final epoch committed) and starts it again on the same data. */
    public void restart() {
        close();
        start();
    }

    public Database database() {
        return database;
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/dev";
    }

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "freshet");
        return DriverManager.getConnection(url(), properties);
    }

    /** Runs a query and returns its rows as text, one string per row with columns separated by '|'. */
    public static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                    if (c > 1) {
                        sb.append('|');
                    }
                    String value = rs.getString(c);
                    sb.append(value == null ? "NULL" : value);
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
