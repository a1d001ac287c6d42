package io.freshet.executor.connector;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.Interval;
import io.freshet.common.SqlState;
import io.freshet.common.TextFormat;
import io.freshet.executor.runtime.TableInput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code datagen} connector: generates rows at {@code rows_per_second}. Each column is a
 * {@code sequence} (start, end) or {@code random} (min, max, length, seed) field. Row {@code n}'s
 * values depend only on {@code n} and the options, so after a restart the connector resumes at its
 * committed position and produces exactly the rows that were not committed yet. Timestamp columns
 * without options take the time of generation.
 */
public final class DatagenConnector implements TableInput.Connector {
    private static final String PREFIX = "fields.";

    private final List<Field> fields;
    private final double rowsPerSecond;
    private final long maxRows;
    private long position;
    private long startNanos = -1;
    private long startPosition;

    private record Field(String name, DataType type, boolean sequence, long start, long end, BigDecimal min, BigDecimal max,
                         int length, long seed, long maxPastMicros) {
    }

    /** Validates the options (22023 naming a bad one) and builds the connector at {@code position}. */
    public DatagenConnector(List<String> names, List<DataType> types, Map<String, String> options, long position) {
        this.position = position;
        this.rowsPerSecond = number(options, "rows_per_second", options.getOrDefault("datagen.rows.per.second", "10"));
        this.maxRows = (long) number(options, "datagen.max_rows", Long.toString(Long.MAX_VALUE));
        for (String key : options.keySet()) {
            checkKnown(key, names);
        }
        List<Field> list = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            list.add(field(names.get(c), types.get(c), options, c));
        }
        this.fields = List.copyOf(list);
    }

    private static void checkKnown(String key, List<String> names) {
        switch (key) {
            case "connector":
            case "rows_per_second":
            case "datagen.rows.per.second":
            case "datagen.max_rows":
                return;
            default:
                break;
        }
        if (key.startsWith(PREFIX)) {
            String rest = key.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot > 0) {
                String column = rest.substring(0, dot);
                String option = rest.substring(dot + 1);
                if (!names.contains(column)) {
                    throw invalid("option '" + key + "' names column \"" + column + "\", which the table does not have");
                }
                switch (option) {
                    case "kind": case "start": case "end": case "min": case "max": case "length": case "seed": case "max_past":
                        return;
                    default:
                        break;
                }
            }
        }
        throw invalid("unknown datagen option '" + key + "'; known: rows_per_second, datagen.max_rows, "
                + "fields.<column>.kind (sequence|random), .start, .end, .min, .max, .length, .seed, .max_past");
    }

    private static Field field(String name, DataType type, Map<String, String> options, int index) {
        String base = PREFIX + name + ".";
        String kind = options.getOrDefault(base + "kind", "random").toLowerCase(Locale.ROOT);
        if (!kind.equals("sequence") && !kind.equals("random")) {
            throw invalid("option '" + base + "kind' must be 'sequence' or 'random', not '" + kind + "'");
        }
        boolean sequence = kind.equals("sequence");
        long start = (long) number(options, base + "start", "0");
        long end = (long) number(options, base + "end", Long.toString(Long.MAX_VALUE));
        BigDecimal min = decimal(options, base + "min", "0");
        BigDecimal max = decimal(options, base + "max", defaultMax(type));
        if (min.compareTo(max) > 0) {
            throw invalid("option '" + base + "min' is greater than '" + base + "max'");
        }
        int length = (int) number(options, base + "length", "10");
        long seed = (long) number(options, base + "seed", Long.toString(index * 7919L + 17));
        long maxPast = 0;
        if (options.containsKey(base + "max_past")) {
            Interval interval = (Interval) TextFormat.parse(DataType.INTERVAL, options.get(base + "max_past"));
            maxPast = interval.days() * Interval.MICROS_PER_DAY + interval.micros() + interval.months() * 30L * Interval.MICROS_PER_DAY;
        }
        return new Field(name, type, sequence, start, end, min, max, length, seed, maxPast);
    }

    private static String defaultMax(DataType type) {
        switch (type.kind()) {
            case SMALLINT: return Short.toString(Short.MAX_VALUE);
            case INTEGER: return Integer.toString(Integer.MAX_VALUE);
            case BIGINT: return Long.toString(Long.MAX_VALUE);
            default: return "1000";
        }
    }

    private static double number(Map<String, String> options, String key, String fallback) {
        String text = options.getOrDefault(key, fallback);
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw invalid("option '" + key + "' must be a number, not '" + text + "'");
        }
    }

    private static BigDecimal decimal(Map<String, String> options, String key, String fallback) {
        String text = options.getOrDefault(key, fallback);
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw invalid("option '" + key + "' must be a number, not '" + text + "'");
        }
    }

    private static FreshetException invalid(String message) {
        return new FreshetException(SqlState.INVALID_PARAMETER_VALUE, message);
    }

    public long rowsGenerated() {
        return position;
    }

    @Override
    public List<Object[]> poll(long nowNanos, int limit) {
        if (startNanos < 0) {
            startNanos = nowNanos;
            startPosition = position;
        }
        long due = startPosition + (long) ((nowNanos - startNanos) / 1e9 * rowsPerSecond);
        due = Math.min(due, maxRows);
        long count = Math.min(limit, due - position);
        if (count <= 0) {
            return List.of();
        }
        List<Object[]> rows = new ArrayList<>((int) count);
        long nowMicros = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        for (long n = 0; n < count; n++) {
            Object[] row = new Object[fields.size()];
            boolean exhausted = false;
            for (int c = 0; c < row.length; c++) {
                Field field = fields.get(c);
                if (field.sequence() && field.start() + position > field.end()) {
                    exhausted = true;
                }
                row[c] = value(field, position, nowMicros);
            }
            if (exhausted) {
                return rows;
            }
            rows.add(row);
            position++;
        }
        return rows;
    }

    @Override
    public long nanosUntilDue(long nowNanos) {
        if (position >= maxRows || rowsPerSecond <= 0) {
            return Long.MAX_VALUE;
        }
        for (Field field : fields) {
            if (field.sequence() && field.start() + position > field.end()) {
                return Long.MAX_VALUE;
            }
        }
        return (long) Math.max(1_000_000L, 1e9 / rowsPerSecond);
    }

    @Override
    public byte[] position() {
        return Long.toString(position).getBytes(StandardCharsets.UTF_8);
    }

    public static long parsePosition(byte[] saved) {
        return saved == null ? 0 : Long.parseLong(new String(saved, StandardCharsets.UTF_8));
    }

    /** SplitMix64's finalizer: a well-mixed 64-bit hash, so row n's values need no random state. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double unit(long h) {
        return (h >>> 11) * 0x1.0p-53;
    }

    private static Object value(Field field, long row, long nowMicros) {
        DataType type = field.type();
        if (field.sequence()) {
            long v = field.start() + row;
            switch (type.kind()) {
                case VARCHAR: return Long.toString(v);
                case REAL:
                case DOUBLE: return (double) v;
                case DECIMAL: return BigDecimal.valueOf(v);
                case TIMESTAMP:
                case TIMESTAMPTZ: return nowMicros;
                default: return v;
            }
        }
        long h = mix(field.seed() * 0x9E3779B97F4A7C15L + row);
        switch (type.kind()) {
            case BOOLEAN: return (h & 1) == 1;
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case DATE: {
                long min = field.min().longValue();
                long max = field.max().longValue();
                long span = max - min + 1;
                return span <= 0 ? min + (h & Long.MAX_VALUE) : min + Math.floorMod(h, span);
            }
            case REAL:
            case DOUBLE: return field.min().doubleValue() + unit(h) * (field.max().doubleValue() - field.min().doubleValue());
            case DECIMAL: {
                int scale = type.scale() == DataType.UNBOUNDED ? 2 : type.scale();
                BigDecimal span = field.max().subtract(field.min());
                return field.min().add(span.multiply(BigDecimal.valueOf(unit(h)))).setScale(scale, RoundingMode.HALF_UP);
            }
            case VARCHAR: {
                char[] chars = new char[field.length()];
                for (int i = 0; i < chars.length; i++) {
                    h = mix(h + i);
                    chars[i] = (char) ('a' + Math.floorMod(h, 26));
                }
                return new String(chars);
            }
            case TIMESTAMP:
            case TIMESTAMPTZ:
                return field.maxPastMicros() > 0 ? nowMicros - Math.floorMod(h, field.maxPastMicros()) : nowMicros;
            default:
                return null;
        }
    }
}
