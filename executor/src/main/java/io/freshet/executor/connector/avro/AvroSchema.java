package io.freshet.executor.connector.avro;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An Avro schema (specification 1.12), parsed from its JSON form: primitive types, records (and
 * errors), enums, arrays, maps, fixed, unions, named type references (with namespaces, so
 * recursive types work) and the logical types {@code decimal}, {@code uuid}, {@code date},
 * {@code time-millis}, {@code time-micros}, {@code timestamp-millis|micros|nanos} and
 * {@code local-timestamp-millis|micros|nanos}. As the specification asks, a logical type that is
 * unknown or invalid for its underlying type (say {@code decimal} on an {@code int}) is ignored.
 * Defaults, aliases, docs and other attributes are ignored (they matter only to schema resolution,
 * which this reader does not do: the table's columns are matched against the writer schema).
 *
 * <p>Immutable once parsed; records reachable from themselves share one instance.
 */
public final class AvroSchema {
    /** The Avro types. */
    public enum Type { NULL, BOOLEAN, INT, LONG, FLOAT, DOUBLE, BYTES, STRING, RECORD, ENUM, ARRAY, MAP, FIXED, UNION }

    /** A field of a record. */
    public record Field(String name, AvroSchema schema) {
    }

    /** Why a schema text is not a valid Avro schema. */
    public static final class InvalidSchemaException extends Exception {
        public InvalidSchemaException(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Type type;
    private final String fullName;
    private final String logicalType;
    private final int precision;
    private final int scale;
    private final int size;
    private List<Field> fields = List.of();
    private List<String> symbols = List.of();
    private AvroSchema element;
    private List<AvroSchema> branches = List.of();
    private int minSize = -1;

    private AvroSchema(Type type, String fullName, String logicalType, int precision, int scale, int size) {
        this.type = type;
        this.fullName = fullName;
        this.logicalType = logicalType;
        this.precision = precision;
        this.scale = scale;
        this.size = size;
    }

    public Type type() {
        return type;
    }

    /** The full name of a record, enum or fixed; null for other types. */
    public String fullName() {
        return fullName;
    }

    /** The (valid) logical type, or null. */
    public String logicalType() {
        return logicalType;
    }

    /** Of a {@code decimal}. */
    public int precision() {
        return precision;
    }

    /** Of a {@code decimal}. */
    public int scale() {
        return scale;
    }

    /** Bytes of a {@code fixed}. */
    public int size() {
        return size;
    }

    public List<Field> fields() {
        return fields;
    }

    public List<String> symbols() {
        return symbols;
    }

    /** The items of an array, the values of a map. */
    public AvroSchema element() {
        return element;
    }

    public List<AvroSchema> branches() {
        return branches;
    }

    /** A short description for messages: the logical type, else the type (and name). */
    public String describe() {
        if (logicalType != null) {
            return logicalType.equals("decimal") ? "decimal(" + precision + "," + scale + ")" : logicalType;
        }
        String name = type.name().toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case RECORD, ENUM, FIXED -> name + " " + fullName;
            case ARRAY -> "array of " + element.describe();
            case MAP -> "map of " + element.describe();
            case UNION -> {
                StringBuilder text = new StringBuilder("union [");
                for (int i = 0; i < branches.size(); i++) {
                    text.append(i == 0 ? "" : ", ").append(branches.get(i).describe());
                }
                yield text.append(']').toString();
            }
            default -> name;
        };
    }

    /**
     * The fewest bytes a value of this schema takes in the binary encoding (0 for {@code null},
     * empty records and fixed(0); a record that can only reach itself through required fields
     * counts its cycle as 0): a bound on how many array or map items a number of bytes can hold.
     */
    public int minSize() {
        if (minSize < 0) {
            minSize = computeMinSize(new IdentityHashMap<>());
        }
        return minSize;
    }

    private int computeMinSize(IdentityHashMap<AvroSchema, Boolean> visiting) {
        return switch (type) {
            case NULL -> 0;
            case BOOLEAN, INT, LONG, BYTES, STRING, ENUM, ARRAY, MAP, UNION -> 1;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> size;
            case RECORD -> {
                if (visiting.put(this, Boolean.TRUE) != null) {
                    yield 0;
                }
                long total = 0;
                for (Field field : fields) {
                    total += field.schema().computeMinSize(visiting);
                }
                visiting.remove(this);
                yield (int) Math.min(total, Integer.MAX_VALUE);
            }
        };
    }

    /** Parses the JSON form of a schema. */
    public static AvroSchema parse(String json) throws InvalidSchemaException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSchemaException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidSchemaException("empty schema");
        }
        return new Parser().parse(root, "");
    }

    /** Parses with a table of the named types defined so far. */
    private static final class Parser {
        private final Map<String, AvroSchema> named = new HashMap<>();

        AvroSchema parse(JsonNode node, String namespace) throws InvalidSchemaException {
            if (node.isTextual()) {
                AvroSchema primitive = primitive(node.textValue(), null);
                return primitive != null ? primitive : reference(node.textValue(), namespace);
            }
            if (node.isArray()) {
                List<AvroSchema> branches = new ArrayList<>();
                for (JsonNode branch : node) {
                    AvroSchema schema = parse(branch, namespace);
                    if (schema.type == Type.UNION) {
                        throw new InvalidSchemaException("a union may not immediately contain another union");
                    }
                    branches.add(schema);
                }
                if (branches.isEmpty()) {
                    throw new InvalidSchemaException("a union needs at least one branch");
                }
                AvroSchema union = new AvroSchema(Type.UNION, null, null, 0, 0, 0);
                union.branches = List.copyOf(branches);
                return union;
            }
            if (!node.isObject()) {
                throw new InvalidSchemaException("a schema is a JSON string, array or object, not " + node);
            }
            JsonNode typeNode = node.get("type");
            if (typeNode == null) {
                throw new InvalidSchemaException("schema object without \"type\": " + node);
            }
            if (!typeNode.isTextual()) {
                // {"type": {...}} or {"type": [...]}: a nested schema.
                return parse(typeNode, namespace);
            }
            String type = typeNode.textValue();
            switch (type) {
                case "record", "error" -> {
                    AvroSchema record = define(node, namespace, Type.RECORD, 0);
                    String inner = namespaceOf(record.fullName);
                    JsonNode fieldNodes = node.get("fields");
                    if (fieldNodes == null || !fieldNodes.isArray()) {
                        throw new InvalidSchemaException("record " + record.fullName + " needs a \"fields\" array");
                    }
                    List<Field> fields = new ArrayList<>();
                    Set<String> names = new HashSet<>();
                    for (JsonNode fieldNode : fieldNodes) {
                        String name = text(fieldNode, "name", "a field of record " + record.fullName);
                        if (!NAME.matcher(name).matches()) {
                            throw new InvalidSchemaException("invalid field name \"" + name + "\" in record " + record.fullName);
                        }
                        if (!names.add(name)) {
                            throw new InvalidSchemaException("duplicate field \"" + name + "\" in record " + record.fullName);
                        }
                        JsonNode fieldType = fieldNode.get("type");
                        if (fieldType == null) {
                            throw new InvalidSchemaException("field \"" + name + "\" of record " + record.fullName + " has no \"type\"");
                        }
                        fields.add(new Field(name, parse(fieldType, inner)));
                    }
                    record.fields = List.copyOf(fields);
                    return record;
                }
                case "enum" -> {
                    AvroSchema schema = define(node, namespace, Type.ENUM, 0);
                    JsonNode symbolNodes = node.get("symbols");
                    if (symbolNodes == null || !symbolNodes.isArray()) {
                        throw new InvalidSchemaException("enum " + schema.fullName + " needs a \"symbols\" array");
                    }
                    List<String> symbols = new ArrayList<>();
                    for (JsonNode symbol : symbolNodes) {
                        if (!symbol.isTextual() || !NAME.matcher(symbol.textValue()).matches()) {
                            throw new InvalidSchemaException("invalid symbol " + symbol + " in enum " + schema.fullName);
                        }
                        if (symbols.contains(symbol.textValue())) {
                            throw new InvalidSchemaException("duplicate symbol " + symbol + " in enum " + schema.fullName);
                        }
                        symbols.add(symbol.textValue());
                    }
                    schema.symbols = List.copyOf(symbols);
                    return schema;
                }
                case "fixed" -> {
                    JsonNode sizeNode = node.get("size");
                    if (sizeNode == null || !sizeNode.canConvertToInt() || !sizeNode.isIntegralNumber() || sizeNode.intValue() < 0) {
                        throw new InvalidSchemaException("fixed needs a non-negative integer \"size\": " + node);
                    }
                    int size = sizeNode.intValue();
                    String logical = logical(node, Type.FIXED, size);
                    AvroSchema schema = define(node, namespace, Type.FIXED, size);
                    if (logical == null) {
                        return schema;
                    }
                    // References by name see the logical type too.
                    AvroSchema logicalFixed = withLogical(schema, logical, node);
                    named.put(schema.fullName, logicalFixed);
                    return logicalFixed;
                }
                case "array", "map" -> {
                    String attribute = type.equals("array") ? "items" : "values";
                    JsonNode elementNode = node.get(attribute);
                    if (elementNode == null) {
                        throw new InvalidSchemaException(type + " needs \"" + attribute + "\": " + node);
                    }
                    AvroSchema schema = new AvroSchema(type.equals("array") ? Type.ARRAY : Type.MAP, null, null, 0, 0, 0);
                    schema.element = parse(elementNode, namespace);
                    return schema;
                }
                default -> {
                    AvroSchema primitive = primitive(type, node);
                    return primitive != null ? primitive : reference(type, namespace);
                }
            }
        }

        /** A primitive type with the logical type of {@code node} (null: none), or null if not a primitive name. */
        private AvroSchema primitive(String name, JsonNode node) throws InvalidSchemaException {
            Type type = switch (name) {
                case "null" -> Type.NULL;
                case "boolean" -> Type.BOOLEAN;
                case "int" -> Type.INT;
                case "long" -> Type.LONG;
                case "float" -> Type.FLOAT;
                case "double" -> Type.DOUBLE;
                case "bytes" -> Type.BYTES;
                case "string" -> Type.STRING;
                default -> null;
            };
            if (type == null) {
                return null;
            }
            String logical = node == null ? null : logical(node, type, 0);
            AvroSchema schema = new AvroSchema(type, null, null, 0, 0, 0);
            return logical == null ? schema : withLogical(schema, logical, node);
        }

        private static AvroSchema withLogical(AvroSchema base, String logical, JsonNode node) {
            int precision = 0;
            int scale = 0;
            if (logical.equals("decimal")) {
                precision = node.get("precision").intValue();
                scale = node.has("scale") ? node.get("scale").intValue() : 0;
            }
            return new AvroSchema(base.type, base.fullName, logical, precision, scale, base.size);
        }

        /** The logical type of {@code node} when known and valid for {@code type}, else null (ignored, as the spec says). */
        private static String logical(JsonNode node, Type type, int size) {
            JsonNode logicalNode = node.get("logicalType");
            if (logicalNode == null || !logicalNode.isTextual()) {
                return null;
            }
            String logical = logicalNode.textValue();
            boolean valid = switch (logical) {
                case "decimal" -> (type == Type.BYTES || type == Type.FIXED) && validDecimal(node, type, size);
                case "uuid" -> type == Type.STRING || (type == Type.FIXED && size == 16);
                case "date", "time-millis" -> type == Type.INT;
                case "time-micros", "timestamp-millis", "timestamp-micros", "timestamp-nanos", "local-timestamp-millis",
                        "local-timestamp-micros", "local-timestamp-nanos" -> type == Type.LONG;
                default -> false;
            };
            return valid ? logical : null;
        }

        private static boolean validDecimal(JsonNode node, Type type, int size) {
            JsonNode p = node.get("precision");
            JsonNode s = node.get("scale");
            if (p == null || !p.isIntegralNumber() || !p.canConvertToInt() || p.intValue() <= 0) {
                return false;
            }
            if (s != null && (!s.isIntegralNumber() || !s.canConvertToInt() || s.intValue() < 0 || s.intValue() > p.intValue())) {
                return false;
            }
            if (type == Type.FIXED) {
                // The most decimal digits a two's complement number of `size` bytes always holds.
                double digits = Math.floor(Math.log10(2) * (8.0 * size - 1));
                return p.intValue() <= digits;
            }
            return true;
        }

        private AvroSchema define(JsonNode node, String namespace, Type type, int size) throws InvalidSchemaException {
            String name = text(node, "name", type.name().toLowerCase(java.util.Locale.ROOT));
            String fullName;
            if (name.contains(".")) {
                fullName = name;
            } else {
                JsonNode ns = node.get("namespace");
                String space = ns != null && ns.isTextual() ? ns.textValue() : namespace;
                fullName = space == null || space.isEmpty() ? name : space + "." + name;
            }
            for (String part : fullName.split("\\.", -1)) {
                if (!NAME.matcher(part).matches()) {
                    throw new InvalidSchemaException("invalid name \"" + fullName + "\"");
                }
            }
            if (named.containsKey(fullName) || primitiveName(fullName)) {
                throw new InvalidSchemaException("type \"" + fullName + "\" is defined twice");
            }
            AvroSchema schema = new AvroSchema(type, fullName, null, 0, 0, size);
            named.put(fullName, schema);
            return schema;
        }

        private AvroSchema reference(String name, String namespace) throws InvalidSchemaException {
            AvroSchema schema = null;
            if (!name.contains(".") && namespace != null && !namespace.isEmpty()) {
                schema = named.get(namespace + "." + name);
            }
            if (schema == null) {
                schema = named.get(name);
            }
            if (schema == null) {
                throw new InvalidSchemaException("unknown type \"" + name + "\"");
            }
            return schema;
        }

        private static boolean primitiveName(String name) {
            return switch (name) {
                case "null", "boolean", "int", "long", "float", "double", "bytes", "string" -> true;
                default -> false;
            };
        }

        private static String namespaceOf(String fullName) {
            int dot = fullName.lastIndexOf('.');
            return dot < 0 ? "" : fullName.substring(0, dot);
        }

        private static String text(JsonNode node, String attribute, String what) throws InvalidSchemaException {
            JsonNode value = node.get(attribute);
            if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
                throw new InvalidSchemaException(what + " needs a \"" + attribute + "\" string: " + node);
            }
            return value.textValue();
        }
    }
}
