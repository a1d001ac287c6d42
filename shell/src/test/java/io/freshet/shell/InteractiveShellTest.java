package io.freshet.shell;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.freshet.server.engine.Database;
import io.freshet.server.pgwire.PgServer;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.Driver;

/**
 * The shell in a real terminal: a separate JVM inside a tmux pane, driven with {@code send-keys}
 * and read with {@code capture-pane}. Skipped when tmux is not installed. Runs its own tmux server,
 * so it never touches the user's sessions.
 */
class InteractiveShellTest {
    private static final long TIMEOUT_MILLIS = 30_000;

    @TempDir
    Path tempDir;

    private Database database;
    private PgServer server;

    @BeforeEach
    void start() throws IOException {
        Assumptions.assumeTrue(tmuxInstalled(), "tmux is not installed");
        database = Database.open(tempDir.resolve("data"), 50);
        server = new PgServer(database, "127.0.0.1", 0);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (server == null) {
            return;
        }
        tmux(List.of("kill-server"), false);
        server.close();
        database.close();
    }

    @Test
    void editsRunsAndRemembersStatements() throws Exception {
        Path history = tempDir.resolve("history");
        List<String> command = new ArrayList<>(List.of("new-session", "-d", "-s", "shell", "-x", "120", "-y", "50",
                "-e", "FRESHET_HISTORY=" + history));
        command.addAll(shellCommand());
        tmux(command, true);
        // Keeps the screen readable after the shell has exited.
        tmux(List.of("set-option", "-t", "shell", "remain-on-exit", "on"), true);
        awaitScreen("Type \\? for help, \\q to quit.\ndev=> ");

        type("CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR);");
        awaitScreen("\nCREATE_TABLE\ndev=> ");
        type("INSERT INTO t VALUES (1, 'ann'), (2, NULL); FLUSH;");
        awaitScreen("\nINSERT 0 2\nFLUSH\ndev=> ");

        type("SELECT id,");
        awaitScreen("dev=> SELECT id,\ndev-> ");
        type("  name FROM t ORDER BY id;");
        awaitScreen("dev->   name FROM t ORDER BY id;\n id | name\n----+------\n  1 | ann\n  2 |\n(2 rows)\n\ndev=> ");

        type("SELECT 'open");
        awaitScreen("dev=> SELECT 'open\ndev'> ");
        key("C-c");
        awaitScreen("dev'>\ndev=> ");
        type("selec 1;");
        awaitScreen("dev=> selec 1;\nERROR:  syntax error at or near \"selec\"\nLINE 1: selec 1;\n        ^\nSQLSTATE: 42601\ndev=> ");

        type("\\dt");
        awaitScreen("dev=> \\dt\n Name\n------\n t\n(1 row)\n\ndev=> ");
        type("\\q");
        awaitExit();

        // JLine writes "<time>:<entry>" lines, with line breaks and backslashes escaped.
        List<String> remembered = Files.readAllLines(history, UTF_8);
        List<String> statements = new ArrayList<>();
        for (String entry : remembered) {
            statements.add(entry.substring(entry.indexOf(':') + 1));
        }
        assertEquals(List.of(
                "CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR);",
                "INSERT INTO t VALUES (1, 'ann'), (2, NULL); FLUSH;",
                "SELECT id,\\n  name FROM t ORDER BY id;",
                "selec 1;",
                "\\\\dt",
                "\\\\q"), statements);
    }

    /** Types a line and presses Enter. */
    private void type(String line) throws Exception {
        // tmux takes an argument ending in ';' as the end of its command unless escaped.
        String literal = line.endsWith(";") ? line.substring(0, line.length() - 1) + "\\;" : line;
        tmux(List.of("send-keys", "-t", "shell", "-l", literal), true);
        key("Enter");
    }

    private void key(String name) throws Exception {
        tmux(List.of("send-keys", "-t", "shell", name), true);
    }

    /**
     * Waits until the screen ends with {@code expected}; trailing blanks of each line and blank
     * lines at the bottom are ignored on both.
     */
    private void awaitScreen(String expected) throws Exception {
        String wanted = normalize(expected);
        awaitScreen(screen -> screen.endsWith(wanted), "end with\n" + wanted);
    }

    /** Waits until the shell has exited with status 0 (tmux then shows the pane as dead below it). */
    private void awaitExit() throws Exception {
        String wanted = "\ndev=> \\q\n[exit status 0]";
        awaitScreen(screen -> screen.contains(wanted), "show\n" + wanted);
    }

    private void awaitScreen(Predicate<String> condition, String expectation) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        String screen = "";
        while (System.currentTimeMillis() < deadline) {
            screen = screen();
            if (condition.test(screen)) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the screen did not " + expectation + "\n--- it shows ---\n" + screen);
    }

    private String screen() throws Exception {
        return normalize(tmux(List.of("capture-pane", "-p", "-J", "-t", "shell", "-S", "-"), true));
    }

    private static String normalize(String text) {
        StringBuilder normalized = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            normalized.append(line.stripTrailing()).append('\n');
        }
        return normalized.toString().stripTrailing();
    }

    /**
     * The shell's command line, run by sh so its exit status shows on the screen (tmux may fail
     * to report the status of a pane's own process). sh traps Ctrl-C, which the terminal sends to
     * it too, so as to outlive it; the shell itself keeps the default handling.
     */
    private List<String> shellCommand() throws URISyntaxException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "trap : INT; \"$@\"; echo \"[exit status $?]\"", "sh"));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, codeSource(Main.class), codeSource(Terminal.class), codeSource(Driver.class)));
        command.add(Main.class.getName());
        command.add("shell");
        command.add("--port");
        command.add(Integer.toString(server.port()));
        return command;
    }

    private static String codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private String tmux(List<String> arguments, boolean mustSucceed) throws IOException, InterruptedException {
        // A tmux server of our own, its socket in the test's folder.
        List<String> command = new ArrayList<>(List.of("tmux", "-S", tempDir.resolve("tmux.socket").toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("tmux did not finish: " + command);
        }
        if (mustSucceed) {
            assertEquals(0, process.exitValue(), () -> command + " failed: " + output);
        }
        return output;
    }

    private static boolean tmuxInstalled() {
        try {
            Process process = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
