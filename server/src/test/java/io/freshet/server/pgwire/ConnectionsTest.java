package io.freshet.server.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** Cancel, concurrency, the connection limit, shutdown and a custom authenticator, through pgjdbc. */
class ConnectionsTest {
    @Test
    void cancelsARunningStatement() throws Exception {
        try (TestServer server = TestServer.start();
             Connection connection = server.connect();
             Statement statement = connection.createStatement()) {
            ExecutorService canceller = Executors.newSingleThreadExecutor();
            try {
                Future<?> cancel = canceller.submit(() -> {
                    Waits.until(() -> server.engine.runningSlowStatements() == 1, "the slow statement to start");
                    statement.cancel();
                    return null;
                });
                long start = System.nanoTime();
                PSQLException error = assertThrows(PSQLException.class, () -> statement.executeQuery("SELECT slow(20)"));
                assertEquals("57014", error.getSQLState());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "cancelled long before the statement's end");
                cancel.get(5, TimeUnit.SECONDS);
            } finally {
                canceller.shutdownNow();
            }
            JdbcTest.assertOne(statement);
        }
    }

    @Test
    void aSlowStatementDoesNotBlockOtherConnections() throws Exception {
        try (TestServer server = TestServer.start();
             Connection slow = server.connect();
             Statement slowStatement = slow.createStatement()) {
            ExecutorService runner = Executors.newSingleThreadExecutor();
            try {
                Future<?> slowQuery = runner.submit(() -> slowStatement.executeQuery("SELECT slow(20)"));
                Waits.until(() -> server.engine.runningSlowStatements() == 1, "the slow statement to start");
                long start = System.nanoTime();
                try (Connection other = server.connect(); Statement statement = other.createStatement()) {
                    JdbcTest.assertOne(statement);
                }
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "other connections are served meanwhile");
                slowStatement.cancel();
                Exception error = assertThrows(Exception.class, () -> slowQuery.get(10, TimeUnit.SECONDS));
                assertEquals("57014", ((SQLException) error.getCause()).getSQLState());
            } finally {
                runner.shutdownNow();
            }
        }
    }

    @Test
    void servesManyConnectionsConcurrently() throws Exception {
        int clients = 24;
        try (TestServer server = TestServer.start()) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int client = 0; client < clients; client++) {
                    String properties = client % 2 == 0 ? "prepareThreshold=-1" : "prepareThreshold=5";
                    results.add(pool.submit(() -> {
                        int rows = 0;
                        try (Connection connection = server.connect(properties);
                             PreparedStatement statement = connection.prepareStatement("SELECT * FROM t WHERE id = ?")) {
                            for (int i = 0; i < 30; i++) {
                                statement.setInt(1, 1 + i % 3);
                                try (ResultSet rs = statement.executeQuery()) {
                                    assertTrue(rs.next());
                                    assertEquals(1 + i % 3, rs.getInt(1));
                                    rows++;
                                }
                            }
                        }
                        return rows;
                    }));
                }
                for (Future<Integer> result : results) {
                    assertEquals(30, result.get(30, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            Waits.until(() -> server.engine.openSessions() == 0, "all sessions to close");
        }
    }

    @Test
    void refusesConnectionsOverTheLimit() throws Exception {
        try (TestServer server = TestServer.start(PgServer.Options.defaults().withMaxConnections(3))) {
            List<Connection> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    open.add(server.connect());
                }
                PSQLException refused = assertThrows(PSQLException.class, server::connect);
                assertEquals("53300", refused.getSQLState());
                assertTrue(refused.getMessage().contains("sorry, too many clients already"), refused.getMessage());

                open.remove(0).close();
                Waits.until(() -> server.engine.openSessions() == 2, "the closed session to free its slot");
                open.add(server.connect());
                try (Statement statement = open.get(2).createStatement()) {
                    JdbcTest.assertOne(statement);
                }
            } finally {
                for (Connection connection : open) {
                    connection.close();
                }
            }
        }
    }

    @Test
    void shutdownTellsClientsAndClosesSessions() throws Exception {
        TestServer server = TestServer.start();
        try (Connection connection = server.connect();
             Statement statement = connection.createStatement()) {
            JdbcTest.assertOne(statement);
            ExecutorService runner = Executors.newSingleThreadExecutor();
            try {
                Future<?> slowQuery = runner.submit(() -> statement.executeQuery("SELECT slow(20)"));
                Waits.until(() -> server.engine.runningSlowStatements() == 1, "the slow statement to start");
                long start = System.nanoTime();
                server.close();
                server.close(); // idempotent
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "shutdown is prompt");
                assertThrows(Exception.class, () -> slowQuery.get(10, TimeUnit.SECONDS));
            } finally {
                runner.shutdownNow();
            }
            assertEquals(0, server.engine.openSessions());
            assertThrows(SQLException.class, () -> JdbcTest.assertOne(statement));
        }
    }

    @Test
    void usesTheConfiguredAuthenticator() throws Exception {
        PgServer.Options options = PgServer.Options.defaults().withAuthenticator(new CleartextPasswords(Map.of("freshet", "secret")));
        try (TestServer server = TestServer.start(options)) {
            try (Connection connection = server.connect("password=secret");
                 Statement statement = connection.createStatement()) {
                JdbcTest.assertOne(statement);
            }
            PSQLException wrong = assertThrows(PSQLException.class, () -> server.connect("password=wrong"));
            assertEquals("28P01", wrong.getSQLState());
            // The server closes a session after its client has gone; wait for that, then check none leaked.
            Waits.until(() -> server.engine.openSessions() == 0, "the sessions to close");
        }
    }

    /** Cleartext password authentication (request 3) against a fixed map: shows the extension point works. */
    private static final class CleartextPasswords implements Authenticator {
        private final Map<String, String> passwords;

        CleartextPasswords(Map<String, String> passwords) {
            this.passwords = Map.copyOf(passwords);
        }

        @Override
        public Exchange begin(String user, String database, java.net.SocketAddress remoteAddress) {
            return new Exchange() {
                @Override
                public Step start() {
                    return Step.request(3, new byte[0]);
                }

                @Override
                public Step respond(byte[] message) {
                    String password = new String(message, 0, Math.max(0, message.length - 1), StandardCharsets.UTF_8);
                    if (!password.equals(passwords.get(user))) {
                        throw new PgException(PgException.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"");
                    }
                    return Step.ok();
                }
            };
        }
    }
}
