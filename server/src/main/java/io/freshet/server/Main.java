package io.freshet.server;

import io.freshet.common.FreshetException;
import io.freshet.server.engine.Database;
import io.freshet.server.pgwire.PgServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code freshet} launcher: {@code freshet server [options]}. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    static final String USAGE = String.join("\n",
            "Freshet — a SQL-first streaming database that speaks the Postgres protocol.",
            "",
            "Usage:",
            "  freshet server [--port PORT] [--host HOST] [--data-dir DIR] [--barrier-interval-ms MS]",
            "      Runs the server in the foreground until SIGTERM or Ctrl-C, which stop it cleanly.",
            "      --port                 Postgres protocol port (default 4566)",
            "      --host                 address to listen on (default 127.0.0.1; 0.0.0.0 for all)",
            "      --data-dir             where tables, views and the catalog are kept (default ./freshet-data)",
            "      --barrier-interval-ms  how often epochs are committed and writes become visible (default 250;",
            "                             a server with idle time commits new data after a fifth of it)",
            "  freshet shell [--host HOST] [--port PORT] [--user USER] [--database DB] [-c SQL] [-f FILE]",
            "      Interactive SQL shell (any Postgres client works too: psql -h 127.0.0.1 -p 4566 -U freshet dev).",
            "  freshet kafka [--port PORT] [--data-dir DIR] [--topic NAME[:PARTITIONS]]...",
            "      A local single-node Kafka broker (default port 9092) to try Kafka tables and sources with.",
            "  freshet --help",
            "");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.print(USAGE);
            return;
        }
        if (!args[0].equals("server")) {
            System.err.println("freshet: unknown command '" + args[0] + "'\n");
            System.err.print(USAGE);
            System.exit(2);
        }
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("freshet server: " + e.getMessage() + "\n");
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            return;
        }
        run(options);
    }

    private static void run(ServerOptions options) throws Exception {
        Path dataDir = options.dataDir().toAbsolutePath();
        Files.createDirectories(dataDir);
        Database database;
        try {
            database = Database.open(dataDir, options.barrierIntervalMillis());
        } catch (FreshetException e) {
            LOG.error("cannot open the database in {}: {}", dataDir, e.getMessage());
            System.exit(1);
            return;
        }
        PgServer server = new PgServer(database, options.host(), options.port());
        server.start();
        LOG.info("Freshet is ready: postgres://{}:{}/dev (data in {}, epoch {})", options.host(), server.port(), dataDir,
                database.committedEpoch());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            server.close();
            database.close();
            LOG.info("Freshet stopped at epoch {}", database.committedEpoch());
            stopped.countDown();
            org.apache.logging.log4j.LogManager.shutdown();
        }, "freshet-shutdown"));
        stopped.await();
    }
}
