package io.freshet.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of the dataflow thread (where every operator runs) and of the whole process, and the
 * bytes a thread allocated on the heap.
 */
final class Cpu {
    /** The name {@link io.freshet.executor.runtime.StreamRuntime} gives its thread. */
    static final String DATAFLOW_THREAD = "freshet-dataflow";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long threadId;

    private Cpu(long threadId) {
        this.threadId = threadId;
    }

    /** The live dataflow thread started last (earlier databases of the process are closed). */
    static Cpu ofDataflowThread() {
        long id = -1;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(DATAFLOW_THREAD) && thread.isAlive() && thread.getId() > id) {
                id = thread.getId();
            }
        }
        if (id < 0) {
            throw new IllegalStateException("no thread named " + DATAFLOW_THREAD + "; was the database opened?");
        }
        return new Cpu(id);
    }

    long dataflowNanos() {
        long nanos = THREADS.getThreadCpuTime(threadId);
        if (nanos < 0) {
            throw new IllegalStateException("thread CPU time is not available (thread ended or measurement disabled)");
        }
        return nanos;
    }

    long dataflowAllocatedBytes() {
        return allocatedBytes(threadId);
    }

    /** Heap bytes allocated by a thread since it started. */
    static long allocatedBytes(long threadId) {
        return ((com.sun.management.ThreadMXBean) THREADS).getThreadAllocatedBytes(threadId);
    }

    /** CPU time of the calling thread. */
    static long currentThreadNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Milliseconds the process's garbage collectors have spent collecting (G1: pauses plus concurrent work). */
    static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /**
     * CPU time of every thread of the process, native ones included (RocksDB's background threads,
     * GC and JIT threads), summed by thread name without its number ("rocksdb:low", "GC Thread#"); read
     * from /proc (Linux, in clock ticks of 10 ms). Empty where /proc is missing.
     */
    static Map<String, Long> nanosByThreadName() {
        Map<String, Long> times = new TreeMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return times;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                // pid (comm) state ppid ... : utime and stime are fields 14 and 15, counted after the ')'.
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("#[0-9]+", "#").replaceAll("(?<=[a-z:])[0-9]+$", "");
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                times.merge(name, ticks * 10_000_000L, Long::sum);
            }
        } catch (IOException e) {
            return times;
        }
        return times;
    }

    /** The CPU time per thread name spent between two {@link #nanosByThreadName()} readings, largest first. */
    static String difference(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() >= 50_000_000L)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.2fs", e.getKey(), e.getValue() / 1e9))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
