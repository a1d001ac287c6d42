package io.freshet.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What a figure was measured on: cores, CPU model, memory, JVM, and the load at the time. */
final class Machine {
    private Machine() {
    }

    /** One line: cores, CPU model, RAM, JDK, max heap, 1-minute load average. */
    static String describe() {
        Runtime runtime = Runtime.getRuntime();
        return String.format(Locale.ROOT, "machine: %d cores, %s, %s RAM, JDK %s (%s), max heap %d MiB, load %.2f",
                runtime.availableProcessors(), cpuModel(), totalMemory(), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), runtime.maxMemory() >> 20, loadAverage());
    }

    /** The 1-minute load average (the number of runnable processes, averaged). */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String cpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch");
    }

    private static String totalMemory() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
            }
        }
        return "unknown";
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }
}
