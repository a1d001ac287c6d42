package io.freshet.server.pgwire;

import static java.util.Objects.requireNonNull;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on threads of a shared executor: a connection's
 * statements run in the order the client sent them, never two at once, and without holding a
 * thread while the connection is idle. Thread-safe.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor threads;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor threads) {
        this.threads = requireNonNull(threads, "threads is null");
    }

    /**
     * Queues a task. Throws {@link java.util.concurrent.RejectedExecutionException} when the shared
     * executor is shut down and nothing is draining this queue.
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(requireNonNull(task, "task is null"));
        scheduleIfIdle();
    }

    private void scheduleIfIdle() {
        if (!scheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            threads.execute(this::drain);
        } catch (RuntimeException e) {
            scheduled.set(false);
            tasks.clear();
            throw e;
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    log.error("unexpected failure in a connection task", e);
                }
            }
        } finally {
            scheduled.set(false);
        }
        // A task added after the last poll but before the flag was cleared found the flag set and
        // did not schedule; schedule it now.
        if (!tasks.isEmpty()) {
            scheduleIfIdle();
        }
    }
}
