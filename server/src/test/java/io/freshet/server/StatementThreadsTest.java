package io.freshet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.freshet.server.session.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A statement may be prepared on one pgwire worker thread and executed on another (pgjdbc's
 * server-side prepared statements, a new thread of the worker pool): it must run the same.
 */
class StatementThreadsTest {
    @TempDir
    Path dataDir;

    @Test
    void aStatementPreparedOnOneThreadRunsOnAnother() throws Exception {
        try (TestServer server = new TestServer(dataDir)) {
            Session session = server.database().openSession(Map.of());
            try {
                onNewThread(() -> {
                    for (String sql : List.of("CREATE TABLE b (id INT PRIMARY KEY, k INT, w INT)",
                            "CREATE TABLE c (id INT PRIMARY KEY, k INT, v INT)",
                            "INSERT INTO b VALUES (1, 1, 5), (2, 1, 50), (3, 2, 1)",
                            "INSERT INTO c VALUES (1, 1, 10), (2, 2, 0)", "FLUSH")) {
                        for (Session.Statement statement : session.prepareAll(sql)) {
                            session.execute(statement, List.of());
                        }
                    }
                    return null;
                });
                String sql = "SELECT id FROM b WHERE EXISTS (SELECT 1 FROM c WHERE c.k = b.k AND c.v > b.w) ORDER BY id";
                Session.Statement prepared = onNewThread(() -> session.prepare(sql, List.of()));
                for (int run = 0; run < 3; run++) {
                    Session.Result result = onNewThread(() -> session.execute(prepared, List.of()));
                    List<String> ids = new ArrayList<>();
                    result.rows().forEach(row -> ids.add(String.valueOf(row[0])));
                    assertEquals(List.of("1"), ids);
                }
            } finally {
                session.close();
            }
        }
    }

    private static <T> T onNewThread(java.util.concurrent.Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(work.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        thread.join();
        if (failure.get() instanceof Exception e) {
            throw e;
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        return result.get();
    }
}
