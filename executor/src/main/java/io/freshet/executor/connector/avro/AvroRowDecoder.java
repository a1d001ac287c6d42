package io.freshet.executor.connector.avro;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.Jsonb;
import io.freshet.common.SqlState;
import io.freshet.common.TextFormat;
import io.freshet.common.TypeKind;
import io.freshet.common.Values;
import io.freshet.executor.connector.JsonRowDecoder.BadRecordException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Decodes Avro record values ({@code FORMAT PLAIN ENCODE AVRO}) into rows of a table's visible
 * columns, with its own reader of Avro's binary encoding (no Avro library).
 *
 * <p><b>Schemas.</b> With {@code schema.definition} the value is the plain binary encoding of that
 * inline writer schema. With {@code schema.registry} the value is in Confluent's wire format: a
 * zero magic byte, the 4-byte big-endian id of the writer schema, then the binary body; the
 * schema is fetched once per id from the registry and kept. A registry that does not answer
 * (unreachable, a timeout, HTTP 5xx) throws {@link io.freshet.executor.connector.RetryLaterException}:
 * the reader holds the record back and asks again, so nothing is lost while the registry is down.
 * An unknown id makes the record bad and is asked again for later records after
 * {@link #RETRY_NANOS}; a schema that does not fit the table makes all records of that id bad.
 *
 * <p><b>Columns.</b> The writer schema must be a record. Each column (except {@code INCLUDE}
 * columns) is filled from the field with its name (an exact match first, else
 * case-insensitively); fields without a column are skipped. An inline schema must have a
 * convertible field for every column (checked at CREATE, 22023); a registry schema may lack the
 * field of a nullable column (it is NULL: an older schema version), but not of a NOT NULL one.
 * Conversions: see {@link #compile}; a union with {@code null} makes a field nullable.
 *
 * <p><b>Bad records</b> ({@link BadRecordException}): no Confluent header or an unknown id,
 * truncated or garbage bytes (a varint too long, a length past the end, an invalid union branch
 * or enum index, strings that are not UTF-8, bytes left after the record), a value that does not
 * fit its column (out of range, unparseable text: {@link #badFieldAsNull} makes those NULL), or a
 * NULL for a NOT NULL column. Not thread-safe; one instance per consumer thread.
 */
public final class AvroRowDecoder {
    /** Set by CREATE TABLE from {@code ENCODE AVRO (schema.registry = …)}; not a user option. */
    public static final String REGISTRY = "encode.schema.registry";
    /** Set by CREATE TABLE from {@code ENCODE AVRO (schema.definition = …)}; not a user option. */
    public static final String DEFINITION = "encode.schema.definition";
    /** How long after a failed registry look-up records of that id are bad without asking again. */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Deepest nesting of records, arrays and maps read into a JSONB value or skipped. */
    static final int MAX_DEPTH = 64;
    /** Most items of zero-byte types (null, empty records) one record may hold. */
    static final long MAX_EMPTY_ITEMS = 1_000_000;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private final List<String> names;
    private final List<DataType> types;
    private final boolean[] notNull;
    private final boolean[] skip;
    /** The plan of the inline schema; its readers call this instance (for {@link #emptyItems}). */
    private Plan inline;
    private final SchemaRegistryClient registry;
    /** Per registry schema id: its {@link Plan}, or a {@link Failure}. */
    private final Map<Integer, Object> plans = new HashMap<>();
    private boolean badFieldNull;
    private String fieldError;
    private long emptyItems;
    private long retryNanos = RETRY_NANOS;

    /** A value that cannot be converted to its column's type; thrown after the value's bytes are read. */
    static final class FieldException extends Exception {
        FieldException(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads one value of a compiled (schema, column type) pair. */
    @FunctionalInterface
    interface Reader {
        Object read(AvroInput in) throws BadRecordException, FieldException;
    }

    /** How to read a writer schema's record into a row: per field in writer order, its column (or -1) and reader. */
    private record Plan(List<AvroSchema.Field> fields, int[] columns, Reader[] readers) {
    }

    /** A failed look-up of a schema id; asked again after {@code retryAtNanos} unless {@code permanent}. */
    private record Failure(String message, long retryAtNanos, boolean permanent) {
    }

    /** Why a writer schema does not fit the table. */
    static final class MismatchException extends Exception {
        MismatchException(String message) {
            super(message, null, false, false);
        }
    }

    private AvroRowDecoder(List<String> names, List<DataType> types, boolean[] notNull, boolean[] skip,
                           SchemaRegistryClient registry) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.notNull = notNull.clone();
        this.skip = skip.clone();
        this.registry = registry;
    }

    /**
     * Checks the ENCODE AVRO options of a kafka table (22023 naming the option): exactly one of
     * {@value #REGISTRY} (an http(s) URL) and {@value #DEFINITION} (a valid Avro schema), and
     * neither without {@code encode = avro}.
     */
    public static void checkOptions(Map<String, String> options) {
        String registry = options.get(REGISTRY);
        String definition = options.get(DEFINITION);
        if (!"avro".equals(options.get("encode"))) {
            if (registry != null || definition != null) {
                throw invalid("options 'schema.registry' and 'schema.definition' are ENCODE AVRO options");
            }
            return;
        }
        if ((registry == null) == (definition == null)) {
            throw invalid("ENCODE AVRO needs exactly one of the options 'schema.registry' (a Confluent schema registry URL)"
                    + " and 'schema.definition' (an inline Avro schema)");
        }
        if (registry != null) {
            try {
                SchemaRegistryClient.checkUrl(registry);
            } catch (IllegalArgumentException e) {
                throw invalid("ENCODE AVRO option 'schema.registry': " + e.getMessage());
            }
        } else {
            parseDefinition(definition);
        }
    }

    private static AvroSchema parseDefinition(String definition) {
        try {
            return AvroSchema.parse(definition);
        } catch (AvroSchema.InvalidSchemaException e) {
            throw invalid("ENCODE AVRO option 'schema.definition' is not a valid Avro schema: " + e.getMessage());
        }
    }

    /**
     * The decoder of a table's visible columns ({@code skip}: the {@code INCLUDE} columns, left
     * NULL) with the options {@link #checkOptions} accepts; for an inline schema, 22023 naming a
     * column that no field of the schema fills.
     */
    public static AvroRowDecoder forTable(List<String> names, List<DataType> types, boolean[] notNull, boolean[] skip,
                                          Map<String, String> options) {
        checkOptions(options);
        String definition = options.get(DEFINITION);
        if (definition == null) {
            return new AvroRowDecoder(names, types, notNull, skip, new SchemaRegistryClient(options.get(REGISTRY)));
        }
        AvroRowDecoder decoder = new AvroRowDecoder(names, types, notNull, skip, null);
        try {
            decoder.inline = decoder.plan(parseDefinition(definition), true);
        } catch (MismatchException e) {
            throw invalid("ENCODE AVRO option 'schema.definition': " + e.getMessage());
        }
        return decoder;
    }

    /** See {@link io.freshet.executor.connector.JsonRowDecoder#badFieldAsNull}. */
    public AvroRowDecoder badFieldAsNull(boolean nullMode) {
        this.badFieldNull = nullMode;
        return this;
    }

    /** Sets how long a failed registry look-up is not repeated (tests). */
    AvroRowDecoder retryAfter(long nanos) {
        this.retryNanos = nanos;
        return this;
    }

    /** After {@link #decode}: why a field was set to NULL ({@link #badFieldAsNull}), or null. */
    public String fieldError() {
        return fieldError;
    }

    public Object[] decode(byte[] value) throws BadRecordException, io.freshet.executor.connector.RetryLaterException {
        fieldError = null;
        emptyItems = 0;
        if (value == null) {
            throw new BadRecordException("the record has no value");
        }
        Plan plan;
        int offset;
        if (inline != null) {
            plan = inline;
            offset = 0;
        } else {
            if (value.length < 5 || value[0] != 0) {
                throw new BadRecordException("the value is not in the schema registry's wire format (a zero byte, a 4-byte"
                        + " schema id, the Avro body)");
            }
            int id = ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
            plan = registryPlan(id);
            offset = 5;
        }
        try {
            return decode(plan, new AvroInput(value, offset));
        } catch (RuntimeException e) {
            // Defensive: no input may stop the consumer.
            throw new BadRecordException("undecodable Avro value: " + e);
        }
    }

    private Object[] decode(Plan plan, AvroInput in) throws BadRecordException {
        Object[] row = new Object[names.size()];
        for (int f = 0; f < plan.columns.length; f++) {
            int c = plan.columns[f];
            if (c < 0) {
                skip(plan.fields.get(f).schema(), in, 0);
                continue;
            }
            try {
                row[c] = plan.readers[f].read(in);
            } catch (FieldException e) {
                if (!badFieldNull || notNull[c]) {
                    throw new BadRecordException(e.getMessage());
                }
                if (fieldError == null) {
                    fieldError = e.getMessage() + " (set to NULL)";
                }
            }
        }
        if (in.remaining() > 0) {
            throw new BadRecordException("Avro value has " + in.remaining() + " byte" + (in.remaining() == 1 ? "" : "s")
                    + " after the end of the record");
        }
        for (int c = 0; c < row.length; c++) {
            if (row[c] == null && notNull[c] && !skip[c]) {
                throw new BadRecordException("null value in column \"" + names.get(c) + "\", which is NOT NULL");
            }
        }
        return row;
    }

    private Plan registryPlan(int id) throws BadRecordException, io.freshet.executor.connector.RetryLaterException {
        Object known = plans.get(id);
        if (known instanceof Plan plan) {
            return plan;
        }
        long now = System.nanoTime();
        if (known instanceof Failure failure && (failure.permanent || now - failure.retryAtNanos < 0)) {
            throw new BadRecordException(failure.message);
        }
        String idText = Integer.toUnsignedString(id);
        try {
            String text = registry.fetch(id);
            AvroSchema schema;
            try {
                schema = AvroSchema.parse(text);
            } catch (AvroSchema.InvalidSchemaException e) {
                throw new MismatchException("is not a valid Avro schema: " + e.getMessage());
            }
            Plan plan = plan(schema, false);
            plans.put(id, plan);
            return plan;
        } catch (MismatchException e) {
            // A schema id names one schema forever: no use asking again.
            String message = "Avro schema id " + idText + " " + e.getMessage();
            plans.put(id, new Failure(message, now, true));
            throw new BadRecordException(message);
        } catch (SchemaRegistryClient.RegistryException e) {
            if (e.unavailable()) {
                // Not the record's fault: hold it back until the registry answers.
                throw new io.freshet.executor.connector.RetryLaterException(e.getMessage());
            }
            plans.put(id, new Failure(e.getMessage(), now + retryNanos, !e.retryable()));
            throw new BadRecordException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadRecordException("interrupted while fetching Avro schema id " + idText);
        }
    }

    /** Matches the table's columns to the fields of {@code schema}; {@code strict}: every column needs a field. */
    private Plan plan(AvroSchema schema, boolean strict) throws MismatchException {
        if (schema.type() != AvroSchema.Type.RECORD) {
            throw new MismatchException("is a " + schema.describe() + ", not a record");
        }
        List<AvroSchema.Field> fields = schema.fields();
        int[] columns = new int[fields.size()];
        java.util.Arrays.fill(columns, -1);
        Reader[] readers = new Reader[fields.size()];
        for (int c = 0; c < names.size(); c++) {
            if (skip[c]) {
                continue;
            }
            String name = names.get(c);
            int f = -1;
            for (int i = 0; i < fields.size() && f < 0; i++) {
                f = fields.get(i).name().equals(name) ? i : -1;
            }
            for (int i = 0; i < fields.size() && f < 0; i++) {
                f = fields.get(i).name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)) ? i : -1;
            }
            if (f < 0 || columns[f] >= 0) {
                if (strict || notNull[c]) {
                    throw new MismatchException("has no field for column \"" + name + "\"" + (strict ? "" : ", which is NOT NULL"));
                }
                continue;
            }
            AvroSchema fieldSchema = fields.get(f).schema();
            Reader reader = compile(fieldSchema, types.get(c), name);
            if (reader == null) {
                throw new MismatchException("field \"" + fields.get(f).name() + "\" of Avro type " + fieldSchema.describe()
                        + " cannot fill column \"" + name + "\" of type " + types.get(c).sqlName());
            }
            columns[f] = c;
            readers[f] = reader;
        }
        return new Plan(fields, columns, readers);
    }

    /**
     * The reader of values of {@code s} into a column of type {@code t}, or null when they do not
     * convert. Any type fills a JSONB column; {@code null} any column (as NULL); a union a column
     * some non-null branch fills (a value of another branch is a field error). Else:
     * boolean → boolean; int and long → smallint, integer, bigint (range checked), numeric, real,
     * double precision; float and double → real, double precision, numeric; bytes and fixed →
     * bytea; decimal → numeric, real, double precision; string (and uuid) and enum → varchar, or
     * any other type through its text input; uuid fixed → varchar; date → date, timestamp;
     * time-millis/micros → time; timestamp-millis/micros/nanos → timestamptz, timestamp;
     * local-timestamp-* → timestamp; array → an array of a type its items convert to.
     */
    Reader compile(AvroSchema s, DataType t, String column) {
        if (s.type() == AvroSchema.Type.UNION) {
            List<AvroSchema> branches = s.branches();
            Reader[] readers = new Reader[branches.size()];
            boolean any = false;
            boolean nonNull = false;
            for (int i = 0; i < readers.length; i++) {
                AvroSchema branch = branches.get(i);
                readers[i] = compile(branch, t, column);
                if (branch.type() != AvroSchema.Type.NULL) {
                    nonNull = true;
                    any |= readers[i] != null;
                }
                if (readers[i] == null) {
                    String message = "column \"" + column + "\" of type " + t.sqlName() + " cannot take an Avro "
                            + branch.describe();
                    readers[i] = in -> {
                        skip(branch, in, 0);
                        throw new FieldException(message);
                    };
                }
            }
            if (nonNull && !any) {
                return null;
            }
            int n = readers.length;
            return in -> {
                long index = in.readLong();
                if (index < 0 || index >= n) {
                    throw new BadRecordException("invalid Avro union branch " + index + " (the union has " + n + ")");
                }
                return readers[(int) index].read(in);
            };
        }
        if (s.type() == AvroSchema.Type.NULL) {
            return in -> null;
        }
        TypeKind kind = t.kind();
        if (kind == TypeKind.JSONB) {
            return in -> Jsonb.print(json(s, in, 0));
        }
        String logical = s.logicalType() == null ? "" : s.logicalType();
        switch (s.type()) {
            case BOOLEAN:
                return kind == TypeKind.BOOLEAN ? AvroInput::readBoolean : null;
            case INT:
                if (logical.equals("date")) {
                    return switch (kind) {
                        case DATE -> in -> (long) in.readInt();
                        case TIMESTAMP -> in -> {
                            int days = in.readInt();
                            try {
                                return Math.multiplyExact(days, MICROS_PER_DAY);
                            } catch (ArithmeticException e) {
                                throw new FieldException("column \"" + column + "\": date out of range for timestamp: " + days);
                            }
                        };
                        default -> null;
                    };
                }
                if (logical.equals("time-millis")) {
                    return kind != TypeKind.TIME ? null : in -> time(in.readInt() * 1000L, column);
                }
                return integral(AvroInput::readInt, t, column);
            case LONG:
                switch (logical) {
                    case "time-micros":
                        return kind != TypeKind.TIME ? null : in -> time(in.readLong(), column);
                    case "timestamp-millis", "timestamp-micros", "timestamp-nanos":
                        return kind == TypeKind.TIMESTAMPTZ || kind == TypeKind.TIMESTAMP ? timestamp(logical, column) : null;
                    case "local-timestamp-millis", "local-timestamp-micros", "local-timestamp-nanos":
                        return kind == TypeKind.TIMESTAMP ? timestamp(logical, column) : null;
                    default:
                        return integral(AvroInput::readLong, t, column);
                }
            case FLOAT:
                return switch (kind) {
                    case REAL, DOUBLE -> in -> (double) in.readFloat();
                    case DECIMAL -> in -> decimal(in.readFloat(), t, column);
                    default -> null;
                };
            case DOUBLE:
                return switch (kind) {
                    case DOUBLE -> AvroInput::readDouble;
                    case REAL -> in -> real(in.readDouble(), column);
                    case DECIMAL -> in -> decimal(in.readDouble(), t, column);
                    default -> null;
                };
            case BYTES:
            case FIXED: {
                int size = s.size();
                Reader raw = s.type() == AvroSchema.Type.BYTES ? AvroInput::readBytes : in -> in.readFixed(size);
                if (logical.equals("decimal")) {
                    int scale = s.scale();
                    return switch (kind) {
                        case DECIMAL -> in -> fit(unscaled((byte[]) raw.read(in), scale, column), t, column);
                        case DOUBLE -> in -> unscaled((byte[]) raw.read(in), scale, column).doubleValue();
                        case REAL -> in -> (double) unscaled((byte[]) raw.read(in), scale, column).floatValue();
                        default -> null;
                    };
                }
                if (logical.equals("uuid")) {
                    return kind == TypeKind.VARCHAR ? in -> varchar(uuid((byte[]) raw.read(in)), t, column) : null;
                }
                return kind == TypeKind.BYTEA ? raw : null;
            }
            case STRING:
                return text(AvroInput::readString, t, column);
            case ENUM: {
                List<String> symbols = s.symbols();
                return text(in -> symbol(symbols, in), t, column);
            }
            case ARRAY: {
                if (kind != TypeKind.ARRAY) {
                    return null;
                }
                Reader item = compile(s.element(), t.element(), column);
                if (item == null) {
                    return null;
                }
                AvroSchema items = s.element();
                return in -> {
                    List<Object> out = new ArrayList<>();
                    FieldException first = null;
                    for (long count = blockCount(in, items, false); count != 0; count = blockCount(in, items, false)) {
                        for (long i = 0; i < count; i++) {
                            try {
                                out.add(item.read(in));
                            } catch (FieldException e) {
                                first = first == null ? e : first;
                            }
                        }
                    }
                    if (first != null) {
                        throw first;
                    }
                    return Collections.unmodifiableList(out);
                };
            }
            default:
                return null;
        }
    }

    private interface LongReader {
        long read(AvroInput in) throws BadRecordException;
    }

    private static Reader integral(LongReader raw, DataType t, String column) {
        return switch (t.kind()) {
            case SMALLINT -> in -> range(raw.read(in), Short.MIN_VALUE, Short.MAX_VALUE, "smallint", column);
            case INTEGER -> in -> range(raw.read(in), Integer.MIN_VALUE, Integer.MAX_VALUE, "integer", column);
            case BIGINT -> raw::read;
            case DECIMAL -> in -> fit(BigDecimal.valueOf(raw.read(in)), t, column);
            case REAL -> in -> (double) (float) raw.read(in);
            case DOUBLE -> in -> (double) raw.read(in);
            default -> null;
        };
    }

    private static Object range(long value, long min, long max, String type, String column) throws FieldException {
        if (value < min || value > max) {
            throw new FieldException("column \"" + column + "\": " + type + " out of range: " + value);
        }
        return value;
    }

    private static Object time(long micros, String column) throws FieldException {
        if (micros < 0 || micros > MICROS_PER_DAY) {
            throw new FieldException("column \"" + column + "\": time of day out of range: " + micros + " microseconds");
        }
        return micros;
    }

    private static Reader timestamp(String logical, String column) {
        if (logical.endsWith("millis")) {
            return in -> {
                long millis = in.readLong();
                try {
                    return Math.multiplyExact(millis, 1000L);
                } catch (ArithmeticException e) {
                    throw new FieldException("column \"" + column + "\": timestamp out of range: " + millis + " ms");
                }
            };
        }
        if (logical.endsWith("nanos")) {
            // Rounded to the nearest microsecond, halves away from zero, as PostgreSQL rounds fractions.
            return in -> {
                long nanos = in.readLong();
                long micros = nanos / 1000;
                long rest = nanos % 1000;
                return rest >= 500 ? micros + 1 : rest <= -500 ? micros - 1 : micros;
            };
        }
        return AvroInput::readLong;
    }

    private static Object real(double d, String column) throws FieldException {
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw new FieldException("column \"" + column + "\": value out of range: overflow");
        }
        if (f == 0 && d != 0) {
            throw new FieldException("column \"" + column + "\": value out of range: underflow");
        }
        return (double) f;
    }

    private static Object decimal(double d, DataType t, String column) throws FieldException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new FieldException("column \"" + column + "\": cannot convert " + d + " to numeric");
        }
        // As PostgreSQL's float8 to numeric cast: 15 significant digits.
        return fit(plain(new BigDecimal(d).round(new MathContext(15))), t, column);
    }

    private static Object decimal(float f, DataType t, String column) throws FieldException {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            throw new FieldException("column \"" + column + "\": cannot convert " + f + " to numeric");
        }
        // As PostgreSQL's float4 to numeric cast: 6 significant digits.
        return fit(plain(new BigDecimal(f).round(new MathContext(6))), t, column);
    }

    /** Without trailing fraction zeros, and never a negative scale. */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Object fit(BigDecimal value, DataType t, String column) throws FieldException {
        try {
            return Values.fitDecimal(value, t);
        } catch (RuntimeException e) {
            throw new FieldException("column \"" + column + "\": " + e.getMessage());
        }
    }

    private static BigDecimal unscaled(byte[] bytes, int scale, String column) throws FieldException {
        if (bytes.length == 0) {
            throw new FieldException("column \"" + column + "\": an Avro decimal without bytes");
        }
        return new BigDecimal(new BigInteger(bytes), scale);
    }

    private static Object varchar(String text, DataType t, String column) throws FieldException {
        try {
            return Values.fitVarchar(text, t);
        } catch (RuntimeException e) {
            throw new FieldException("column \"" + column + "\": " + e.getMessage());
        }
    }

    private static String uuid(byte[] bytes) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[8 + i] & 0xff);
        }
        return new UUID(high, low).toString();
    }

    private static String symbol(List<String> symbols, AvroInput in) throws BadRecordException {
        long index = in.readLong();
        if (index < 0 || index >= symbols.size()) {
            throw new BadRecordException("invalid Avro enum index " + index + " (the enum has " + symbols.size() + " symbols)");
        }
        return symbols.get((int) index);
    }

    private interface TextReader {
        String read(AvroInput in) throws BadRecordException;
    }

    /** Text into a varchar column as is, into any other through the type's text input. */
    private static Reader text(TextReader raw, DataType t, String column) {
        if (t.kind() == TypeKind.VARCHAR) {
            return in -> varchar(raw.read(in), t, column);
        }
        return in -> {
            String text = raw.read(in);
            try {
                return TextFormat.parse(t, text);
            } catch (RuntimeException e) {
                throw new FieldException("column \"" + column + "\": " + e.getMessage());
            }
        };
    }

    /**
     * The item count of the next block of an array or map (0 at the end), checked against the bytes
     * left so that garbage cannot make a huge count loop or allocate.
     */
    private long blockCount(AvroInput in, AvroSchema items, boolean map) throws BadRecordException {
        long count = in.readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new BadRecordException("invalid Avro block count " + count);
            }
            count = -count;
            long size = in.readLong();
            if (size < 0 || size > in.remaining()) {
                throw new BadRecordException("invalid Avro block size " + size);
            }
        }
        long min = items.minSize() + (map ? 1 : 0);
        if (min > 0) {
            if (count > in.remaining() / min) {
                throw new BadRecordException("Avro " + (map ? "map" : "array") + " block of " + count
                        + " items is longer than the value");
            }
        } else {
            emptyItems += count;
            if (emptyItems > MAX_EMPTY_ITEMS || emptyItems < 0) {
                throw new BadRecordException("Avro value has more than " + MAX_EMPTY_ITEMS + " items of an empty type");
            }
        }
        return count;
    }

    /** Reads past one value of {@code s}. */
    private void skip(AvroSchema s, AvroInput in, int depth) throws BadRecordException {
        switch (s.type()) {
            case NULL -> { }
            case BOOLEAN -> in.readBoolean();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.skip(4);
            case DOUBLE -> in.skip(8);
            case BYTES, STRING -> in.skip(in.readLength());
            case FIXED -> in.skip(s.size());
            case ENUM -> symbol(s.symbols(), in);
            case UNION -> {
                long index = in.readLong();
                if (index < 0 || index >= s.branches().size()) {
                    throw new BadRecordException("invalid Avro union branch " + index + " (the union has "
                            + s.branches().size() + ")");
                }
                skip(s.branches().get((int) index), in, depth);
            }
            case RECORD -> {
                checkDepth(depth);
                for (AvroSchema.Field field : s.fields()) {
                    skip(field.schema(), in, depth + 1);
                }
            }
            case ARRAY, MAP -> {
                checkDepth(depth);
                boolean map = s.type() == AvroSchema.Type.MAP;
                for (long count = blockCount(in, s.element(), map); count != 0; count = blockCount(in, s.element(), map)) {
                    for (long i = 0; i < count; i++) {
                        if (map) {
                            in.skip(in.readLength());
                        }
                        skip(s.element(), in, depth + 1);
                    }
                }
            }
        }
    }

    private static void checkDepth(int depth) throws BadRecordException {
        if (depth >= MAX_DEPTH) {
            throw new BadRecordException("Avro value nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /**
     * A value of {@code s} as a {@link Jsonb} tree: records and maps as objects, arrays as arrays,
     * a union as its branch's value, numbers as numbers (a float NaN or infinity as a string, as
     * PostgreSQL's to_jsonb does), decimals as numbers, bytes and fixed as bytea text
     * ({@code "\\x0102"}), enums as their symbol, uuid fixed as uuid text; other logical types as
     * their underlying number.
     */
    private Object json(AvroSchema s, AvroInput in, int depth) throws BadRecordException {
        String logical = s.logicalType() == null ? "" : s.logicalType();
        switch (s.type()) {
            case NULL:
                return Jsonb.NULL;
            case BOOLEAN:
                return in.readBoolean();
            case INT:
                return BigDecimal.valueOf(in.readInt());
            case LONG:
                return BigDecimal.valueOf(in.readLong());
            case FLOAT: {
                float f = in.readFloat();
                return Float.isNaN(f) || Float.isInfinite(f) ? TextFormat.formatFloat(f) : plain(new BigDecimal(TextFormat.formatFloat(f)));
            }
            case DOUBLE: {
                double d = in.readDouble();
                return Double.isNaN(d) || Double.isInfinite(d) ? TextFormat.formatDouble(d) : plain(new BigDecimal(TextFormat.formatDouble(d)));
            }
            case BYTES:
            case FIXED: {
                byte[] bytes = s.type() == AvroSchema.Type.BYTES ? in.readBytes() : in.readFixed(s.size());
                if (logical.equals("decimal") && bytes.length > 0) {
                    return new BigDecimal(new BigInteger(bytes), s.scale());
                }
                if (logical.equals("uuid")) {
                    return uuid(bytes);
                }
                return TextFormat.formatBytea(bytes);
            }
            case STRING:
                return in.readString();
            case ENUM:
                return symbol(s.symbols(), in);
            case UNION: {
                long index = in.readLong();
                if (index < 0 || index >= s.branches().size()) {
                    throw new BadRecordException("invalid Avro union branch " + index + " (the union has "
                            + s.branches().size() + ")");
                }
                return json(s.branches().get((int) index), in, depth);
            }
            case RECORD: {
                checkDepth(depth);
                Map<String, Object> object = new TreeMap<>(Jsonb.KEY_ORDER);
                for (AvroSchema.Field field : s.fields()) {
                    object.put(field.name(), json(field.schema(), in, depth + 1));
                }
                return object;
            }
            case ARRAY: {
                checkDepth(depth);
                List<Object> array = new ArrayList<>();
                for (long count = blockCount(in, s.element(), false); count != 0; count = blockCount(in, s.element(), false)) {
                    for (long i = 0; i < count; i++) {
                        array.add(json(s.element(), in, depth + 1));
                    }
                }
                return array;
            }
            case MAP: {
                checkDepth(depth);
                Map<String, Object> object = new TreeMap<>(Jsonb.KEY_ORDER);
                for (long count = blockCount(in, s.element(), true); count != 0; count = blockCount(in, s.element(), true)) {
                    for (long i = 0; i < count; i++) {
                        String key = in.readString();
                        object.put(key, json(s.element(), in, depth + 1));
                    }
                }
                return object;
            }
            default:
                throw new AssertionError(s.type());
        }
    }

    private static FreshetException invalid(String message) {
        return new FreshetException(SqlState.INVALID_PARAMETER_VALUE, message);
    }
}
