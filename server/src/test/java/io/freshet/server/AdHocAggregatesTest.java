package io.freshet.server;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ad-hoc aggregates follow Postgres's result types and values, like the same aggregates in views. */
class AdHocAggregatesTest {
    @TempDir
    Path dataDir;

    @Test
    void sumAndAvgOverEveryNumericType() throws Exception {
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            execute(c, "CREATE TABLE n (s SMALLINT, i INT, b BIGINT, d DECIMAL(10,2), f DOUBLE PRECISION)");
            execute(c, "INSERT INTO n VALUES (1, 1, 1, 1.50, 0.5), (2, 2, 2, 2.25, 1.5)");
            execute(c, "FLUSH");
            assertEquals(List.of("3|3|3|3.75|2"), rows(c, "SELECT SUM(s), SUM(i), SUM(b), SUM(d), SUM(f) FROM n"));
            assertEquals(List.of("1.5000000000000000|1.5000000000000000|1.5000000000000000|1.8750000000000000|1"),
                    rows(c, "SELECT AVG(s), AVG(i), AVG(b), AVG(d), AVG(f) FROM n"));
            execute(c, "CREATE MATERIALIZED VIEW v AS SELECT SUM(s) AS ss, SUM(i) AS si, SUM(b) AS sb, SUM(d) AS sd, SUM(f) AS sf, AVG(i) AS ai, AVG(b) AS ab, AVG(d) AS ad, AVG(f) AS af FROM n");
            assertEquals(List.of("3|3|3|3.75|2|1.5000000000000000|1.5000000000000000|1.8750000000000000|1"), rows(c, "SELECT * FROM v"));
        }
    }
}
