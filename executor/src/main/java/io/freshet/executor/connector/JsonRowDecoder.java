package io.freshet.executor.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.freshet.common.DataType;
import io.freshet.common.Jsonb;
import io.freshet.common.SqlArray;
import io.freshet.common.TextFormat;
import io.freshet.common.TypeKind;
import io.freshet.common.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes a JSON object (one Kafka record value, {@code FORMAT PLAIN ENCODE JSON}) into a row of a
 * table's visible columns.
 *
 * <p>Fields map to columns by name: an exact match first, else case-insensitively (of several
 * fields matching a column case-insensitively, the name that comes first; of duplicate fields,
 * the last); a missing field or JSON {@code null} is SQL NULL; fields without a column are
 * ignored. A JSON string is read with the column type's PostgreSQL text input (so {@code "42"}
 * fills an integer column and {@code "2024-01-02 03:04:05"} a timestamp); a JSON number fills
 * numeric columns only, a JSON boolean boolean columns only. A {@code jsonb} column takes any JSON
 * value as jsonb (a JSON string is a jsonb string); an array column takes a JSON array whose
 * elements convert to the element type as fields do to columns ({@code null} elements are NULL),
 * or a string in PostgreSQL's array text form. Anything else (malformed JSON, a value that is not
 * an object, a number out of range or too long for its {@code numeric(p,s)}, a string too long for
 * its {@code varchar(n)}, an unparseable string, a NULL for a NOT NULL column, an object or array
 * value for another column type) makes the record bad: {@link #decode} throws
 * {@link BadRecordException} naming why.
 *
 * <p>The record is read with Jackson's streaming parser, without building a tree: numbers are
 * converted from the number token, unknown fields skipped. Field names come canonicalized (the same
 * String instance each time) from the factory's symbol table, so the name-to-column lookup is
 * cached by name.
 *
 * <p>Not thread-safe; one instance per consumer thread.
 */
public final class JsonRowDecoder {
    /** Names of fields remembered for matching; past this, new names are matched without caching. */
    private static final int MAX_CACHED_NAMES = 4096;
    private static final int[] NONE = new int[0];
    private static final Match NO_MATCH = new Match(-1, NONE);

    private final List<String> names;
    private final DataType[] types;
    private final boolean[] notNull;
    private final boolean[] wantedInValue;
    private final JsonFactory factory = new JsonFactory();
    /** Columns by exact name, and by lower-cased name. */
    private final Map<String, Integer> exact = new HashMap<>();
    private final Map<String, int[]> folded = new HashMap<>();
    private final Map<String, Match> matches = new HashMap<>();
    /** The name seen at each field position of the previous object and its match (a cheap first look-up). */
    private final String[] lastName = new String[32];
    private final Match[] lastMatch = new Match[32];
    private boolean badFieldNull;
    private String fieldError;

    // Per-object scratch state, reset by scanObject.
    /** How each column got its value: 0 not yet, 1 a case-insensitive match, 2 an exact match. */
    private final byte[] rank;
    /** For rank 1: the field name that matched. */
    private final String[] foldedBy;
    /** Why a column's value could not be converted, or null. */
    private final String[] error;
    /** The columns the current field fills. */
    private final int[] takenNow;

    /** Why a record could not be decoded. */
    public static final class BadRecordException extends Exception {
        public BadRecordException(String message) {
            super(message, null, false, false);
        }
    }

    /** The columns a field name matches: exactly (or -1), and case-insensitively. */
    private record Match(int exact, int[] folded) {
    }

    public JsonRowDecoder(List<String> names, List<DataType> types, boolean[] notNull) {
        this(names, types, notNull, new boolean[names.size()]);
    }

    /** As above; the columns marked in {@code skip} are not read from the JSON (left NULL for the caller to fill). */
    public JsonRowDecoder(List<String> names, List<DataType> types, boolean[] notNull, boolean[] skip) {
        this.names = List.copyOf(names);
        this.types = types.toArray(new DataType[0]);
        this.notNull = notNull.clone();
        int n = names.size();
        this.wantedInValue = new boolean[n];
        for (int c = 0; c < n; c++) {
            wantedInValue[c] = !skip[c];
            exact.putIfAbsent(names.get(c), c);
            folded.merge(names.get(c).toLowerCase(Locale.ROOT), new int[] {c}, JsonRowDecoder::concat);
        }
        this.rank = new byte[n];
        this.foldedBy = new String[n];
        this.error = new String[n];
        this.takenNow = new int[n];
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * With {@code true}, a field whose value cannot be converted to its column's type is read as
     * NULL (when the column is nullable) instead of making the record bad; {@link #fieldError()}
     * then names the first such field. Malformed JSON still makes the record bad.
     */
    public JsonRowDecoder badFieldAsNull(boolean nullMode) {
        this.badFieldNull = nullMode;
        return this;
    }

    /** After {@link #decode}: why a field was set to NULL ({@link #badFieldAsNull}), or null. */
    public String fieldError() {
        return fieldError;
    }

    public Object[] decode(byte[] value) throws BadRecordException {
        if (value == null) {
            throw new BadRecordException("the record has no value");
        }
        fieldError = null;
        Object[] row = new Object[names.size()];
        try (JsonParser p = factory.createParser(value)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                rest(p, t);
                throw new BadRecordException("the value is not a JSON object");
            }
            scanObject(p, value, 0, row, wantedInValue);
            rest(p, null);
        } catch (JsonProcessingException e) {
            throw malformed("", e);
        } catch (IOException e) {
            throw new BadRecordException("unreadable JSON: " + e.getMessage());
        }
        return finishRow(row);
    }

    private static BadRecordException malformed(String where, JsonProcessingException e) {
        return new BadRecordException("malformed JSON" + where + ": " + e.getOriginalMessage());
    }

    /**
     * Reads the rest of the document after its first value (whose first token is {@code first}, or
     * null when the parser is already at its last token): anything more is malformed.
     */
    private static void rest(JsonParser p, JsonToken first) throws IOException {
        if (first != null) {
            p.skipChildren();
        }
        JsonToken next = p.nextToken();
        if (next != null) {
            throw new JsonProcessingException("Trailing token (of type " + next + ") found after the JSON value",
                    p.currentTokenLocation()) {
            };
        }
    }

    /**
     * Checks the decoded object's columns in column order: a conversion error makes the record bad
     * (or, with {@link #badFieldAsNull}, the column NULL), then a NULL in a NOT NULL column.
     */
    private Object[] finishRow(Object[] row) throws BadRecordException {
        for (int c = 0; c < row.length; c++) {
            if (!wantedInValue[c]) {
                continue;
            }
            if (error[c] != null) {
                if (!badFieldNull || notNull[c]) {
                    throw new BadRecordException(error[c]);
                }
                if (fieldError == null) {
                    fieldError = error[c] + " (set to NULL)";
                }
            }
            if (row[c] == null && notNull[c]) {
                throw new BadRecordException("null value in column \"" + names.get(c) + "\", which is NOT NULL");
            }
        }
        return row;
    }

    /**
     * Reads the object whose START_OBJECT is the parser's current token, up to its END_OBJECT, into
     * the {@code wanted} columns of {@code row}; a value that does not convert leaves its column
     * NULL and its reason in {@link #error}. Malformed JSON throws.
     */
    private void scanObject(JsonParser p, byte[] bytes, int base, Object[] row, boolean[] wanted) throws IOException {
        Arrays.fill(rank, (byte) 0);
        Arrays.fill(error, null);
        int position = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            Match match = match(name, position++);
            int taken = 0;
            int e = match.exact;
            if (e >= 0 && wanted[e]) {
                take(e, (byte) 2, name, row);
                takenNow[taken++] = e;
            }
            for (int c : match.folded) {
                if (c != e && wanted[c] && (rank[c] == 0 || rank[c] == 1 && foldedBy[c].equals(name))) {
                    take(c, (byte) 1, name, row);
                    takenNow[taken++] = c;
                }
            }
            if (taken == 0 || t == JsonToken.VALUE_NULL) {
                p.skipChildren();
            } else if (taken == 1 || !t.isStructStart()) {
                // A scalar can be converted for each column that takes it: the token stays current.
                for (int i = 0; i < taken; i++) {
                    convertInto(p, t, takenNow[i], row);
                }
            } else {
                // An object or array for several columns (names differing only in case): each
                // column reads the value from its own parser over the value's bytes.
                int start = base + (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int end = base + (int) p.currentLocation().getByteOffset();
                for (int i = 0; i < taken; i++) {
                    try (JsonParser sub = factory.createParser(bytes, start, end - start)) {
                        convertInto(sub, sub.nextToken(), takenNow[i], row);
                    }
                }
            }
        }
    }

    private void take(int c, byte how, String name, Object[] row) {
        rank[c] = how;
        if (how == 1) {
            foldedBy[c] = name;
        }
        row[c] = null;
        error[c] = null;
    }

    private void convertInto(JsonParser p, JsonToken t, int c, Object[] row) throws IOException {
        try {
            row[c] = convert(p, t, types[c], names.get(c));
        } catch (BadRecordException x) {
            error[c] = x.getMessage();
        }
    }

    private Match match(String name, int position) {
        if (position < lastName.length && lastName[position] == name) {
            return lastMatch[position];
        }
        Match match = matches.get(name);
        if (match == null) {
            Integer e = exact.get(name);
            int[] f = folded.get(name.toLowerCase(Locale.ROOT));
            match = e == null && f == null ? NO_MATCH : new Match(e == null ? -1 : e, f == null ? NONE : f);
            if (matches.size() < MAX_CACHED_NAMES) {
                matches.put(name, match);
            }
        }
        if (position < lastName.length) {
            lastName[position] = name;
            lastMatch[position] = match;
        }
        return match;
    }

    /**
     * One Debezium change event ({@code FORMAT DEBEZIUM ENCODE JSON}): {@code deleteKey} holds the
     * values of the key columns of a row to delete first (or is null), {@code insert} the row to
     * insert or replace (or is null).
     */
    public record Change(Object[] deleteKey, Object[] insert) {
    }

    /** The fields of a Debezium envelope: where its images are in the record's bytes. */
    private static final class Envelope {
        boolean hasOp;
        String op;
        /** Byte ranges of the before/after objects ([start, end), start -1 when not an object or absent). */
        long beforeStart = -1;
        long beforeEnd;
        long afterStart = -1;
        long afterEnd;
    }

    /**
     * Decodes a Debezium JSON envelope {@code {"before": …, "after": …, "op": …}}, bare or wrapped
     * as {@code {"schema": …, "payload": {…}}}. {@code op} {@code c} (create) and {@code r}
     * (snapshot read) insert {@code after}; {@code u} replaces the row with {@code after}'s key by
     * {@code after}, and first deletes {@code before}'s key when {@code before} names another key
     * (a primary key change); {@code d} deletes the row with {@code before}'s key. Any other op, a
     * missing image, or a key column missing from the image makes the record bad. A null value
     * (the tombstone Debezium writes after a delete) is the caller's to ignore.
     */
    public Change decodeDebezium(byte[] value, int[] keyColumns) throws BadRecordException {
        if (value == null) {
            throw new BadRecordException("the record has no value");
        }
        Envelope outer = new Envelope();
        Envelope payload = null;
        try (JsonParser p = factory.createParser(value)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                rest(p, t);
                throw new BadRecordException("the value is not a JSON object");
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken v = p.nextToken();
                if (name.equals("payload")) {
                    if (v == JsonToken.START_OBJECT) {
                        payload = new Envelope();
                        String inner;
                        while ((inner = p.nextFieldName()) != null) {
                            envelopeField(p, p.nextToken(), inner, payload);
                        }
                    } else {
                        payload = null;
                        p.skipChildren();
                    }
                } else {
                    envelopeField(p, v, name, outer);
                }
            }
            rest(p, null);
        } catch (JsonProcessingException e) {
            throw malformed("", e);
        } catch (IOException e) {
            throw new BadRecordException("unreadable JSON: " + e.getMessage());
        }
        Envelope root = !outer.hasOp && payload != null ? payload : outer;
        if (root.op == null) {
            throw new BadRecordException("not a Debezium change event: no \"op\" field");
        }
        String op = root.op;
        switch (op) {
            case "c", "r" -> {
                image(root.afterStart, "after", op);
                return new Change(null, decodeImage(value, root.afterStart, root.afterEnd));
            }
            case "u" -> {
                image(root.afterStart, "after", "u");
                Object[] row = decodeImage(value, root.afterStart, root.afterEnd);
                String rowError = fieldError;
                Object[] deleteKey = null;
                if (root.beforeStart >= 0) {
                    Object[] old = keyOfImage(value, root.beforeStart, root.beforeEnd, keyColumns);
                    for (int k = 0; k < keyColumns.length; k++) {
                        if (!java.util.Objects.equals(old[k], row[keyColumns[k]])) {
                            deleteKey = old;
                            break;
                        }
                    }
                }
                fieldError = rowError;
                return new Change(deleteKey, row);
            }
            case "d" -> {
                fieldError = null;
                image(root.beforeStart, "before", "d");
                return new Change(keyOfImage(value, root.beforeStart, root.beforeEnd, keyColumns), null);
            }
            default -> throw new BadRecordException("Debezium op \"" + op + "\" is not supported (c, r, u, d)");
        }
    }

    private static void envelopeField(JsonParser p, JsonToken v, String name, Envelope into) throws IOException {
        switch (name) {
            case "op" -> {
                into.hasOp = true;
                into.op = v == JsonToken.VALUE_STRING ? p.getText() : null;
                p.skipChildren();
            }
            case "before", "after" -> {
                long start = -1;
                long end = 0;
                if (v == JsonToken.START_OBJECT) {
                    start = p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    end = p.currentLocation().getByteOffset();
                } else {
                    p.skipChildren();
                }
                if (name.equals("before")) {
                    into.beforeStart = start;
                    into.beforeEnd = end;
                } else {
                    into.afterStart = start;
                    into.afterEnd = end;
                }
            }
            default -> p.skipChildren();
        }
    }

    private static void image(long start, String name, String op) throws BadRecordException {
        if (start < 0) {
            throw new BadRecordException("Debezium op \"" + op + "\" without a \"" + name + "\" object");
        }
    }

    private Object[] decodeImage(byte[] value, long start, long end) throws BadRecordException {
        fieldError = null;
        Object[] row = new Object[names.size()];
        try (JsonParser p = factory.createParser(value, (int) start, (int) (end - start))) {
            p.nextToken();
            scanObject(p, value, (int) start, row, wantedInValue);
        } catch (JsonProcessingException e) {
            throw malformed("", e);
        } catch (IOException e) {
            throw new BadRecordException("unreadable JSON: " + e.getMessage());
        }
        return finishRow(row);
    }

    private Object[] keyOfImage(byte[] value, long start, long end, int[] keyColumns) throws BadRecordException {
        try (JsonParser p = factory.createParser(value, (int) start, (int) (end - start))) {
            p.nextToken();
            Object[] row = new Object[names.size()];
            scanObject(p, value, (int) start, row, wanted(keyColumns));
            return keyOf(row, keyColumns, "\"before\"");
        } catch (JsonProcessingException e) {
            throw malformed("", e);
        } catch (IOException e) {
            throw new BadRecordException("unreadable JSON: " + e.getMessage());
        }
    }

    /**
     * Decodes a record key ({@code FORMAT UPSERT}) into the values of the key columns
     * ({@code keyColumns}, indexes of this decoder's columns): a JSON object whose fields name the
     * key columns (matched as in {@link #decode}), or, for a one-column key, a bare JSON string,
     * number or boolean. A missing or null key column makes the record bad.
     */
    public Object[] decodeKey(byte[] key, int[] keyColumns) throws BadRecordException {
        if (key == null) {
            throw new BadRecordException("the record has no key (FORMAT UPSERT needs the primary key in the record key)");
        }
        Object[] row = null;
        Object scalar = null;
        BadRecordException bad = null;
        try (JsonParser p = factory.createParser(key)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new BadRecordException("the record key is empty");
            }
            if (t == JsonToken.START_OBJECT) {
                row = new Object[names.size()];
                scanObject(p, key, 0, row, wanted(keyColumns));
                rest(p, null);
            } else {
                if (keyColumns.length != 1 || t.isStructStart() || t == JsonToken.VALUE_NULL) {
                    bad = new BadRecordException("the record key is not a JSON object"
                            + (keyColumns.length == 1 ? " or a JSON scalar" : " naming the key columns"));
                } else {
                    try {
                        scalar = convert(p, t, types[keyColumns[0]], names.get(keyColumns[0]));
                    } catch (BadRecordException e) {
                        bad = e;
                    }
                }
                rest(p, t.isStructStart() ? t : null);
            }
        } catch (JsonProcessingException e) {
            throw malformed(" in the key", e);
        } catch (IOException e) {
            throw new BadRecordException("unreadable JSON in the key: " + e.getMessage());
        }
        if (bad != null) {
            throw bad;
        }
        return row == null ? new Object[] {scalar} : keyOf(row, keyColumns, "the record key");
    }

    private boolean[] wanted(int[] columns) {
        boolean[] wanted = new boolean[names.size()];
        for (int c : columns) {
            wanted[c] = true;
        }
        return wanted;
    }

    /** The key columns of a row read by {@link #scanObject}; throws naming {@code what} for a missing key column. */
    private Object[] keyOf(Object[] row, int[] keyColumns, String what) throws BadRecordException {
        Object[] values = new Object[keyColumns.length];
        for (int k = 0; k < keyColumns.length; k++) {
            int c = keyColumns[k];
            if (error[c] != null) {
                throw new BadRecordException(error[c]);
            }
            if (row[c] == null) {
                throw new BadRecordException(what + " has no value for key column \"" + names.get(c) + "\"");
            }
            values[k] = row[c];
        }
        return values;
    }

    /**
     * The value of type {@code type} of the JSON value whose first token {@code t} is current (not
     * VALUE_NULL). On return, and when it throws {@link BadRecordException}, the parser is at the
     * value's last token.
     */
    private static Object convert(JsonParser p, JsonToken t, DataType type, String column) throws IOException, BadRecordException {
        TypeKind kind = type.kind();
        switch (t) {
            case VALUE_STRING:
                if (kind == TypeKind.JSONB) {
                    return Jsonb.print(jsonString(p.getText(), column));
                }
                return parseText(type, p.getText(), column);
            case VALUE_NUMBER_INT:
                return integerToken(p, type, column);
            case VALUE_NUMBER_FLOAT:
                return floatToken(p, type, column);
            case VALUE_TRUE:
            case VALUE_FALSE:
                if (kind == TypeKind.BOOLEAN) {
                    return t == JsonToken.VALUE_TRUE;
                }
                if (kind == TypeKind.JSONB) {
                    return t == JsonToken.VALUE_TRUE ? "true" : "false";
                }
                throw wrongType(p, t, type, column);
            case START_ARRAY:
                if (kind == TypeKind.ARRAY) {
                    return array(p, type, column);
                }
                if (kind == TypeKind.JSONB) {
                    return Jsonb.print(jsonTree(p, t, column));
                }
                throw wrongType(p, t, type, column);
            case START_OBJECT:
                if (kind == TypeKind.JSONB) {
                    return Jsonb.print(jsonTree(p, t, column));
                }
                throw wrongType(p, t, type, column);
            default:
                throw wrongType(p, t, type, column);
        }
    }

    private static Object parseText(DataType type, String text, String column) throws BadRecordException {
        try {
            return TextFormat.parse(type, text);
        } catch (RuntimeException e) {
            throw new BadRecordException("column \"" + column + "\": " + e.getMessage());
        }
    }

    /** A JSON integer: read from the token for integer and float columns, else through its text. */
    private static Object integerToken(JsonParser p, DataType type, String column) throws IOException, BadRecordException {
        switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT -> {
                JsonParser.NumberType nt = p.getNumberType();
                if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
                    long v = p.getLongValue();
                    if (type.kind() == TypeKind.BIGINT
                            || type.kind() == TypeKind.INTEGER && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE
                            || v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                        return v;
                    }
                }
                // Out of range: the text input says so in its words.
                return parseText(type, p.getText(), column);
            }
            case DOUBLE -> {
                double d = p.getDoubleValue();
                return Double.isInfinite(d) ? parseText(type, p.getText(), column) : d;
            }
            case REAL -> {
                return parseText(type, p.getText(), column);
            }
            case DECIMAL -> {
                JsonParser.NumberType nt = p.getNumberType();
                BigDecimal d = nt == JsonParser.NumberType.BIG_INTEGER ? new BigDecimal(p.getBigIntegerValue())
                        : BigDecimal.valueOf(p.getLongValue());
                return fitDecimal(d, type, column);
            }
            case JSONB -> {
                return Jsonb.print(jsonNumber(p.getDecimalValue()));
            }
            default -> throw wrongType(p, JsonToken.VALUE_NUMBER_INT, type, column);
        }
    }

    /**
     * A JSON number with a fraction or exponent, taken as its exact decimal value with trailing
     * zeros dropped (so {@code 2.0} fills an integer column, and {@code 1.50} a numeric one as
     * {@code 1.5}).
     */
    private static Object floatToken(JsonParser p, DataType type, String column) throws IOException, BadRecordException {
        switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT -> {
                BigDecimal d = p.getDecimalValue().stripTrailingZeros();
                if (d.scale() <= 0 && d.precision() - d.scale() <= 19) {
                    BigInteger whole = d.toBigIntegerExact();
                    if (whole.bitLength() < 64) {
                        long v = whole.longValue();
                        if (type.kind() == TypeKind.BIGINT
                                || type.kind() == TypeKind.INTEGER && v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE
                                || v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                            return v;
                        }
                    }
                }
                return parseText(type, d.toPlainString(), column);
            }
            case DOUBLE -> {
                double v = p.getDoubleValue();
                return Double.isInfinite(v) ? parseText(type, p.getText(), column) : v;
            }
            case REAL -> {
                return parseText(type, p.getText(), column);
            }
            case DECIMAL -> {
                BigDecimal d = p.getDecimalValue().stripTrailingZeros();
                return fitDecimal(d.scale() < 0 ? d.setScale(0) : d, type, column);
            }
            case JSONB -> {
                return Jsonb.print(jsonNumber(p.getDecimalValue()));
            }
            default -> throw wrongType(p, JsonToken.VALUE_NUMBER_FLOAT, type, column);
        }
    }

    private static BigDecimal fitDecimal(BigDecimal d, DataType type, String column) throws BadRecordException {
        try {
            return Values.fitDecimal(d, type);
        } catch (RuntimeException e) {
            throw new BadRecordException("column \"" + column + "\": " + e.getMessage());
        }
    }

    /** A JSON array for an array column: each element converted to the element type. */
    private static List<Object> array(JsonParser p, DataType type, String column) throws IOException, BadRecordException {
        DataType element = type.element();
        List<Object> values = new ArrayList<>();
        BadRecordException first = null;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (first != null) {
                p.skipChildren();
            } else if (e == JsonToken.VALUE_NULL) {
                values.add(null);
            } else {
                try {
                    values.add(convert(p, e, element, column));
                } catch (BadRecordException x) {
                    first = x;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return SqlArray.of(values);
    }

    /**
     * The jsonb tree of the JSON value at the parser (as {@link Jsonb#parse} builds it: sorted
     * objects keeping the last of duplicate keys, numbers as numeric). Reads the whole value before
     * throwing, for a {@code \u0000} escape (which jsonb does not take).
     */
    private static Object jsonTree(JsonParser p, JsonToken t, String column) throws IOException, BadRecordException {
        boolean[] nul = new boolean[1];
        Object tree = jsonValue(p, t, nul);
        if (nul[0]) {
            throw new BadRecordException("column \"" + column + "\": unsupported Unicode escape sequence");
        }
        return tree;
    }

    private static Object jsonValue(JsonParser p, JsonToken t, boolean[] nul) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new TreeMap<>(Jsonb.KEY_ORDER);
                String key;
                while ((key = p.nextFieldName()) != null) {
                    nul[0] |= key.indexOf('\0') >= 0;
                    map.put(key, jsonValue(p, p.nextToken(), nul));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    list.add(jsonValue(p, e, nul));
                }
                return list;
            }
            case VALUE_STRING: {
                String s = p.getText();
                nul[0] |= s.indexOf('\0') >= 0;
                return s;
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return jsonNumber(p.getDecimalValue());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return Jsonb.NULL;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }

    private static String jsonString(String s, String column) throws BadRecordException {
        if (s.indexOf('\0') >= 0) {
            throw new BadRecordException("column \"" + column + "\": unsupported Unicode escape sequence");
        }
        return s;
    }

    /** A JSON number as jsonb holds it (as {@link Jsonb#parse} reads number text). */
    private static BigDecimal jsonNumber(BigDecimal d) {
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return d.signum() == 0 && d.scale() == 0 ? BigDecimal.ZERO : d;
    }

    /** The error for a JSON value the column type does not take; skips the value first. */
    private static BadRecordException wrongType(JsonParser p, JsonToken t, DataType type, String column) throws IOException {
        p.skipChildren();
        String what = switch (t) {
            case START_OBJECT -> "object";
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
        return new BadRecordException("column \"" + column + "\" of type " + type.sqlName() + " cannot take a JSON " + what);
    }
}
