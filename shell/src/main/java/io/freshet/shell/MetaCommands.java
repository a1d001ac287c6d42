package io.freshet.shell;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * The backslash commands: {@code \q}, {@code \?}, {@code \dt}, {@code \dm}, {@code \timing},
 * {@code \c} (also {@code \conninfo}) and {@code \g}. The listing commands run Freshet's
 * {@code SHOW} statements, since Freshet has no {@code pg_catalog} for psql's queries.
 */
final class MetaCommands {
    static final String HELP = String.join("\n",
            "General",
            "  \\q                 quit",
            "  \\?                 show this help",
            "  \\c, \\conninfo      show where the shell is connected",
            "  \\timing [on|off]   toggle (or set) printing each statement's run time",
            "  \\g                 run the statement typed so far, as ; does",
            "",
            "Catalog",
            "  \\dt                list tables (SHOW TABLES)",
            "  \\dm                list materialized views (SHOW MATERIALIZED VIEWS)",
            "",
            "Statements end with ; and may span lines. Ctrl-C cancels a running statement,",
            "or drops the statement being typed; Ctrl-D quits.",
            "");

    private final Shell shell;

    MetaCommands(Shell shell) {
        this.shell = requireNonNull(shell, "shell is null");
    }

    /**
     * Runs one meta-command line, without its backslash (e.g. {@code "timing on"}); returns
     * whether it succeeded.
     */
    boolean run(String line) {
        List<String> words = Arrays.asList(line.strip().split("\\s+"));
        String name = words.get(0);
        List<String> arguments = words.subList(1, words.size()).stream().filter(word -> !word.isEmpty()).toList();
        switch (name) {
            case "q":
            case "quit":
                ignoreArguments(name, arguments);
                shell.quit();
                return true;
            case "?":
                shell.out().print(HELP);
                return true;
            case "dt":
                ignoreArguments(name, arguments);
                return shell.runSql("SHOW TABLES");
            case "dm":
                ignoreArguments(name, arguments);
                return shell.runSql("SHOW MATERIALIZED VIEWS");
            case "timing":
                return timing(arguments);
            case "c":
            case "conninfo":
                return connectionInfo(name, arguments);
            case "g":
                ignoreArguments(name, arguments);
                return shell.runPending();
            default:
                shell.err().println("invalid command \\" + name);
                shell.err().println("Try \\? for help.");
                return false;
        }
    }

    private boolean timing(List<String> arguments) {
        boolean on;
        if (arguments.isEmpty()) {
            on = !shell.timing();
        } else if (arguments.get(0).equalsIgnoreCase("on")) {
            on = true;
        } else if (arguments.get(0).equalsIgnoreCase("off")) {
            on = false;
        } else {
            shell.err().println("\\timing: expected on or off, got \"" + arguments.get(0) + "\"");
            return false;
        }
        if (arguments.size() > 1) {
            ignoreArguments("timing", arguments.subList(1, arguments.size()));
        }
        shell.setTiming(on);
        shell.out().println(on ? "Timing is on." : "Timing is off.");
        return true;
    }

    private boolean connectionInfo(String name, List<String> arguments) {
        if (!arguments.isEmpty()) {
            shell.err().println("\\" + name + ": switching connections is not supported;"
                    + " start the shell with --host, --port, --user and --database instead");
            return false;
        }
        ShellOptions options = shell.session().options();
        String where = "database \"" + options.database() + "\" as user \"" + options.user() + "\" on host \""
                + options.host() + "\" at port \"" + options.port() + "\"";
        if (shell.session().isConnected()) {
            String version = shell.session().serverVersion();
            shell.out().println("You are connected to " + where + (version == null ? "" : " (server " + version + ")") + ".");
        } else {
            shell.out().println("You are not connected; the next statement connects to " + where + ".");
        }
        return true;
    }

    private void ignoreArguments(String name, List<String> arguments) {
        for (String argument : arguments) {
            shell.err().println("\\" + name + ": extra argument \"" + argument + "\" ignored");
        }
    }
}
