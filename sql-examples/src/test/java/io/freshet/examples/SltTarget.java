package io.freshet.examples;

import io.freshet.server.engine.Database;
import io.freshet.server.pgwire.PgServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The database one script runs against, fresh for each script: an in-process Freshet server on a new
 * data directory, or (to check that expected results are what PostgreSQL prints) a new schema in a real
 * PostgreSQL, where materialized views become plain views and FLUSH is skipped.
 */
interface SltTarget extends AutoCloseable {
    /** The name {@code skipif} and {@code onlyif} lines refer to. */
    String engine();

    Connection connection();

    /** The SQL to run for a record, or null to skip the record. */
    String dialect(String sql);

    @Override
    void close() throws Exception;

    static SltTarget freshet() throws Exception {
        return new Freshet(Files.createTempDirectory("freshet-slt-"));
    }

    static SltTarget postgres(String jdbcUrl) throws SQLException {
        return new Postgres(DriverManager.getConnection(jdbcUrl));
    }

    final class Freshet implements SltTarget {
        private static final long BARRIER_INTERVAL_MILLIS = 50;

        private final Path dataDir;
        private final Database database;
        private final PgServer server;
        private final Connection connection;

        private Freshet(Path dataDir) throws IOException, SQLException {
            this.dataDir = dataDir;
            this.database = Database.open(dataDir, BARRIER_INTERVAL_MILLIS);
            this.server = new PgServer(database, "127.0.0.1", 0);
            server.start();
            Properties properties = new Properties();
            properties.setProperty("user", "freshet");
            this.connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/dev", properties);
        }

        @Override
        public String engine() {
            return "freshet";
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public String dialect(String sql) {
            return sql;
        }

        @Override
        public void close() throws Exception {
            connection.close();
            server.close();
            database.close();
            try (Stream<Path> paths = Files.walk(dataDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(Freshet::delete);
            }
        }

        private static void delete(Path path) {
            try {
                Files.delete(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    final class Postgres implements SltTarget {
        private static final AtomicInteger SCHEMAS = new AtomicInteger();
        private static final Pattern SKIPPED = Pattern.compile("(?is)\\s*(FLUSH|SET\\s+implicit_flush\\b.*)");
        private static final Pattern MATERIALIZED_VIEW = Pattern.compile("(?i)^(\\s*(CREATE|DROP)\\s+)MATERIALIZED\\s+VIEW");

        private final Connection connection;
        private final String schema;

        private Postgres(Connection connection) throws SQLException {
            this.connection = connection;
            this.schema = "slt_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + schema);
                statement.execute("SET search_path = " + schema);
            }
        }

        @Override
        public String engine() {
            return "postgres";
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public String dialect(String sql) {
            if (SKIPPED.matcher(sql).matches()) {
                return null;
            }
            return MATERIALIZED_VIEW.matcher(sql).replaceFirst("$1VIEW");
        }

        @Override
        public void close() throws SQLException {
            try (connection; Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
