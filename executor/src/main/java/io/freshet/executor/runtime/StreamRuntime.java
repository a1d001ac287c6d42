package io.freshet.executor.runtime;

import io.freshet.common.Chunk;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.common.StreamChunk;
import io.freshet.executor.operator.MaterializeOperator;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.StreamOperator;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.KvStore;
import io.freshet.storage.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every dataflow of the database on one thread (the dataflow thread): DML, connector polling,
 * deploys and drops are tasks on a bounded queue (a full queue blocks the submitter: backpressure),
 * and barriers are injected into every source every {@code barrierInterval} or on {@link #flush()}.
 *
 * <p>Epoch commit: a checkpoint barrier carries one {@link WriteBatch}; every operator flushes its
 * state into it before forwarding the barrier, sources add their offsets, the runtime adds staged
 * catalog changes and the epoch number, and the batch is written atomically with sync. Only then is
 * the epoch committed: a new {@link ReadSnapshot} is published and waiting flushes return.
 */
public final class StreamRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRuntime.class);
    /** Table id 0 holds the database's own metadata: epoch, catalog, source positions. */
    public static final int META_TABLE_ID = 0;
    private static final byte[] EPOCH_KEY = metaKey("epoch");
    /**
     * A mostly idle dataflow thread (busy less than half the time since the last barrier) commits
     * what it has after a fifth of the barrier interval instead of waiting for the whole interval:
     * a barrier then costs nothing but idle time, and records become visible sooner. A busy thread
     * commits every interval, so commit work stays bounded.
     */
    private static final long EARLY_BARRIER_FRACTION = 5;

    private final KvStore store;
    private final long barrierIntervalNanos;
    private final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(256);
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, MaterializeOperator> relations = new LinkedHashMap<>();
    private final Map<String, Deployment> deployments = new LinkedHashMap<>();
    /** Source relations (CREATE SOURCE): nothing stored; each view that reads one opens its own feed. */
    private final Map<String, FeedFactory> sourceRelations = new LinkedHashMap<>();
    private final List<CompletableFuture<Long>> flushWaiters = new ArrayList<>();
    /** Inputs fed by constant rows (VALUES): they have no source, so barriers are injected there too. */
    private final List<OneShot.Leaf> constantInputs = new ArrayList<>();
    private final WriteBatch stagedMeta = new WriteBatch();
    private final Thread thread;
    private volatile boolean running;
    private volatile ReadSnapshot current;
    private volatile long committedEpoch;
    private volatile Throwable failure;
    private boolean barrierRequested;
    private long nextBarrierAt;
    /** When the last barrier was injected; an early barrier waits at least {@link #earlyBarrierNanos} after it. */
    private long lastBarrierAt;
    private final long earlyBarrierNanos;
    /** Whether a source pushed data or a task ran since the last barrier. */
    private boolean uncommitted;
    /** Time spent pushing source data and running tasks since the last barrier. */
    private long busyNanos;

    /** A deployed view's operators, for dropping it. */
    private record Deployment(List<StreamOperator> operators, List<Attachment> attachments, List<OneShot.Leaf> constants,
                              List<String> feeds) {
    }

    /** Opens one view's read of a source relation. */
    public interface FeedFactory {
        /**
         * A feed named {@code feed} pushing into input {@code input} of {@code target}, starting at
         * {@code position} (null: where the source's options say) with row id {@code nextRowId}.
         */
        Source open(String feed, StreamOperator target, int input, byte[] position, long nextRowId);
    }

    private record Attachment(String upstream, StreamOperator operator) {
    }

    public StreamRuntime(KvStore store, long barrierIntervalMillis) {
        this.store = java.util.Objects.requireNonNull(store, "store is null");
        this.barrierIntervalNanos = TimeUnit.MILLISECONDS.toNanos(barrierIntervalMillis);
        this.earlyBarrierNanos = barrierIntervalNanos / EARLY_BARRIER_FRACTION;
        byte[] epoch = store.get(EPOCH_KEY);
        this.committedEpoch = epoch == null ? 0 : Long.parseLong(new String(epoch, StandardCharsets.UTF_8));
        this.current = new ReadSnapshot(store.snapshot(), committedEpoch);
        this.thread = new Thread(this::loop, "freshet-dataflow");
        this.thread.setDaemon(true);
    }

    public static byte[] metaKey(String name) {
        byte[] prefix = StateTable.tablePrefix(META_TABLE_ID);
        byte[] suffix = name.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[prefix.length + suffix.length];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        System.arraycopy(suffix, 0, key, prefix.length, suffix.length);
        return key;
    }

    public KvStore store() {
        return store;
    }

    public long committedEpoch() {
        return committedEpoch;
    }

    public void start() {
        running = true;
        lastBarrierAt = System.nanoTime();
        nextBarrierAt = lastBarrierAt + barrierIntervalNanos;
        thread.start();
    }

    // ------------------------------------------------------------------ API for other threads

    /** Runs {@code task} on the dataflow thread and returns its result; its exception is rethrown. */
    public <T> T call(Callable<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        submit(() -> {
            try {
                future.complete(task.call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        return await(future);
    }

    /** Injects a barrier as soon as possible and returns once its epoch is committed. */
    public long flush() {
        CompletableFuture<Long> future = new CompletableFuture<>();
        submit(() -> {
            flushWaiters.add(future);
            barrierRequested = true;
        });
        return await(future);
    }

    /** The latest committed epoch's contents; close it when done. */
    public ReadSnapshot acquireSnapshot() {
        while (true) {
            ReadSnapshot snapshot = current;
            if (snapshot.retain()) {
                return snapshot;
            }
        }
    }

    private void submit(Runnable task) {
        checkHealthy();
        try {
            while (!tasks.offer(task, 100, TimeUnit.MILLISECONDS)) {
                checkHealthy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FreshetException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
        }
    }

    private void checkHealthy() {
        if (failure != null) {
            throw new FreshetException(SqlState.INTERNAL_ERROR, "the dataflow stopped after an internal error: " + failure, failure);
        }
        if (!running) {
            throw new FreshetException(SqlState.ADMIN_SHUTDOWN, "the server is shutting down");
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FreshetException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    // ------------------------------------------------------------------ API on the dataflow thread

    private void checkOnThread() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("must run on the dataflow thread");
        }
    }

    /** Registers a table: its source receives barriers; its materialize operator feeds dependents. */
    public void addTable(Source source, MaterializeOperator materialize) {
        checkOnThread();
        sources.put(source.name(), source);
        relations.put(source.name(), materialize);
        source.barrier(new Barrier(committedEpoch + 1, Barrier.Kind.INITIAL, new WriteBatch()));
    }

    public Source source(String name) {
        return sources.get(name);
    }

    /** Registers a source relation, which views read through feeds that {@code factory} opens. */
    public void addSourceRelation(String name, FeedFactory factory) {
        checkOnThread();
        sourceRelations.put(name, factory);
    }

    public MaterializeOperator relation(String name) {
        return relations.get(name);
    }

    /**
     * Deploys a view: builds its operators, starts them with an initial barrier, backfills them
     * from the current contents of every upstream relation (when {@code backfill}; on recovery the
     * state is already in the store), then attaches them to the upstream change streams.
     */
    public MaterializeOperator deploy(String name, StreamNode.Operator plan, boolean backfill) {
        return deploy(name, plan, backfill, Map.of());
    }

    /**
     * As {@link #deploy(String, StreamNode.Operator, boolean)}; the view's reads of source relations
     * start at {@code sourceStarts} (by source name; a missing one: where the source's options say)
     * when {@code backfill}, else at their saved positions. Feed names are
     * {@code <view>/<source>}, with {@code #<n>} added for the n-th further read of one source.
     */
    public MaterializeOperator deploy(String name, StreamNode.Operator plan, boolean backfill, Map<String, byte[]> sourceStarts) {
        checkOnThread();
        List<StreamOperator> operators = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        List<OneShot.Leaf> inputs = new ArrayList<>();
        StreamOperator root = OneShot.instantiate(plan, new Emitter(), store, operators, inputs);
        if (!(root instanceof MaterializeOperator)) {
            throw new IllegalArgumentException("a view's plan must end in a materialize operator");
        }
        Barrier initial = new Barrier(committedEpoch + 1, Barrier.Kind.INITIAL, new WriteBatch());
        for (OneShot.Leaf input : inputs) {
            input.operator().barrier(input.input(), initial);
        }
        List<OneShot.Leaf> constants = new ArrayList<>();
        List<String> feeds = new ArrayList<>();
        for (OneShot.Leaf input : inputs) {
            if (input.values() != null) {
                if (backfill && input.values().rowCount() > 0) {
                    input.operator().chunk(input.input(), input.values());
                }
                constants.add(input);
                continue;
            }
            String upstream = input.relation();
            StreamOperator operator = input.operator();
            int index = input.input();
            FeedFactory feedFactory = sourceRelations.get(upstream);
            if (feedFactory != null) {
                long reads = feeds.stream().filter(f -> f.equals(name + "/" + upstream) || f.startsWith(name + "/" + upstream + "#")).count();
                String feed = name + "/" + upstream + (reads == 0 ? "" : "#" + reads);
                byte[] rowId = backfill ? null : store.get(SourceFeed.rowIdKey(feed));
                Source opened = feedFactory.open(feed, operator, index,
                        backfill ? sourceStarts.get(upstream) : store.get(SourceFeed.positionKey(feed)),
                        rowId == null ? 1 : Long.parseLong(new String(rowId, StandardCharsets.UTF_8)));
                sources.put(feed, opened);
                feeds.add(feed);
                continue;
            }
            MaterializeOperator source = relations.get(upstream);
            if (source == null) {
                throw new IllegalStateException("upstream relation " + upstream + " is not deployed");
            }
            if (backfill) {
                backfill(source, operator, index);
            }
            source.output().addTarget(operator, index);
            attachments.add(new Attachment(upstream, operator));
        }
        relations.put(name, (MaterializeOperator) root);
        deployments.put(name, new Deployment(operators, attachments, constants, feeds));
        constantInputs.addAll(constants);
        return (MaterializeOperator) root;
    }

    private void backfill(MaterializeOperator source, StreamOperator target, int input) {
        StateTable table = source.table();
        List<io.freshet.common.DataType> types = table.rowCodec().types();
        List<Object[]> rows = new ArrayList<>(1024);
        try (StateTable.Scan scan = table.scan()) {
            while (scan.hasNext()) {
                rows.add(scan.next());
                if (rows.size() == 1024) {
                    target.chunk(input, inserts(types, rows));
                    rows.clear();
                }
            }
        }
        if (!rows.isEmpty()) {
            target.chunk(input, inserts(types, rows));
        }
    }

    private static StreamChunk inserts(List<io.freshet.common.DataType> types, List<Object[]> rows) {
        byte[] ops = new byte[rows.size()];
        return new StreamChunk(ops, Chunk.ofRows(types, rows));
    }

    /** Stops a view or table: detaches it from its upstreams; the caller deletes its state. */
    public void undeploy(String name) {
        checkOnThread();
        Deployment deployment = deployments.remove(name);
        if (deployment != null) {
            for (Attachment attachment : deployment.attachments()) {
                MaterializeOperator upstream = relations.get(attachment.upstream());
                if (upstream != null) {
                    upstream.output().removeTarget(attachment.operator());
                }
            }
            constantInputs.removeAll(deployment.constants());
            for (String feed : deployment.feeds()) {
                Source source = sources.remove(feed);
                if (source != null) {
                    source.close();
                }
                stagedMeta.delete(SourceFeed.positionKey(feed));
                stagedMeta.delete(SourceFeed.rowIdKey(feed));
            }
            deployment.operators().forEach(StreamOperator::close);
        }
        sourceRelations.remove(name);
        Source source = sources.remove(name);
        if (source != null) {
            source.close();
        }
        relations.remove(name);
    }

    /** Stages a metadata write for the next epoch commit. */
    public void putMeta(byte[] key, byte[] value) {
        checkOnThread();
        stagedMeta.put(key, value);
    }

    public void deleteMeta(byte[] key) {
        checkOnThread();
        stagedMeta.delete(key);
    }

    /** Stages the deletion of a state table's rows for the next epoch commit. */
    public void dropStateTable(int tableId) {
        checkOnThread();
        StateTable.truncate(stagedMeta, tableId);
    }

    // ------------------------------------------------------------------ the loop

    private void loop() {
        while (running) {
            try {
                long now = System.nanoTime();
                long wait = Math.max(0, nextBarrierAt - now);
                boolean idle = true;
                for (Source source : List.copyOf(sources.values())) {
                    long due = source.poll(now);
                    if (due == 0) {
                        idle = false;
                        uncommitted = true;
                    }
                    wait = Math.min(wait, due);
                }
                long polled = System.nanoTime();
                if (!idle) {
                    busyNanos += polled - now;
                }
                // Early only when the epoch so far was mostly idle: a thread that merely caught up
                // with its sources for a moment keeps committing at the full interval.
                if (idle && uncommitted && tasks.isEmpty() && polled - lastBarrierAt >= earlyBarrierNanos
                        && busyNanos < (polled - lastBarrierAt) / 2) {
                    checkpoint();
                    continue;
                }
                Runnable task = wait == 0 ? tasks.poll() : tasks.poll(Math.min(wait, 50_000_000L), TimeUnit.NANOSECONDS);
                if (task != null) {
                    uncommitted = true;
                    long started = System.nanoTime();
                    task.run();
                    busyNanos += System.nanoTime() - started;
                }
                if (barrierRequested || System.nanoTime() >= nextBarrierAt) {
                    checkpoint();
                }
            } catch (InterruptedException e) {
                break;
            } catch (Throwable t) {
                // A failure inside a dataflow leaves state that cannot be trusted: stop processing;
                // committed epochs stay, and a restart recovers from the last one.
                LOG.error("dataflow thread failed; the last committed epoch is {}", committedEpoch, t);
                failure = t;
                running = false;
            }
        }
        for (CompletableFuture<Long> waiter : flushWaiters) {
            waiter.completeExceptionally(new FreshetException(SqlState.ADMIN_SHUTDOWN, "the server is shutting down"));
        }
        flushWaiters.clear();
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void checkpoint() {
        barrierRequested = false;
        uncommitted = false;
        busyNanos = 0;
        lastBarrierAt = System.nanoTime();
        nextBarrierAt = lastBarrierAt + barrierIntervalNanos;
        long epoch = committedEpoch + 1;
        WriteBatch batch = new WriteBatch();
        Barrier barrier = new Barrier(epoch, Barrier.Kind.CHECKPOINT, batch);
        for (Source source : List.copyOf(sources.values())) {
            source.checkpoint(batch);
            source.barrier(barrier);
        }
        for (OneShot.Leaf input : List.copyOf(constantInputs)) {
            input.operator().barrier(input.input(), barrier);
        }
        stagedMeta.accept(new WriteBatch.Visitor<RuntimeException>() {
            @Override
            public void put(byte[] key, byte[] value) {
                batch.put(key, value);
            }

            @Override
            public void delete(byte[] key) {
                batch.delete(key);
            }

            @Override
            public void deleteRange(byte[] fromInclusive, byte[] toExclusive) {
                batch.deleteRange(fromInclusive, toExclusive);
            }
        });
        stagedMeta.clear();
        batch.put(EPOCH_KEY, Long.toString(epoch).getBytes(StandardCharsets.UTF_8));
        store.write(batch, true);
        committedEpoch = epoch;
        ReadSnapshot previous = current;
        current = new ReadSnapshot(store.snapshot(), epoch);
        previous.close();
        for (CompletableFuture<Long> waiter : flushWaiters) {
            waiter.complete(epoch);
        }
        flushWaiters.clear();
    }

    /** Stops the dataflow thread after the tasks already queued; the last epoch stays committed. */
    @Override
    public void close() {
        if (!running && !thread.isAlive()) {
            return;
        }
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Source source : sources.values()) {
            source.close();
        }
        current.close();
    }
}
