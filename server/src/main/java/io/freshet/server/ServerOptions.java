package io.freshet.server;

import java.nio.file.Path;

/** Command-line options of {@code freshet server}. */
record ServerOptions(String host, int port, Path dataDir, long barrierIntervalMillis, boolean help) {
    static ServerOptions parse(String[] args) {
        String host = "127.0.0.1";
        int port = 4566;
        Path dataDir = Path.of("freshet-data");
        long barrierInterval = 250;
        boolean help = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help":
                case "-h":
                    help = true;
                    break;
                case "--host":
                    host = value != null ? value : next(args, ++i, arg);
                    break;
                case "--port":
                    port = number(value != null ? value : next(args, ++i, arg), arg, 0, 65535);
                    break;
                case "--data-dir":
                    dataDir = Path.of(value != null ? value : next(args, ++i, arg));
                    break;
                case "--barrier-interval-ms":
                    barrierInterval = number(value != null ? value : next(args, ++i, arg), arg, 1, 3_600_000);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new ServerOptions(host, port, dataDir, barrierInterval, help);
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String text, String option, int min, int max) {
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, not '" + text + "'");
        }
    }
}
