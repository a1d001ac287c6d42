package io.freshet.common;

/**
 * A Postgres interval: months, days and microseconds kept apart, because a month has no fixed
 * number of days and a day no fixed number of microseconds across a DST change.
 *
 * <p>Ordering and equality follow Postgres: an interval is compared by its span with 30-day months
 * and 24-hour days, so {@code '1 month'} equals {@code '30 days'}.
 */
public record Interval(int months, int days, long micros) implements Comparable<Interval> {
    public static final long MICROS_PER_DAY = 86_400_000_000L;
    public static final Interval ZERO = new Interval(0, 0, 0);

    /** The span in microseconds with 30-day months, as Postgres compares intervals (may lose range). */
    public java.math.BigInteger span() {
        return java.math.BigInteger.valueOf(months * 30L + days)
                .multiply(java.math.BigInteger.valueOf(MICROS_PER_DAY))
                .add(java.math.BigInteger.valueOf(micros));
    }

    @Override
    public int compareTo(Interval o) {
        return span().compareTo(o.span());
    }

    public Interval negate() {
        return new Interval(-months, -days, -micros);
    }

    public Interval plus(Interval o) {
        return new Interval(Math.addExact(months, o.months), Math.addExact(days, o.days), Math.addExact(micros, o.micros));
    }

    @Override
    public String toString() {
        return TextFormat.formatInterval(this);
    }
}
