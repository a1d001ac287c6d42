package io.freshet.server.kafka;

import static io.freshet.server.TestServer.execute;
import static io.freshet.server.TestServer.rows;
import static io.freshet.server.kafka.KafkaTests.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.freshet.server.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker process is killed ({@code kill -9}) while a table is ingesting a backlog, stays away
 * for 30 seconds, then a new broker process starts on the same ports and data: ingestion resumes by itself with nothing lost or repeated, and the server
 * answers queries (and FLUSH) promptly the whole time. Takes about 60 s (tagged {@code slow}).
 */
@Tag("slow")
class KafkaBrokerOutageTest {
    private static final int PARTITIONS = 3;
    private static final long OUTAGE_NANOS = 30_000_000_000L;
    private static final long MAX_QUERY_NANOS = 2_000_000_000L;

    /** In its own JVM: the outage is a kill -9 of the broker process, and the restart a new process. */
    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.inOwnProcess();

    @TempDir
    Path dataDir;

    @Test
    void brokerDownFor30sIngestionResumesAndQueriesStayFast() throws Exception {
        BROKER.createTopic("outage", PARTITIONS);
        String view = "SELECT p, COUNT(*) AS n, SUM(x) AS s FROM events GROUP BY p";
        try (TestServer server = new TestServer(dataDir); Connection c = server.connect()) {
            // A backlog far larger than what the consumer buffers, produced before the table exists,
            // so the outage interrupts its ingestion.
            int backlog = 300_000;
            produce(0, backlog);
            // No primary key: a record applied twice would be a second row.
            // Small fetches, so the consumers cannot have buffered the whole backlog when the broker stops.
            execute(c, "CREATE TABLE events (p INT, x BIGINT) WITH (connector = 'kafka', topic = 'outage', "
                    + "properties.bootstrap.server = '" + BROKER.bootstrap() + "', properties.max.partition.fetch.bytes = '16384', "
                    + "properties.fetch.max.bytes = '65536') FORMAT PLAIN ENCODE JSON");
            execute(c, "CREATE MATERIALIZED VIEW by_p AS " + view);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (count(c, "SELECT COUNT(*) FROM events") == 0) {
                assertTrue(System.nanoTime() < deadline, "ingestion did not start");
                Thread.sleep(20);
            }
            BROKER.stopBroker();
            long stoppedAt = System.nanoTime();
            long atStop = count(c, "SELECT COUNT(*) FROM events");

            int queries = 0;
            long slowest = 0;
            long duringOutage = 0;
            while (System.nanoTime() - stoppedAt < OUTAGE_NANOS) {
                for (String sql : List.of("FLUSH", "SELECT COUNT(*) FROM events", "SELECT * FROM by_p",
                        "SELECT kafka_partition, offset_lag FROM freshet_source_progress")) {
                    long t0 = System.nanoTime();
                    List<String> result = sql.equals("FLUSH") ? flush(c) : rows(c, sql);
                    long took = System.nanoTime() - t0;
                    slowest = Math.max(slowest, took);
                    assertTrue(took < MAX_QUERY_NANOS, sql + " took " + took / 1_000_000 + " ms during the outage");
                    if (sql.equals("SELECT COUNT(*) FROM events")) {
                        duringOutage = Long.parseLong(result.get(0));
                    }
                    queries++;
                }
                Thread.sleep(100);
            }
            System.out.println("outage: " + atStop + " rows at stop, " + duringOutage + " at the end of 30 s, "
                    + queries + " statements, slowest " + slowest / 1_000_000 + " ms");
            // The outage did interrupt the backlog (otherwise this test would prove nothing).
            assertTrue(duringOutage < backlog, "the whole backlog arrived before the broker stopped");

            BROKER.restartBroker();
            int total = backlog + 30_000;
            produce(backlog, total - backlog);
            deadline = System.nanoTime() + 60_000_000_000L;
            while (count(c, "SELECT COUNT(*) FROM events") < total) {
                assertTrue(System.nanoTime() < deadline, "ingestion did not resume: "
                        + count(c, "SELECT COUNT(*) FROM events") + " of " + total);
                Thread.sleep(100);
            }
            execute(c, "FLUSH");
            assertEquals(total, count(c, "SELECT COUNT(*) FROM events"));
            assertEquals(total, count(c, "SELECT COUNT(DISTINCT x) FROM events"));
            List<String> expected = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                long n = 0;
                long sum = 0;
                for (long x = p; x < total; x += PARTITIONS) {
                    n++;
                    sum += x;
                }
                expected.add(p + "|" + n + "|" + sum);
            }
            assertEquals(expected, rows(c, "SELECT * FROM by_p ORDER BY p"));
            assertEquals(expected, rows(c, view + " ORDER BY p"));
        }
    }

    private static List<String> flush(Connection c) throws SQLException {
        execute(c, "FLUSH");
        return List.of();
    }

    /** Produces x = from .. from+n-1 to partition x % PARTITIONS. */
    private static void produce(int from, int n) throws Exception {
        BROKER.produceNumbers("outage", PARTITIONS, from, n);
    }
}
