package io.freshet.executor.connector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.freshet.common.DataType;
import io.freshet.common.TextFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes a JSON object (one Kafka record value, {@code FORMAT PLAIN ENCODE JSON}) into a row of a
 * table's visible columns.
 *
 * <p>Fields map to columns by name: an exact match first, else case-insensitively; a missing field
 * or JSON {@code null} is SQL NULL; fields without a column are ignored. A JSON string is read with
 * the column type's PostgreSQL text input (so {@code "42"} fills an integer column and
 * {@code "2024-01-02 03:04:05"} a timestamp); a JSON number fills numeric columns only, a JSON
 * boolean boolean columns only. Anything else (malformed JSON, a value that is not an object, a
 * number out of range, an unparseable string, a NULL for a NOT NULL column, an object or array
 * value) makes the record bad: {@link #decode} throws {@link BadRecordException} naming why.
 *
 * <p>Not thread-safe; one instance per consumer thread.
 */
public final class JsonRowDecoder {
    private final List<String> names;
    private final List<DataType> types;
    private final boolean[] notNull;
    private final boolean[] skip;
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private boolean badFieldNull;
    private String fieldError;

    /** Why a record could not be decoded. */
    public static final class BadRecordException extends Exception {
        public BadRecordException(String message) {
            super(message, null, false, false);
        }
    }

    public JsonRowDecoder(List<String> names, List<DataType> types, boolean[] notNull) {
        this(names, types, notNull, new boolean[names.size()]);
    }

    /** As above; the columns marked in {@code skip} are not read from the JSON (left NULL for the caller to fill). */
    public JsonRowDecoder(List<String> names, List<DataType> types, boolean[] notNull, boolean[] skip) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        this.notNull = notNull.clone();
        this.skip = skip.clone();
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
        return decodeObject(parse(value, ""));
    }

    private JsonNode parse(byte[] value, String where) throws BadRecordException {
        JsonNode root;
        try {
            root = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            throw new BadRecordException("malformed JSON" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRecordException("unreadable JSON" + where + ": " + e.getMessage());
        }
        return root;
    }

    private Object[] decodeObject(JsonNode root) throws BadRecordException {
        fieldError = null;
        if (root == null || !root.isObject()) {
            throw new BadRecordException("the value is not a JSON object");
        }
        Map<String, JsonNode> folded = null;
        Object[] row = new Object[names.size()];
        for (int c = 0; c < row.length; c++) {
            if (skip[c]) {
                continue;
            }
            String name = names.get(c);
            JsonNode field = root.get(name);
            if (field == null) {
                if (folded == null) {
                    folded = fold(root);
                }
                field = folded.get(name.toLowerCase(Locale.ROOT));
            }
            if (field != null && !field.isNull()) {
                try {
                    row[c] = convert(field, types.get(c), name);
                } catch (BadRecordException e) {
                    if (!badFieldNull || notNull[c]) {
                        throw e;
                    }
                    if (fieldError == null) {
                        fieldError = e.getMessage() + " (set to NULL)";
                    }
                }
            }
            if (row[c] == null && notNull[c]) {
                throw new BadRecordException("null value in column \"" + name + "\", which is NOT NULL");
            }
        }
        return row;
    }

    /**
     * One Debezium change event ({@code FORMAT DEBEZIUM ENCODE JSON}): {@code deleteKey} holds the
     * values of the key columns of a row to delete first (or is null), {@code insert} the row to
     * insert or replace (or is null).
     */
    public record Change(Object[] deleteKey, Object[] insert) {
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
        JsonNode root = parse(value, "");
        if (root == null || !root.isObject()) {
            throw new BadRecordException("the value is not a JSON object");
        }
        if (!root.has("op") && root.get("payload") != null && root.get("payload").isObject()) {
            root = root.get("payload");
        }
        JsonNode op = root.get("op");
        if (op == null || !op.isTextual()) {
            throw new BadRecordException("not a Debezium change event: no \"op\" field");
        }
        JsonNode before = root.get("before");
        JsonNode after = root.get("after");
        switch (op.textValue()) {
            case "c", "r" -> {
                return new Change(null, decodeObject(image(after, "after", op.textValue())));
            }
            case "u" -> {
                Object[] row = decodeObject(image(after, "after", "u"));
                String error = fieldError;
                Object[] deleteKey = null;
                if (before != null && before.isObject()) {
                    Object[] old = decodeKey(before, keyColumns, "\"before\"");
                    for (int k = 0; k < keyColumns.length; k++) {
                        if (!java.util.Objects.equals(old[k], row[keyColumns[k]])) {
                            deleteKey = old;
                            break;
                        }
                    }
                }
                fieldError = error;
                return new Change(deleteKey, row);
            }
            case "d" -> {
                fieldError = null;
                return new Change(decodeKey(image(before, "before", "d"), keyColumns, "\"before\""), null);
            }
            default -> throw new BadRecordException("Debezium op \"" + op.textValue() + "\" is not supported (c, r, u, d)");
        }
    }

    private static JsonNode image(JsonNode image, String name, String op) throws BadRecordException {
        if (image == null || !image.isObject()) {
            throw new BadRecordException("Debezium op \"" + op + "\" without a \"" + name + "\" object");
        }
        return image;
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
        JsonNode root = parse(key, " in the key");
        if (root == null || root.isMissingNode()) {
            throw new BadRecordException("the record key is empty");
        }
        return decodeKey(root, keyColumns, "the record key");
    }

    private Object[] decodeKey(JsonNode root, int[] keyColumns, String what) throws BadRecordException {
        Object[] values = new Object[keyColumns.length];
        if (!root.isObject()) {
            if (keyColumns.length != 1 || !root.isValueNode() || root.isNull()) {
                throw new BadRecordException(what + " is not a JSON object"
                        + (keyColumns.length == 1 ? " or a JSON scalar" : " naming the key columns"));
            }
            String name = names.get(keyColumns[0]);
            values[0] = convert(root, types.get(keyColumns[0]), name);
            return values;
        }
        Map<String, JsonNode> folded = null;
        for (int k = 0; k < keyColumns.length; k++) {
            String name = names.get(keyColumns[k]);
            JsonNode field = root.get(name);
            if (field == null) {
                if (folded == null) {
                    folded = fold(root);
                }
                field = folded.get(name.toLowerCase(Locale.ROOT));
            }
            if (field == null || field.isNull()) {
                throw new BadRecordException(what + " has no value for key column \"" + name + "\"");
            }
            values[k] = convert(field, types.get(keyColumns[k]), name);
        }
        return values;
    }

    private static Map<String, JsonNode> fold(JsonNode root) {
        Map<String, JsonNode> folded = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            folded.putIfAbsent(field.getKey().toLowerCase(Locale.ROOT), field.getValue());
        }
        return folded;
    }

    static Object convert(JsonNode field, DataType type, String column) throws BadRecordException {
        String text;
        if (field.isTextual()) {
            text = field.textValue();
        } else if (field.isNumber()) {
            switch (type.kind()) {
                case SMALLINT: case INTEGER: case BIGINT: case REAL: case DOUBLE: case DECIMAL:
                    break;
                default:
                    throw wrongType(field, type, column);
            }
            text = field.isIntegralNumber() ? field.bigIntegerValue().toString() : field.decimalValue().toPlainString();
        } else if (field.isBoolean()) {
            if (type.kind() != io.freshet.common.TypeKind.BOOLEAN) {
                throw wrongType(field, type, column);
            }
            return field.booleanValue();
        } else {
            throw wrongType(field, type, column);
        }
        try {
            return TextFormat.parse(type, text);
        } catch (RuntimeException e) {
            throw new BadRecordException("column \"" + column + "\": " + e.getMessage());
        }
    }

    private static BadRecordException wrongType(JsonNode field, DataType type, String column) {
        return new BadRecordException("column \"" + column + "\" of type " + type.sqlName() + " cannot take a JSON "
                + field.getNodeType().name().toLowerCase(Locale.ROOT));
    }
}
