package io.freshet.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real psql client against a test server (tests skip when psql is not installed). */
public final class Psql {
    public static final Path PATH = Path.of("/usr/bin/psql");

    /** psql's exit code and its stdout and stderr together. */
    public record Run(int exitCode, String output) {
    }

    private Psql() {
    }

    public static boolean installed() {
        return Files.isExecutable(PATH);
    }

    /** {@code psql -h 127.0.0.1 -p PORT -U freshet -d DATABASE -X OPTIONS… -c COMMAND}, no input, UTC, no pager. */
    public static Run run(int port, String database, List<String> options, String command) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of(PATH.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "freshet", "-d", database, "-X"));
        arguments.addAll(options);
        arguments.addAll(List.of("-c", command));
        ProcessBuilder builder = new ProcessBuilder(arguments).redirectErrorStream(true);
        builder.environment().put("PGCONNECT_TIMEOUT", "5");
        builder.environment().remove("PGOPTIONS");
        builder.environment().remove("PGPASSWORD");
        builder.environment().put("PGTZ", "UTC");
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().put("PAGER", "cat");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("psql did not finish: " + output);
        }
        return new Run(process.exitValue(), output);
    }
}
