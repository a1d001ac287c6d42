package io.freshet.shell;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** The shell's command line: where to connect and what to run. Immutable. */
record ShellOptions(String host, int port, String user, String database, List<Script> scripts, boolean help) {
    static final String USAGE = String.join("\n",
            "Usage: freshet shell [OPTION]...",
            "",
            "Freshet's interactive SQL shell. Without -c or -f it reads statements from the",
            "terminal, or from standard input when that is not a terminal.",
            "",
            "Options:",
            "  -h, --host HOST          server host (default 127.0.0.1)",
            "  -p, --port PORT          server port (default 4566)",
            "  -U, --user USER          user name (default freshet)",
            "  -d, --database NAME      database (default dev)",
            "  -c, --command SQL        run SQL (statements and meta-commands) and exit",
            "  -f, --file FILE          run the statements in FILE and exit",
            "      --help               show this help and exit",
            "",
            "-c and -f may be repeated; they run in the order given.",
            "Exit status: 0 all statements succeeded; 1 a -c command failed or a usage error;",
            "2 could not connect; 3 a statement read from a file or standard input failed.",
            "");

    /** A {@code -c} command or a {@code -f} file, in command-line order. */
    record Script(boolean isFile, String value) {
        Script {
            requireNonNull(value, "value is null");
        }
    }

    ShellOptions {
        requireNonNull(host, "host is null");
        requireNonNull(user, "user is null");
        requireNonNull(database, "database is null");
        scripts = List.copyOf(scripts);
    }

    /**
     * Parses the arguments; a leading {@code shell} (the launcher's command word) is skipped.
     * Options take their value as the next argument or after {@code =}.
     *
     * @throws IllegalArgumentException with a message for the user when the arguments are wrong
     */
    static ShellOptions parse(String[] args) {
        String host = "127.0.0.1";
        int port = 4566;
        String user = "freshet";
        String database = "dev";
        List<Script> scripts = new ArrayList<>();
        boolean help = false;
        int i = args.length > 0 && args[0].equals("shell") ? 1 : 0;
        while (i < args.length) {
            String arg = args[i++];
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                value = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            if (arg.equals("--help") || arg.equals("-?")) {
                help = true;
                continue;
            }
            if (!isOption(arg)) {
                throw new IllegalArgumentException((arg.startsWith("-") ? "unknown option \"" : "unexpected argument \"") + arg + "\"");
            }
            if (value == null) {
                if (i >= args.length) {
                    throw new IllegalArgumentException("option " + arg + " needs a value");
                }
                value = args[i++];
            }
            switch (arg) {
                case "-h":
                case "--host":
                    host = value;
                    break;
                case "-p":
                case "--port":
                    port = parsePort(value);
                    break;
                case "-U":
                case "--user":
                    user = value;
                    break;
                case "-d":
                case "--database":
                    database = value;
                    break;
                case "-c":
                case "--command":
                    scripts.add(new Script(false, value));
                    break;
                case "-f":
                case "--file":
                    scripts.add(new Script(true, value));
                    break;
                default:
                    throw new AssertionError(arg + " passed isOption");
            }
        }
        return new ShellOptions(host, port, user, database, scripts, help);
    }

    String url() {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + address + ":" + port + "/" + database;
    }

    private static boolean isOption(String arg) {
        switch (arg) {
            case "-h":
            case "--host":
            case "-p":
            case "--port":
            case "-U":
            case "--user":
            case "-d":
            case "--database":
            case "-c":
            case "--command":
            case "-f":
            case "--file":
                return true;
            default:
                return false;
        }
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid port \"" + value + "\": expected a number from 1 to 65535");
    }
}
