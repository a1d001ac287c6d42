package io.freshet.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Aggregates a Flight Recorder file into hot methods: the same as {@code jfr print --events
 * jdk.ExecutionSample} piped into a counting script, plus native (JNI) samples and allocation
 * samples. Only samples of one thread count (default: the dataflow thread).
 *
 * <p>Native samples count a thread that is in native code whether it runs or waits there (e.g. in
 * RocksDB's fsync); Java samples count a thread running Java code (on a loaded machine, possibly
 * waiting for a core). Self entries of native samples are marked {@code [native]}.
 *
 * <p>Tables: <b>self</b>, the method on top of the stack; <b>total</b>, every method on the stack
 * (once per sample); <b>by Freshet method</b>, the top-most {@code io.freshet} frame, which
 * charges JDK and library code to the Freshet method that called it; and allocation weight by
 * Freshet method.
 */
public final class JfrHotMethods {
    private JfrHotMethods() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.out.println("usage: java -cp bench/target/freshet-bench.jar io.freshet.bench.JfrHotMethods FILE.jfr"
                    + " [--thread NAME (default freshet-dataflow; 'all' for every thread)] [--top N (default 15)]"
                + " [--callers CLASS.METHOD (also: who calls it, in the samples where it is on top)]");
            return;
        }
        Path file = Path.of(args[0]);
        String thread = Cpu.DATAFLOW_THREAD;
        int top = 15;
        String callersOf = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--thread" -> thread = args[++i];
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--callers" -> callersOf = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> freshet = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        Map<String, Long> callers = new HashMap<>();
        long samples = 0;
        long nativeSamples = 0;
        long allocationWeight = 0;
        long gcPauses = 0;
        Duration gcTime = Duration.ZERO;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            switch (type) {
                case "jdk.ExecutionSample", "jdk.NativeMethodSample" -> {
                    if (!matches(event.getThread("sampledThread"), thread) || event.getStackTrace() == null) {
                        continue;
                    }
                    List<RecordedFrame> frames = event.getStackTrace().getFrames();
                    if (frames.isEmpty()) {
                        continue;
                    }
                    samples++;
                    if (type.equals("jdk.NativeMethodSample")) {
                        nativeSamples++;
                    }
                    boolean inNative = type.equals("jdk.NativeMethodSample");
                    self.merge(name(frames.get(0)) + (inNative ? " [native]" : ""), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame frame : frames) {
                        String name = name(frame);
                        if (seen.add(name)) {
                            total.merge(name, 1L, Long::sum);
                        }
                    }
                    freshet.merge(freshetFrame(event.getStackTrace()), 1L, Long::sum);
                    if (name(frames.get(0)).equals(callersOf)) {
                        callers.merge(frames.size() > 1 ? name(frames.get(1)) : "(none)", 1L, Long::sum);
                    }
                }
                case "jdk.ObjectAllocationSample" -> {
                    if (!matches(event.getThread("eventThread"), thread) || event.getStackTrace() == null) {
                        continue;
                    }
                    long weight = event.getLong("weight");
                    allocationWeight += weight;
                    allocated.merge(freshetFrame(event.getStackTrace()) + " <- "
                            + event.getClass("objectClass").getName(), weight, Long::sum);
                }
                case "jdk.GarbageCollection" -> {
                    gcPauses++;
                    gcTime = gcTime.plus(event.getDuration("sumOfPauses"));
                }
                default -> {
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: %,d CPU samples of thread %s (%,d of them in native code); "
                + "GC: %d collections, %d ms of pauses; sampled allocation %,d MiB%n",
                file, samples, thread, nativeSamples, gcPauses, gcTime.toMillis(), allocationWeight >> 20);
        print("self (top frame)", self, samples, top);
        print("total (on the stack)", total, samples, top);
        print("by Freshet method (top-most io.freshet frame; JDK and library callees charged to it)", freshet, samples, top);
        print("allocation by Freshet method <- class (share of sampled bytes; JFR's estimate)", allocated, allocationWeight, top);
        if (callersOf != null) {
            print("callers of " + callersOf + " (share of all samples)", callers, samples, top);
        }
    }

    private static boolean matches(RecordedThread sampled, String thread) {
        if (thread.equals("all")) {
            return true;
        }
        return sampled != null && thread.equals(sampled.getJavaName());
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String freshetFrame(RecordedStackTrace stack) {
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.getMethod().getType().getName().startsWith("io.freshet.")) {
                return name(frame);
            }
        }
        return name(stack.getFrames().get(0));
    }

    private static void print(String title, Map<String, Long> counts, long all, int top) {
        System.out.println();
        System.out.println(title + ":");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %,10d  %s%n", 100.0 * e.getValue() / all, e.getValue(),
                        e.getKey()));
    }
}
