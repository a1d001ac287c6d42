package io.freshet.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * PostgreSQL as the reference for Freshet's semantics: runs every {@code .slt} file under
 * {@code src/test/resources/slt/} against a real PostgreSQL and checks the same expected rows, types and
 * errors, so each expectation {@link SqlLogicTest} holds Freshet to is proven to be what PostgreSQL prints.
 *
 * <p>Each file runs in a fresh database (see {@link SltTarget.Postgres}): materialized views run as plain
 * views, which PostgreSQL recomputes from scratch on every read, so a file that compares a Freshet view
 * with its query checks the view against recomputation on both engines. Records that only make sense on
 * Freshet carry {@code onlyif freshet} or {@code skipif postgres}, each with a comment saying why.
 *
 * <p>The server comes from {@code FRESHET_REFERENCE_PG} (a pgjdbc URL, e.g.
 * {@code jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres}), read as a system property
 * ({@code -DFRESHET_REFERENCE_PG=…}) or an environment variable. Without it the test is skipped, unless
 * {@code FRESHET_REQUIRE_REFERENCE=1} (as in {@code .ci/run}), which makes a missing reference a failure.
 * {@code -Dslt=<text>} selects files as for {@link SqlLogicTest}.
 */
class PostgresReferenceTest {
    static final String URL_SETTING = "FRESHET_REFERENCE_PG";
    static final String REQUIRE_SETTING = "FRESHET_REQUIRE_REFERENCE";

    @TestFactory
    Stream<DynamicTest> everyScriptGivesPostgresResults() throws IOException, URISyntaxException, SQLException {
        String url = setting(URL_SETTING);
        if (url == null) {
            String why = URL_SETTING + " is not set, so the .slt expectations were not checked against PostgreSQL"
                    + " (set it to a pgjdbc URL such as jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres,"
                    + " or run .ci/run)";
            if ("1".equals(setting(REQUIRE_SETTING))) {
                fail(REQUIRE_SETTING + "=1 but " + why);
            }
            // A skipped test (not an aborted factory, which Surefire would not count) so the reason shows.
            return Stream.of(DynamicTest.dynamicTest("PostgreSQL reference not configured", () -> Assumptions.abort(why)));
        }
        checkIsPostgres(url);
        return SltScripts.tests(name -> SltTarget.postgres(url));
    }

    /** A URL that reaches Freshet (or anything else speaking the protocol) would prove nothing. */
    private static void checkIsPostgres(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, SltTarget.clientProperties());
                Statement statement = connection.createStatement();
                ResultSet version = statement.executeQuery("SELECT version()")) {
            assertTrue(version.next(), "SELECT version() returned no row");
            String text = version.getString(1);
            assertTrue(text.startsWith("PostgreSQL "), URL_SETTING + " must reach a real PostgreSQL server, but version() is: " + text);
            System.out.println("reference: " + text);
        }
    }

    /** A system property, else an environment variable; null when unset or blank. */
    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
