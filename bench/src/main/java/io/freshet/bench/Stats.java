package io.freshet.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Medians and lists of figures for the summary lines. */
final class Stats {
    private Stats() {
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static String list(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%,.0f", v)).collect(Collectors.joining(", "));
    }
}
