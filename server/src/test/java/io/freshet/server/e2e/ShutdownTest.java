package io.freshet.server.e2e;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM stops the server promptly and commits a final epoch: nothing written before it is lost. */
class ShutdownTest {
    /** The JVM's exit status after SIGTERM with shutdown hooks that complete: 128 + 15. */
    private static final int SIGTERM_EXIT_CODE = 143;

    /** Kept when a test fails: server.log in it tells what the server saw. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void sigtermExitsPromptlyAndKeepsUnflushedWrites() throws Exception {
        List<String> expected = new ArrayList<>();
        try (FreshetProcess server = FreshetProcess.start(dir.resolve("data"), dir.resolve("server.log"))) {
            Connection open;
            try (Connection c = server.connect()) {
                execute(c, "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR, qty INT)");
                execute(c, "CREATE TABLE journal (line VARCHAR)");
                execute(c, "CREATE MATERIALIZED VIEW stock AS SELECT COUNT(*) AS n, SUM(qty) AS total FROM items");
                execute(c, "CREATE MATERIALIZED VIEW big_items AS SELECT id, name FROM items WHERE qty >= 50");
                execute(c, "CREATE TABLE g (id BIGINT, v INT) WITH (connector='datagen', rows_per_second='200', "
                        + "fields.id.kind='sequence', fields.id.start='1', fields.v.kind='random', fields.v.min='1', fields.v.max='10')");
                execute(c, "CREATE MATERIALIZED VIEW g_count AS SELECT COUNT(*) AS n FROM g");
                execute(c, "FLUSH");
                // No FLUSH from here on: only the final epoch committed at shutdown can save these writes.
                for (int batch = 0; batch < 5; batch++) {
                    StringJoiner values = new StringJoiner(", ");
                    for (int i = 1; i <= 20; i++) {
                        int id = batch * 20 + i;
                        values.add("(" + id + ", 'item " + id + "', " + id + ")");
                        expected.add(id + "|item " + id + "|" + id);
                    }
                    execute(c, "INSERT INTO items VALUES " + values);
                }
                execute(c, "UPDATE items SET qty = 0 WHERE id = 100");
                expected.set(99, "100|item 100|0");
                execute(c, "DELETE FROM items WHERE id = 1");
                expected.remove(0);
                execute(c, "INSERT INTO journal VALUES ('one'), ('two'), ('two')");
            }
            // A client still connected when the server stops must not hold the shutdown up.
            open = server.connect();
            long started = System.nanoTime();
            boolean exited = server.terminate(15);
            assertTrue(exited, "the server exits within 15 s of SIGTERM; log:\n" + server.logTail());
            assertEquals(SIGTERM_EXIT_CODE, server.process().exitValue(), server.logTail());
            assertTrue(System.nanoTime() - started < 15_000_000_000L);
            assertThrows(SQLException.class, () -> rows(open, "SELECT 1"), "the open connection was closed");
            open.close();

            server.start();
            try (Connection c = server.connect()) {
                assertEquals(expected, rows(c, "SELECT id, name, qty FROM items ORDER BY id"));
                assertEquals(rows(c, "SELECT COUNT(*), SUM(qty) FROM items"), rows(c, "SELECT * FROM stock"));
                assertEquals(List.of("99|4949"), rows(c, "SELECT * FROM stock"));
                assertEquals(List.of("one", "two", "two"), rows(c, "SELECT line FROM journal ORDER BY line"));
                assertEquals(rows(c, "SELECT id, name FROM items WHERE qty >= 50 ORDER BY id"),
                        rows(c, "SELECT * FROM big_items ORDER BY id"));
                // One query, one snapshot: the generator keeps running while we read.
                List<String> generated = rows(c, "SELECT v.n, t.cnt FROM g_count v, (SELECT COUNT(*) AS cnt FROM g) t");
                assertEquals(1, generated.size());
                String[] counts = generated.get(0).split("\\|");
                assertEquals(counts[1], counts[0], "g_count equals count(*) of g");

                // And it goes on working.
                execute(c, "INSERT INTO items VALUES (1, 'back', 7)");
                execute(c, "FLUSH");
                assertEquals(List.of("100|4956"), rows(c, "SELECT * FROM stock"));
            }
            assertTrue(server.terminate(15), "the second SIGTERM also stops the server");
            assertEquals(SIGTERM_EXIT_CODE, server.process().exitValue());
        }
    }
}
