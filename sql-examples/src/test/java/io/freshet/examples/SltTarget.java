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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The database one script runs against, fresh for each script: an in-process Freshet server on a new
 * data directory, or (to check that expected results are what PostgreSQL prints) a new database in a real
 * PostgreSQL, where materialized views become plain views and FLUSH is skipped. Both are reached through
 * pgjdbc with the same {@link #clientProperties()}, so values are compared as the same client prints them.
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
        return new Postgres(jdbcUrl);
    }

    /**
     * The pgjdbc settings of every script connection, Freshet's and PostgreSQL's alike. Binary transfer is
     * off, so {@code ResultSet.getString} returns each value exactly as the server printed it in text
     * format (numeric scale, float digits, {@code t}/{@code f}, timestamp and interval styles): with it on,
     * pgjdbc would switch a statement run five times to binary results and format them in Java instead.
     * pgjdbc also sends {@code DateStyle=ISO}, {@code extra_float_digits=3} and the JVM's time zone at
     * startup, to both servers.
     */
    static Properties clientProperties() {
        Properties properties = new Properties();
        properties.setProperty("binaryTransfer", "false");
        return properties;
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
            Properties properties = clientProperties();
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

    /**
     * A fresh database in a real PostgreSQL, created from {@code template0} with UTF-8 encoding and the C
     * collation (text sorts in plain character order, as in Freshet) whatever the cluster's defaults, and
     * dropped afterwards. {@code CREATE/DROP MATERIALIZED VIEW} become plain views, which PostgreSQL recomputes on
     * every read; {@code FLUSH} and {@code SET implicit_flush} are skipped.
     */
    final class Postgres implements SltTarget {
        private static final AtomicInteger DATABASES = new AtomicInteger();
        private static final Pattern SKIPPED = Pattern.compile("(?is)\\s*(FLUSH|SET\\s+implicit_flush\\b.*)");
        private static final Pattern MATERIALIZED_VIEW = Pattern.compile("(?i)^(\\s*(CREATE|DROP)\\s+)MATERIALIZED\\s+VIEW");
        private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?");

        private final String adminUrl;
        private final String database;
        private final Connection connection;

        private Postgres(String adminUrl) throws SQLException {
            Matcher url = URL.matcher(adminUrl);
            if (!url.matches()) {
                throw new IllegalArgumentException("expected jdbc:postgresql://host:port/database[?parameters], got " + adminUrl);
            }
            this.adminUrl = adminUrl;
            this.database = "freshet_slt_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
            try (Connection admin = DriverManager.getConnection(adminUrl, clientProperties());
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                statement.execute("CREATE DATABASE " + database
                        + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
            }
            String scriptUrl = url.group(1) + database + (url.group(3) == null ? "" : url.group(3));
            this.connection = DriverManager.getConnection(scriptUrl, clientProperties());
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
            return translate(sql);
        }

        /** A record's SQL as PostgreSQL runs it, or null for a statement it skips. */
        static String translate(String sql) {
            if (SKIPPED.matcher(sql).matches()) {
                return null;
            }
            return MATERIALIZED_VIEW.matcher(sql).replaceFirst("$1VIEW");
        }

        @Override
        public void close() throws SQLException {
            connection.close();
            try (Connection admin = DriverManager.getConnection(adminUrl, clientProperties());
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
        }
    }
}
