package io.freshet.executor.expr;

import io.freshet.common.Interval;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Date/time arithmetic on microsecond timestamps. */
final class Temporal {
    private Temporal() {
    }

    /** Adds months, then days, then microseconds, as Postgres does. */
    static long addInterval(long micros, Interval interval) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long fraction = Math.floorMod(micros, 1_000_000L);
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        if (interval.months() != 0) {
            time = time.plusMonths(interval.months());
        }
        if (interval.days() != 0) {
            time = time.plusDays(interval.days());
        }
        return Math.addExact(time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + fraction, interval.micros());
    }

    static Interval scale(Interval interval, double factor) {
        double months = interval.months() * factor;
        int wholeMonths = (int) months;
        double days = interval.days() * factor + (months - wholeMonths) * 30;
        int wholeDays = (int) days;
        double micros = interval.micros() * factor + (days - wholeDays) * Interval.MICROS_PER_DAY;
        return new Interval(wholeMonths, wholeDays, Math.round(micros));
    }
}
