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

/**
 * The {@code .slt} files under {@code src/test/resources/slt/} (found by walking the folder, so a new
 * file anywhere under it is picked up without registration) and how one of them runs on one target.
 * {@code -Dslt=<text>} keeps only the files whose path below {@code slt/} contains that text.
 */
final class SltScripts {
    private static final String ROOT = "slt";

    private SltScripts() {
    }

    /** Opens the fresh database one script runs on. */
    @FunctionalInterface
    interface TargetFactory {
        SltTarget open(String scriptName) throws Exception;
    }

    /** One dynamic test per selected file, named {@code slt/<folder>/<file>.slt}, each on a fresh target. */
    static Stream<DynamicTest> tests(TargetFactory newTarget) throws IOException, URISyntaxException {
        URL root = SltScripts.class.getClassLoader().getResource(ROOT);
        if (root == null) {
            throw new IllegalStateException("no '" + ROOT + "' folder on the test class path");
        }
        Path rootDir = Path.of(root.toURI());
        String only = System.getProperty("slt", "");
        List<Path> files;
        try (Stream<Path> paths = Files.walk(rootDir)) {
            files = paths.filter(path -> path.toString().endsWith(".slt"))
                    .filter(path -> rootDir.relativize(path).toString().replace('\\', '/').contains(only))
                    .sorted()
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no .slt file under " + rootDir + " matches '" + only + "'");
        }
        return files.stream().map(file -> {
            String name = ROOT + "/" + rootDir.relativize(file).toString().replace('\\', '/');
            return DynamicTest.dynamicTest(name, file.toUri(), () -> run(name, Files.readString(file), newTarget.open(name)));
        });
    }

    /** Runs {@code script} on {@code target} (closing it afterwards) and fails listing every mismatched record. */
    static void run(String name, String script, SltTarget target) throws Exception {
        try (target) {
            List<SltRecord> records = SltParser.parse(name, target.engine(), script);
            SltRunner runner = new SltRunner(target.connection(), target::dialect);
            runner.run(records);
            System.out.println(name + ": " + runner.queriesPassed() + " queries passed on " + target.engine());
            if (!runner.failures().isEmpty()) {
                fail(runner.failures().size() + " record(s) failed on " + target.engine() + " in " + name + "\n\n"
                        + String.join("\n\n", runner.failures()));
            }
        }
    }
}
