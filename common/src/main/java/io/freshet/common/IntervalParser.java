package io.freshet.common;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Parses Postgres interval input: unit quantities ({@code 1 year 2 mons 3 days}, {@code 90 minutes},
 * {@code 1.5 hours}), a clock part ({@code 04:05:06.7}), {@code ago}, and ISO 8601 {@code P1DT2H}.
 */
final class IntervalParser {
    private IntervalParser() {
    }

    static Interval parse(String text) {
        String input = text.trim().toLowerCase(Locale.ROOT);
        if (input.isEmpty()) {
            throw TextFormat.invalid(DataType.INTERVAL, text);
        }
        if (input.startsWith("p")) {
            return parseIso(input, text);
        }
        long months = 0;
        long days = 0;
        BigDecimal micros = BigDecimal.ZERO;
        boolean ago = false;
        String[] tokens = input.replace(",", " ").split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.equals("ago")) {
                ago = true;
                continue;
            }
            if (token.equals("@")) {
                continue;
            }
            if (token.contains(":")) {
                micros = micros.add(BigDecimal.valueOf(parseClock(token, text)));
                continue;
            }
            // A number, possibly glued to its unit ("10min").
            int split = 0;
            while (split < token.length() && "+-.0123456789".indexOf(token.charAt(split)) >= 0) {
                split++;
            }
            String number = token.substring(0, split);
            String unit = token.substring(split);
            if (number.isEmpty() || number.equals("+") || number.equals("-")) {
                throw TextFormat.invalid(DataType.INTERVAL, text);
            }
            if (unit.isEmpty()) {
                if (i + 1 < tokens.length && !tokens[i + 1].contains(":") && Character.isLetter(tokens[i + 1].charAt(0))
                        && !tokens[i + 1].equals("ago")) {
                    unit = tokens[++i];
                } else {
                    unit = "second";
                }
            }
            BigDecimal amount;
            try {
                amount = new BigDecimal(number);
            } catch (NumberFormatException e) {
                throw TextFormat.invalid(DataType.INTERVAL, text);
            }
            switch (unitOf(unit, text)) {
                case "year":
                    months += amount.multiply(BigDecimal.valueOf(12)).longValue();
                    break;
                case "month":
                    months += amount.longValue();
                    days += amount.remainder(BigDecimal.ONE).multiply(BigDecimal.valueOf(30)).longValue();
                    break;
                case "week":
                    days += amount.multiply(BigDecimal.valueOf(7)).longValue();
                    break;
                case "day":
                    days += amount.longValue();
                    micros = micros.add(amount.remainder(BigDecimal.ONE).multiply(BigDecimal.valueOf(Interval.MICROS_PER_DAY)));
                    break;
                case "hour":
                    micros = micros.add(amount.multiply(BigDecimal.valueOf(3_600_000_000L)));
                    break;
                case "minute":
                    micros = micros.add(amount.multiply(BigDecimal.valueOf(60_000_000L)));
                    break;
                case "second":
                    micros = micros.add(amount.multiply(BigDecimal.valueOf(1_000_000L)));
                    break;
                case "millisecond":
                    micros = micros.add(amount.multiply(BigDecimal.valueOf(1_000L)));
                    break;
                case "microsecond":
                    micros = micros.add(amount);
                    break;
                default:
                    throw TextFormat.invalid(DataType.INTERVAL, text);
            }
        }
        Interval result = new Interval(Math.toIntExact(months), Math.toIntExact(days),
                micros.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact());
        return ago ? result.negate() : result;
    }

    private static String unitOf(String unit, String text) {
        switch (unit) {
            case "y": case "yr": case "yrs": case "year": case "years": return "year";
            case "mon": case "mons": case "month": case "months": return "month";
            case "w": case "week": case "weeks": return "week";
            case "d": case "day": case "days": return "day";
            case "h": case "hr": case "hrs": case "hour": case "hours": return "hour";
            case "m": case "min": case "mins": case "minute": case "minutes": return "minute";
            case "s": case "sec": case "secs": case "second": case "seconds": return "second";
            case "ms": case "msec": case "msecs": case "millisecond": case "milliseconds": return "millisecond";
            case "us": case "usec": case "usecs": case "microsecond": case "microseconds": return "microsecond";
            default: throw TextFormat.invalid(DataType.INTERVAL, text);
        }
    }

    private static long parseClock(String token, String text) {
        boolean negative = token.startsWith("-");
        String body = negative || token.startsWith("+") ? token.substring(1) : token;
        String[] parts = body.split(":");
        try {
            long hours = Long.parseLong(parts[0]);
            long minutes = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
            BigDecimal seconds = parts.length > 2 ? new BigDecimal(parts[2]) : BigDecimal.ZERO;
            if (parts.length > 3) {
                throw TextFormat.invalid(DataType.INTERVAL, text);
            }
            long total = (hours * 3600 + minutes * 60) * 1_000_000L
                    + seconds.multiply(BigDecimal.valueOf(1_000_000L)).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
            return negative ? -total : total;
        } catch (NumberFormatException | ArithmeticException e) {
            throw TextFormat.invalid(DataType.INTERVAL, text);
        }
    }

    private static Interval parseIso(String input, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "p(?:(-?\\d+)y)?(?:(-?\\d+)m)?(?:(-?\\d+)w)?(?:(-?\\d+)d)?(?:t(?:(-?\\d+)h)?(?:(-?\\d+)m)?(?:(-?[\\d.]+)s)?)?")
                .matcher(input);
        if (!m.matches()) {
            throw TextFormat.invalid(DataType.INTERVAL, text);
        }
        long months = number(m.group(1)) * 12 + number(m.group(2));
        long days = number(m.group(3)) * 7 + number(m.group(4));
        BigDecimal seconds = m.group(7) == null ? BigDecimal.ZERO : new BigDecimal(m.group(7));
        long micros = (number(m.group(5)) * 3600 + number(m.group(6)) * 60) * 1_000_000L
                + seconds.multiply(BigDecimal.valueOf(1_000_000L)).longValue();
        return new Interval(Math.toIntExact(months), Math.toIntExact(days), micros);
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
