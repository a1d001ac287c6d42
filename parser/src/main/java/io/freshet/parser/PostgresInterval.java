package io.freshet.parser;

import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value of Postgres' {@code interval} type, read from its text form such as
 * {@code '2 days 3 hours'}, {@code '1 year 2 mons'}, {@code '1.5 hours'},
 * {@code '01:30:00'}, {@code '3 days 04:05:06.789'} or {@code '1 day ago'}.
 * Like Postgres it keeps months, days and microseconds apart; a fractional
 * month becomes days of 30 and a fractional day becomes microseconds.
 * ISO 8601 forms ({@code 'P1D'}) are not read.
 *
 * <p>The parser turns {@code INTERVAL '2 days'} and {@code '2 days'::interval}
 * into {@code CAST('2 days' AS INTERVAL)}; {@link #literalOf(SqlNode)} turns
 * such a cast into Calcite's interval literal where one can hold the value.
 */
public final class PostgresInterval {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(?<time>[+-]?\\d+:\\d+(?::\\d+(?:\\.\\d+)?)?)"
                    + "|(?<number>[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))"
                    + "|(?<word>[a-z]+)"
                    + "|(?<comma>,))");

    /** Unit words, each to months, days or microseconds per unit. */
    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("microsecond", Unit.micros(1)), Map.entry("microseconds", Unit.micros(1)),
            Map.entry("us", Unit.micros(1)), Map.entry("usec", Unit.micros(1)), Map.entry("usecs", Unit.micros(1)),
            Map.entry("millisecond", Unit.micros(1_000)), Map.entry("milliseconds", Unit.micros(1_000)),
            Map.entry("ms", Unit.micros(1_000)), Map.entry("msec", Unit.micros(1_000)),
            Map.entry("msecs", Unit.micros(1_000)),
            Map.entry("second", Unit.micros(MICROS_PER_SECOND)), Map.entry("seconds", Unit.micros(MICROS_PER_SECOND)),
            Map.entry("s", Unit.micros(MICROS_PER_SECOND)), Map.entry("sec", Unit.micros(MICROS_PER_SECOND)),
            Map.entry("secs", Unit.micros(MICROS_PER_SECOND)),
            Map.entry("minute", Unit.micros(60 * MICROS_PER_SECOND)),
            Map.entry("minutes", Unit.micros(60 * MICROS_PER_SECOND)),
            Map.entry("m", Unit.micros(60 * MICROS_PER_SECOND)), Map.entry("min", Unit.micros(60 * MICROS_PER_SECOND)),
            Map.entry("mins", Unit.micros(60 * MICROS_PER_SECOND)),
            Map.entry("hour", Unit.micros(3_600 * MICROS_PER_SECOND)),
            Map.entry("hours", Unit.micros(3_600 * MICROS_PER_SECOND)),
            Map.entry("h", Unit.micros(3_600 * MICROS_PER_SECOND)),
            Map.entry("hr", Unit.micros(3_600 * MICROS_PER_SECOND)),
            Map.entry("hrs", Unit.micros(3_600 * MICROS_PER_SECOND)),
            Map.entry("day", Unit.days(1)), Map.entry("days", Unit.days(1)), Map.entry("d", Unit.days(1)),
            Map.entry("week", Unit.days(7)), Map.entry("weeks", Unit.days(7)), Map.entry("w", Unit.days(7)),
            Map.entry("month", Unit.months(1)), Map.entry("months", Unit.months(1)), Map.entry("mon", Unit.months(1)),
            Map.entry("mons", Unit.months(1)),
            Map.entry("year", Unit.months(12)), Map.entry("years", Unit.months(12)), Map.entry("y", Unit.months(12)),
            Map.entry("yr", Unit.months(12)), Map.entry("yrs", Unit.months(12)),
            Map.entry("decade", Unit.months(120)), Map.entry("decades", Unit.months(120)),
            Map.entry("century", Unit.months(1_200)), Map.entry("centuries", Unit.months(1_200)),
            Map.entry("millennium", Unit.months(12_000)), Map.entry("millennia", Unit.months(12_000)));

    private final long months;
    private final long days;
    private final long micros;

    private PostgresInterval(long months, long days, long micros) {
        this.months = months;
        this.days = days;
        this.micros = micros;
    }

    /** Reads an interval's text; empty if it is not one this class understands. */
    public static Optional<PostgresInterval> parse(String text) {
        String input = text.strip().toLowerCase(Locale.ROOT);
        if (input.startsWith("@")) {
            input = input.substring(1);
        }
        Accumulator sum = new Accumulator();
        boolean ago = false;
        boolean any = false;
        Matcher matcher = TOKEN.matcher(input);
        int index = 0;
        BigDecimal pendingNumber = null;
        while (index < input.length()) {
            if (input.substring(index).isBlank()) {
                break;
            }
            if (!matcher.find(index) || matcher.start() != index || ago) {
                return Optional.empty();
            }
            index = matcher.end();
            if (matcher.group("comma") != null) {
                continue;
            }
            if (matcher.group("word") != null) {
                String word = matcher.group("word");
                if (word.equals("ago") && pendingNumber == null && any) {
                    ago = true;
                    continue;
                }
                Unit unit = UNITS.get(word);
                if (unit == null || pendingNumber == null) {
                    return Optional.empty();
                }
                sum.add(pendingNumber, unit);
                pendingNumber = null;
                continue;
            }
            if (pendingNumber != null) {
                // A number without a unit is a number of seconds.
                sum.add(pendingNumber, UNITS.get("second"));
                pendingNumber = null;
            }
            any = true;
            if (matcher.group("time") != null) {
                if (!sum.addTime(matcher.group("time"))) {
                    return Optional.empty();
                }
            } else {
                pendingNumber = new BigDecimal(matcher.group("number"));
            }
        }
        if (pendingNumber != null) {
            sum.add(pendingNumber, UNITS.get("second"));
        }
        if (!any) {
            return Optional.empty();
        }
        int sign = ago ? -1 : 1;
        try {
            return Optional.of(new PostgresInterval(sign * sum.months.longValueExact(),
                    sign * sum.days.longValueExact(),
                    sign * sum.micros.setScale(0, RoundingMode.HALF_EVEN).longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /**
     * If {@code node} is {@code CAST('<text>' AS INTERVAL)} with Postgres'
     * plain interval (as the parser makes of {@code INTERVAL '1 hour'}),
     * Calcite's interval literal of the same value; see
     * {@link #toCalciteLiteral(SqlParserPos)} for when there is none.
     */
    public static Optional<SqlIntervalLiteral> literalOf(SqlNode node) {
        if (!(node instanceof SqlBasicCall call) || call.getKind() != SqlKind.CAST || call.operandCount() != 2) {
            return Optional.empty();
        }
        if (!(call.operand(1) instanceof SqlDataTypeSpec type)
                || !(type.getTypeNameSpec() instanceof SqlIntervalTypeNameSpec spec)
                || !spec.isPostgresInterval()
                || !(call.operand(0) instanceof SqlLiteral text)
                || !(text.getValue() instanceof NlsString)) {
            return Optional.empty();
        }
        return parse(text.getValueAs(String.class)).flatMap(value -> value.toCalciteLiteral(call.getParserPosition()));
    }

    public long months() {
        return months;
    }

    public long days() {
        return days;
    }

    public long microseconds() {
        return micros;
    }

    /**
     * Calcite's literal of this value, with the narrowest qualifier that holds
     * it ({@code '1 hour'} is {@code INTERVAL '1' HOUR}, {@code '90 minutes'}
     * is {@code INTERVAL '1:30' HOUR TO MINUTE}). Empty when Calcite cannot
     * hold the value exactly: months mixed with days or time, parts of a
     * millisecond, or more than 10 digits in the leading field.
     */
    public Optional<SqlIntervalLiteral> toCalciteLiteral(SqlParserPos pos) {
        if (months != 0 && (days != 0 || micros != 0)) {
            return Optional.empty();
        }
        if (months != 0) {
            return yearMonthLiteral(pos);
        }
        BigDecimal total = BigDecimal.valueOf(days).multiply(BigDecimal.valueOf(MICROS_PER_DAY))
                .add(BigDecimal.valueOf(micros));
        if (total.remainder(BigDecimal.valueOf(1_000)).signum() != 0) {
            return Optional.empty();
        }
        int sign = total.signum() < 0 ? -1 : 1;
        long millis;
        try {
            millis = total.abs().divide(BigDecimal.valueOf(1_000)).longValueExact();
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
        return dayTimeLiteral(sign, millis, pos);
    }

    private Optional<SqlIntervalLiteral> yearMonthLiteral(SqlParserPos pos) {
        int sign = months < 0 ? -1 : 1;
        long total = Math.abs(months);
        long years = total / 12;
        long remainder = total % 12;
        if (years == 0) {
            return literal(sign, Long.toString(remainder), TimeUnit.MONTH, remainder, null, -1, pos);
        }
        if (remainder == 0) {
            return literal(sign, Long.toString(years), TimeUnit.YEAR, years, null, -1, pos);
        }
        return literal(sign, years + "-" + remainder, TimeUnit.YEAR, years, TimeUnit.MONTH, -1, pos);
    }

    private static Optional<SqlIntervalLiteral> dayTimeLiteral(int sign, long millis, SqlParserPos pos) {
        long[] fields = {
            millis / 86_400_000L, millis / 3_600_000L % 24, millis / 60_000L % 60, millis / 1_000L % 60};
        long fraction = millis % 1_000L;
        TimeUnit[] units = {TimeUnit.DAY, TimeUnit.HOUR, TimeUnit.MINUTE, TimeUnit.SECOND};
        int first = 0;
        while (first < 3 && fields[first] == 0) {
            first++;
        }
        int last = 3;
        while (last > first && fields[last] == 0 && !(last == 3 && fraction != 0)) {
            last--;
        }
        StringBuilder text = new StringBuilder(Long.toString(fields[first]));
        for (int i = first + 1; i <= last; i++) {
            text.append(i == 1 ? " " : ":").append(String.format(Locale.ROOT, "%02d", fields[i]));
        }
        if (last == 3 && fraction != 0) {
            text.append(String.format(Locale.ROOT, ".%03d", fraction));
        }
        return literal(sign, text.toString(), units[first], fields[first], first == last ? null : units[last],
                fraction != 0 ? 3 : -1, pos);
    }

    private static Optional<SqlIntervalLiteral> literal(int sign, String text, TimeUnit start, long leadingValue,
            TimeUnit end, int fractionalSecondPrecision, SqlParserPos pos) {
        int digits = Long.toString(leadingValue).length();
        if (digits > SqlTypeName.MAX_INTERVAL_START_PRECISION) {
            return Optional.empty();
        }
        // Calcite's default leading precision is 2 digits; say more only when needed,
        // or when SECOND(p, f) must spell out p to give f.
        int startPrecision = digits > 2 || (start == TimeUnit.SECOND && fractionalSecondPrecision >= 0)
                ? Math.max(2, digits)
                : RelDataType.PRECISION_NOT_SPECIFIED;
        SqlIntervalQualifier qualifier =
                new SqlIntervalQualifier(start, startPrecision, end, fractionalSecondPrecision, pos);
        return Optional.of(SqlLiteral.createInterval(sign, text, qualifier, pos));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostgresInterval that && months == that.months && days == that.days
                && micros == that.micros;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(months) * 31 * 31 + Long.hashCode(days) * 31 + Long.hashCode(micros);
    }

    @Override
    public String toString() {
        return months + " months " + days + " days " + micros + " microseconds";
    }

    /** What one of a unit adds. */
    private record Unit(long months, long days, long micros) {
        static Unit months(long months) {
            return new Unit(months, 0, 0);
        }

        static Unit days(long days) {
            return new Unit(0, days, 0);
        }

        static Unit micros(long micros) {
            return new Unit(0, 0, micros);
        }
    }

    /** Sums parts, cascading fractions down as Postgres does: months to 30-day days, days to microseconds. */
    private static final class Accumulator {
        private BigDecimal months = BigDecimal.ZERO;
        private BigDecimal days = BigDecimal.ZERO;
        private BigDecimal micros = BigDecimal.ZERO;

        void add(BigDecimal amount, Unit unit) {
            BigDecimal monthPart = amount.multiply(BigDecimal.valueOf(unit.months()));
            BigDecimal wholeMonths = monthPart.setScale(0, RoundingMode.DOWN);
            months = months.add(wholeMonths);
            BigDecimal dayPart = monthPart.subtract(wholeMonths).multiply(BigDecimal.valueOf(30))
                    .add(amount.multiply(BigDecimal.valueOf(unit.days())));
            BigDecimal wholeDays = dayPart.setScale(0, RoundingMode.DOWN);
            days = days.add(wholeDays);
            micros = micros.add(dayPart.subtract(wholeDays).multiply(BigDecimal.valueOf(MICROS_PER_DAY)))
                    .add(amount.multiply(BigDecimal.valueOf(unit.micros())));
        }

        /** Adds {@code [+-]h:m[:s[.f]]}; false if a field is out of range. */
        boolean addTime(String time) {
            boolean negative = time.startsWith("-");
            String[] parts = time.replaceFirst("^[+-]", "").split(":");
            BigDecimal hours = new BigDecimal(parts[0]);
            BigDecimal minutes = new BigDecimal(parts[1]);
            BigDecimal seconds = parts.length > 2 ? new BigDecimal(parts[2]) : BigDecimal.ZERO;
            if (minutes.compareTo(BigDecimal.valueOf(60)) >= 0 || seconds.compareTo(BigDecimal.valueOf(60)) >= 0) {
                return false;
            }
            BigDecimal total = hours.multiply(BigDecimal.valueOf(3_600)).add(minutes.multiply(BigDecimal.valueOf(60)))
                    .add(seconds).multiply(BigDecimal.valueOf(MICROS_PER_SECOND));
            micros = micros.add(negative ? total.negate() : total);
            return true;
        }
    }
}
