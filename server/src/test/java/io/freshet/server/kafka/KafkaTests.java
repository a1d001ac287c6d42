package io.freshet.server.kafka;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;

/** What the Kafka tests share: waiting for ingestion, and reading counts and rows. */
final class KafkaTests {
    private KafkaTests() {
    }

    /** FLUSHes until {@code done} holds; fails after 30 s. */
    static void awaitFlushed(Connection c, BooleanSupplier done, String what) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            execute(c, "FLUSH");
            if (done.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The single number {@code sql} returns. */
    static long count(Connection c, String sql) {
        try {
            return Long.parseLong(rows(c, sql).get(0));
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }

    /** The rows of {@code sql}, sorted. */
    static List<String> sorted(Connection c, String sql) throws SQLException {
        return rows(c, sql).stream().sorted().toList();
    }
}
