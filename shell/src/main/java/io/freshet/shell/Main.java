package io.freshet.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code freshet shell}: Freshet's SQL shell. Parses the options, connects, then runs the
 * {@code -c} commands and {@code -f} files, or else the terminal session, or else standard input
 * read to its end. See {@link ShellOptions#USAGE} for the options and exit codes.
 */
public final class Main {
    static final int EXIT_OK = 0;
    /** A usage error, an unreadable file, or a failed {@code -c} command. */
    static final int EXIT_FAILURE = 1;
    /** The first connection failed. */
    static final int EXIT_NO_CONNECTION = 2;
    /** A statement from a file or standard input failed (the others still ran). */
    static final int EXIT_SCRIPT_ERROR = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the shell and returns its exit code. With {@link System#in} as {@code in} it asks the
     * system for a terminal: an interactive one gets prompts, editing and history, and otherwise
     * (a pipe) the input is read to its end without prompts. Any other stream is read like a pipe.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        ShellOptions options;
        try {
            options = ShellOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("freshet shell: " + e.getMessage());
            err.println("Try \"freshet shell --help\" for more information.");
            return EXIT_FAILURE;
        }
        if (options.help()) {
            out.print(ShellOptions.USAGE);
            return EXIT_OK;
        }
        try (ServerSession session = new ServerSession(options)) {
            try {
                session.connect();
            } catch (SQLException e) {
                err.println("freshet shell: could not connect to " + options.host() + ":" + options.port() + ": " + e.getMessage());
                err.println("Is the server running? Start one with: bin/freshet server");
                return EXIT_NO_CONNECTION;
            }
            Shell shell = new Shell(session, out, err);
            if (!options.scripts().isEmpty()) {
                return runScripts(shell, options, err);
            }
            if (in == System.in) {
                return runStandardInput(shell, options, in, out);
            }
            return exitCode(shell.run(new ReaderLineSource(reader(in, StandardCharsets.UTF_8)), false));
        } catch (IOException e) {
            err.println("freshet shell: could not read input: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    private static int runScripts(Shell shell, ShellOptions options, PrintStream err) throws IOException {
        int exitCode = EXIT_OK;
        for (ShellOptions.Script script : options.scripts()) {
            Shell.Outcome outcome;
            if (script.isFile()) {
                InputStream file;
                try {
                    file = Files.newInputStream(Path.of(script.value()));
                } catch (NoSuchFileException e) {
                    err.println("freshet shell: " + script.value() + ": no such file");
                    return EXIT_FAILURE;
                } catch (IOException e) {
                    err.println("freshet shell: cannot read " + script.value() + ": " + e.getMessage());
                    return EXIT_FAILURE;
                }
                try (BufferedReader reader = reader(file, StandardCharsets.UTF_8)) {
                    outcome = shell.run(new ReaderLineSource(reader), false);
                }
                if (outcome.failures() > 0) {
                    exitCode = EXIT_SCRIPT_ERROR;
                }
            } else {
                outcome = shell.run(new ReaderLineSource(new BufferedReader(new StringReader(script.value()))), true);
                if (outcome.failures() > 0) {
                    return EXIT_FAILURE;
                }
            }
            if (outcome.quit()) {
                break;
            }
        }
        return exitCode;
    }

    private static int runStandardInput(Shell shell, ShellOptions options, InputStream in, PrintStream out) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            if (isDumb(terminal)) {
                // Read the pipe directly: the dumb terminal's stream hands over one byte per call.
                return exitCode(shell.run(new ReaderLineSource(reader(in, terminal.encoding())), false));
            }
            String version = shell.session().serverVersion();
            out.println("freshet shell" + (version == null ? "" : " (server " + version + ")") + ", connected to database \""
                    + options.database() + "\" at " + options.host() + ":" + options.port() + ".");
            out.println("Type \\? for help, \\q to quit.");
            out.flush();
            Path history = Path.of(System.getProperty("user.home"), ".freshet_history");
            String historyOverride = System.getenv("FRESHET_HISTORY");
            if (historyOverride != null && !historyOverride.isEmpty()) {
                history = Path.of(historyOverride);
            }
            shell.run(new TerminalLineSource(terminal, options.database(), history), false);
            return EXIT_OK;
        }
    }

    /** A pipe or a redirected file rather than a terminal a person types at. */
    private static boolean isDumb(Terminal terminal) {
        return Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
    }

    private static BufferedReader reader(InputStream in, Charset charset) {
        return new BufferedReader(new InputStreamReader(in, charset));
    }

    private static int exitCode(Shell.Outcome outcome) {
        return outcome.failures() > 0 ? EXIT_SCRIPT_ERROR : EXIT_OK;
    }
}
