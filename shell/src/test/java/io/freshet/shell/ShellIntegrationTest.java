package io.freshet.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.server.engine.Database;
import io.freshet.server.pgwire.PgServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell against a real Freshet server, with input and output streams instead of a terminal. */
class ShellIntegrationTest {
    @TempDir
    Path dataDir;

    private Database database;
    private PgServer server;

    @BeforeEach
    void startServer() throws IOException {
        database = Database.open(dataDir.resolve("data"), 50);
        server = new PgServer(database, "127.0.0.1", 0);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
        database.close();
    }

    @Test
    void runsPipedStatementsAndMetaCommandsUntilQuit() {
        Result result = runShell(String.join("\n",
                "-- a script as psql would read it",
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR, amount DECIMAL(10,2));",
                "CREATE MATERIALIZED VIEW spend AS",
                "  SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM orders GROUP BY customer;",
                "INSERT INTO orders VALUES (1, 'ann', 12.50), (2, 'bob', NULL); FLUSH;",
                "SELECT * FROM spend ORDER BY customer;",
                "selec 1;",
                "SELECT customer",
                "  FROM nowhere;",
                "\\dt",
                "\\q",
                "SELECT 'after quit';"));
        assertEquals(""
                        + "CREATE_TABLE\n"
                        + "CREATE_MATERIALIZED_VIEW\n"
                        + "INSERT 0 2\n"
                        + "FLUSH\n"
                        + " customer | n | total \n"
                        + "----------+---+-------\n"
                        + " ann      | 1 | 12.50\n"
                        + " bob      | 1 |      \n"
                        + "(2 rows)\n"
                        + "\n"
                        + "ERROR:  syntax error at or near \"selec\"\n"
                        + "LINE 1: selec 1;\n"
                        + "        ^\n"
                        + "SQLSTATE: 42601\n"
                        + "ERROR:  relation \"nowhere\" does not exist\n"
                        + "LINE 2:   FROM nowhere;\n"
                        + "               ^\n"
                        + "SQLSTATE: 42P01\n"
                        + "  Name  \n"
                        + "--------\n"
                        + " orders\n"
                        + "(1 row)\n"
                        + "\n",
                result.output());
        assertEquals(Main.EXIT_SCRIPT_ERROR, result.exitCode());
    }

    @Test
    void inputWithoutErrorsExitsWithZeroAndRunsAnUnterminatedLastStatement() {
        Result result = runShell("\\dm\nSELECT 1 AS a; SELECT 'x' AS b");
        assertEquals(" Name \n------\n(0 rows)\n\n a \n---\n 1\n(1 row)\n\n b \n---\n x\n(1 row)\n\n", result.output());
        assertEquals(Main.EXIT_OK, result.exitCode());
    }

    @Test
    void timingAndConnectionInfo() {
        Result result = runShell("\\timing\nSELECT 1 AS a;\n\\timing off\n\\c\n\\nonsense\n");
        String[] lines = result.output().split("\n", -1);
        assertEquals("Timing is on.", lines[0]);
        assertTrue(lines[6].matches("Time: \\d+\\.\\d{3} ms"), lines[6]);
        assertEquals(List.of(
                "Timing is off.",
                "You are connected to database \"dev\" as user \"freshet\" on host \"127.0.0.1\" at port \""
                        + server.port() + "\" (server " + Database.SERVER_VERSION + ").",
                "invalid command \\nonsense",
                "Try \\? for help.",
                ""), Arrays.asList(lines).subList(7, lines.length));
        assertEquals(Main.EXIT_SCRIPT_ERROR, result.exitCode());
    }

    @Test
    void commandOptionRunsAndExits() {
        Result result = runShell("SELECT 'stdin is not read';", "-c", "SELECT 1 AS a; SELECT 2 AS b", "-c", "\\dt");
        assertEquals(" a \n---\n 1\n(1 row)\n\n b \n---\n 2\n(1 row)\n\n Name \n------\n(0 rows)\n\n", result.output());
        assertEquals(Main.EXIT_OK, result.exitCode());

        result = runShell("", "-c", "SELECT nosuch; SELECT 'not run'");
        assertTrue(result.output().startsWith("ERROR:  "), result.output());
        assertTrue(!result.output().contains("not run"), result.output());
        assertEquals(Main.EXIT_FAILURE, result.exitCode());
    }

    @Test
    void fileOptionRunsAScript() throws IOException {
        Path script = dataDir.resolve("script.sql");
        Files.writeString(script, "SELECT 1 AS a;\r\nSELECT nosuch;\r\nSELECT 3 AS c;\r\n");
        Result result = runShell("", "-f", script.toString());
        assertTrue(result.output().startsWith(" a \n---\n 1\n(1 row)\n\nERROR:  "), result.output());
        assertTrue(result.output().endsWith(" c \n---\n 3\n(1 row)\n\n"), result.output());
        assertEquals(Main.EXIT_SCRIPT_ERROR, result.exitCode());

        result = runShell("", "-f", dataDir.resolve("missing.sql").toString());
        assertEquals("freshet shell: " + dataDir.resolve("missing.sql") + ": no such file\n", result.output());
        assertEquals(Main.EXIT_FAILURE, result.exitCode());
    }

    @Test
    void reconnectsAfterTheServerWentAway() {
        int port = server.port();
        ScriptedInput input = new ScriptedInput(
                List.of("SELECT 1 AS a;", "SELECT 2 AS b;", "SELECT 3 AS c;", "SELECT 4 AS d;"),
                Map.of(1, () -> server.close(), 3, () -> restartServer(port)));
        Result result = runShell(input);
        String output = result.output();
        assertTrue(output.startsWith(" a \n---\n 1\n(1 row)\n\n"), output);
        assertTrue(output.contains("\nThe connection to the server was lost; the shell reconnects before the next statement.\n"
                + "could not reconnect to database \"dev\" at 127.0.0.1:" + port + ": "), output);
        assertTrue(output.endsWith("\nReconnected to database \"dev\" at 127.0.0.1:" + port + ".\n d \n---\n 4\n(1 row)\n\n"),
                output);
        assertEquals(Main.EXIT_SCRIPT_ERROR, result.exitCode());
    }

    @Test
    void cannotConnect() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Result result = run(new ByteArrayInputStream(new byte[0]), "--port", Integer.toString(closedPort));
        assertTrue(result.output().startsWith("freshet shell: could not connect to 127.0.0.1:" + closedPort + ": "), result.output());
        assertEquals(Main.EXIT_NO_CONNECTION, result.exitCode());
    }

    @Test
    void helpAndUsageErrors() {
        Result help = run(new ByteArrayInputStream(new byte[0]), "shell", "--help");
        assertEquals(ShellOptions.USAGE, help.output());
        assertEquals(Main.EXIT_OK, help.exitCode());

        Result wrong = run(new ByteArrayInputStream(new byte[0]), "shell", "--port", "many");
        assertEquals("freshet shell: invalid port \"many\": expected a number from 1 to 65535\n"
                + "Try \"freshet shell --help\" for more information.\n", wrong.output());
        assertEquals(Main.EXIT_FAILURE, wrong.exitCode());
    }

    private void restartServer(int port) {
        server = new PgServer(database, "127.0.0.1", port);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Result runShell(String input, String... options) {
        return runShell(new ByteArrayInputStream(input.getBytes(UTF_8)), options);
    }

    private Result runShell(InputStream input, String... options) {
        List<String> args = new ArrayList<>(List.of("shell", "--port", Integer.toString(server.port())));
        args.addAll(List.of(options));
        return run(input, args.toArray(new String[0]));
    }

    /** Runs the shell with standard output and standard error into one buffer, as a terminal shows them. */
    private static Result run(InputStream input, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, UTF_8);
        int exitCode = Main.run(args, input, out, out);
        return new Result(exitCode, bytes.toString(UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}
