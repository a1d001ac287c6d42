package io.freshet.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code .slt} file under {@code src/test/resources/slt/} as one test, each against a fresh
 * Freshet server. {@code -Dslt=views/aggregates} runs only the files whose path contains that text;
 * {@code -Dslt.postgres=<jdbc url>} runs them against a real PostgreSQL instead, to check the expectations.
 */
class SqlLogicTest {
    private static final String ROOT = "slt";

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        URL root = SqlLogicTest.class.getClassLoader().getResource(ROOT);
        if (root == null) {
            throw new IllegalStateException("no '" + ROOT + "' folder on the test class path");
        }
        Path rootDir = Path.of(root.toURI());
        String only = System.getProperty("slt", "");
        List<Path> files;
        try (Stream<Path> paths = Files.walk(rootDir)) {
            files = paths.filter(path -> path.toString().endsWith(".slt"))
                    .filter(path -> rootDir.relativize(path).toString().contains(only))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no .slt file under " + rootDir + " matches '" + only + "'");
        }
        return files.stream().map(file -> {
            String name = ROOT + "/" + rootDir.relativize(file).toString().replace('\\', '/');
            return DynamicTest.dynamicTest(name, file.toUri(), () -> run(name, Files.readString(file)));
        });
    }

    private static void run(String name, String script) throws Exception {
        String postgresUrl = System.getProperty("slt.postgres");
        try (SltTarget target = postgresUrl == null ? SltTarget.freshet() : SltTarget.postgres(postgresUrl)) {
            SltRunner runner = new SltRunner(target.connection(), target::dialect);
            runner.run(SltParser.parse(name, target.engine(), script));
            System.out.println(name + ": " + runner.queriesPassed() + " queries passed on " + target.engine());
            if (!runner.failures().isEmpty()) {
                fail(runner.failures().size() + " record(s) failed in " + name + "\n\n" + String.join("\n\n", runner.failures()));
            }
        }
    }
}
