package io.freshet.shell;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The read–run–print loop: reads input from a {@link LineSource}, cuts it into statements and
 * meta-commands, runs them in order and prints results to {@code out}, errors and notices to
 * {@code err} (as psql does). It keeps going after errors; after the server went away it reconnects
 * before the next statement.
 *
 * <p>Not thread-safe: one thread runs the loop (a Ctrl-C handler only cancels the statement).
 */
final class Shell {
    /** How a run ended: how many statements and meta-commands failed, and whether {@code \q} ended it. */
    record Outcome(int failures, boolean quit) {
    }

    private final ServerSession session;
    private final PrintStream out;
    private final PrintStream err;
    private final MetaCommands metaCommands;
    private LineSource input;
    private StatementSplitter splitter;
    private boolean timing;
    private boolean quit;
    private int failures;

    Shell(ServerSession session, PrintStream out, PrintStream err) {
        this.session = requireNonNull(session, "session is null");
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.metaCommands = new MetaCommands(this);
    }

    /**
     * Runs everything {@code source} gives until its end or {@code \q}. At the end of the input an
     * unterminated statement runs too, as psql runs it.
     *
     * @param stopAtFirstError whether to stop at the first failed statement or meta-command
     */
    Outcome run(LineSource source, boolean stopAtFirstError) throws IOException {
        input = requireNonNull(source, "source is null");
        splitter = new StatementSplitter();
        quit = false;
        failures = 0;
        while (!isDone(stopAtFirstError)) {
            String text = input.read(splitter);
            if (text == null) {
                splitter.finish().ifPresent(this::runStatement);
                break;
            }
            for (String line : text.split("\n", -1)) {
                for (StatementSplitter.Command command : splitter.addLine(line)) {
                    if (isDone(stopAtFirstError)) {
                        return new Outcome(failures, quit);
                    }
                    if (command instanceof StatementSplitter.Sql) {
                        runStatement((StatementSplitter.Sql) command);
                    } else {
                        runMetaCommand((StatementSplitter.Meta) command);
                    }
                }
            }
        }
        return new Outcome(failures, quit);
    }

    // Called by MetaCommands.

    /** Runs SQL a meta-command stands for; returns whether it succeeded. */
    boolean runSql(String sql) {
        return runStatement(new StatementSplitter.Sql(sql, sql));
    }

    /** Runs the statement typed so far ({@code \g}); returns whether it succeeded. */
    boolean runPending() {
        Optional<StatementSplitter.Sql> pending = splitter.finish();
        if (pending.isEmpty()) {
            err.println("\\g: there is no statement to run");
            return false;
        }
        return runStatement(pending.get());
    }

    void setTiming(boolean on) {
        timing = on;
    }

    boolean timing() {
        return timing;
    }

    void quit() {
        quit = true;
    }

    ServerSession session() {
        return session;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    private boolean isDone(boolean stopAtFirstError) {
        return quit || (stopAtFirstError && failures > 0);
    }

    private void runMetaCommand(StatementSplitter.Meta command) {
        if (!metaCommands.run(command.line())) {
            failures++;
        }
        out.flush();
        err.flush();
    }

    private boolean runStatement(StatementSplitter.Sql statement) {
        boolean succeeded = execute(statement);
        if (!succeeded) {
            failures++;
        }
        out.flush();
        err.flush();
        return succeeded;
    }

    private boolean execute(StatementSplitter.Sql statement) {
        if (!session.isConnected() && !reconnect()) {
            return false;
        }
        long start = System.nanoTime();
        boolean succeeded;
        try (LineSource.Registration ignored = input.onInterrupt(this::cancel)) {
            List<ServerSession.Result> results = session.execute(statement.text(), notice -> {
                out.flush();
                err.print(ErrorPrinter.formatNotice(notice));
            });
            for (ServerSession.Result result : results) {
                if (result.table() != null) {
                    out.print(ResultPrinter.format(result.table()));
                } else {
                    out.println(result.commandTag());
                }
            }
            succeeded = true;
        } catch (SQLException e) {
            out.flush();
            err.print(ErrorPrinter.format(e, statement.source()));
            if (!session.isConnected()) {
                err.println("The connection to the server was lost; the shell reconnects before the next statement.");
            }
            succeeded = false;
        }
        if (timing) {
            out.printf("Time: %.3f ms%n", (System.nanoTime() - start) / 1e6);
        }
        return succeeded;
    }

    private void cancel() {
        err.println("Cancel request sent");
        session.cancel();
    }

    private boolean reconnect() {
        ShellOptions options = session.options();
        String target = "database \"" + options.database() + "\" at " + options.host() + ":" + options.port();
        try {
            session.connect();
        } catch (SQLException e) {
            err.println("could not reconnect to " + target + ": " + e.getMessage());
            return false;
        }
        err.println("Reconnected to " + target + ".");
        return true;
    }
}
