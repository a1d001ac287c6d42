package io.freshet.examples;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code .slt} file under {@code src/test/resources/slt/} as one test, each against a fresh
 * Freshet server. {@code -Dslt=views/aggregates} runs only the files whose path contains that text.
 * {@code -Dslt.postgres=<jdbc url>} runs them against a real PostgreSQL instead (a quick way to check new
 * expectations); {@link PostgresReferenceTest} does the same as part of the build when
 * {@code FRESHET_REFERENCE_PG} is set.
 */
class SqlLogicTest {
    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        String postgresUrl = System.getProperty("slt.postgres");
        return SltScripts.tests(name -> postgresUrl == null ? SltTarget.freshet() : SltTarget.postgres(postgresUrl));
    }
}
