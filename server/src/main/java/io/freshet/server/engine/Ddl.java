package io.freshet.server.engine;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.connector.DatagenConnector;
import io.freshet.executor.connector.KafkaOptions;
import io.freshet.executor.connector.avro.AvroRowDecoder;
import io.freshet.executor.runtime.StreamRuntime;
import io.freshet.parser.SqlColumnDeclaration;
import io.freshet.parser.SqlCreateMaterializedView;
import io.freshet.parser.SqlCreateRelation;
import io.freshet.parser.SqlCreateSource;
import io.freshet.parser.SqlCreateTable;
import io.freshet.parser.SqlDropObject;
import io.freshet.parser.SqlIntervalTypeNameSpec;
import io.freshet.planner.CalciteErrors;
import io.freshet.planner.QueryCompiler;
import io.freshet.planner.StreamPlanner;
import io.freshet.planner.TypeMapping;
import io.freshet.planner.catalog.Catalog;
import io.freshet.planner.catalog.ColumnDef;
import io.freshet.planner.catalog.Relation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * CREATE and DROP of tables and materialized views. Each statement holds the catalog lock, changes
 * the dataflows on the dataflow thread, stages its catalog change into the next epoch and returns
 * once that epoch is committed: a view is created complete (backfilled) and durable, or not at all.
 */
final class Ddl {
    private final Database database;

    Ddl(Database database) {
        this.database = database;
    }

    /** Returns a notice text when IF NOT EXISTS skipped the statement, else null. */
    String createTable(SqlCreateTable node, String text) {
        return createRelation(node, text, Relation.Kind.TABLE);
    }

    /**
     * CREATE SOURCE: a connector stream that is not stored. It is checked like a table's (options,
     * topic) but has no primary key and only FORMAT PLAIN; each view that reads it opens its own
     * feed (see {@link Database}). Returns a notice text when IF NOT EXISTS skipped the statement.
     */
    String createSource(SqlCreateSource node, String text) {
        String connector = node.getOptions().get("connector");
        if (connector == null) {
            throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE,
                    "CREATE SOURCE needs WITH (connector = 'kafka' | 'datagen', …)");
        }
        if (!node.getPrimaryKey().isEmpty()) {
            throw FreshetException.unsupported("PRIMARY KEY on a source (a source is an append-only stream; "
                    + "use CREATE TABLE … PRIMARY KEY … WITH (connector = …) to keep one row per key)");
        }
        if (node.getFormat() != null && !node.getFormat().equals("PLAIN")) {
            throw FreshetException.unsupported("FORMAT " + node.getFormat() + " on a source (it changes and deletes rows by "
                    + "key, so it needs a table: CREATE TABLE … PRIMARY KEY … WITH (connector = 'kafka', …) FORMAT "
                    + node.getFormat() + " …)");
        }
        return createRelation(node, text, Relation.Kind.SOURCE);
    }

    private String createRelation(SqlCreateRelation node, String text, Relation.Kind kind) {
        Catalog catalog = database.catalog();
        synchronized (catalog.lock()) {
            String name = simpleName(node.getName(), text);
            if (exists(name, node.isIfNotExists(), node.getName(), text)) {
                return "relation \"" + name + "\" already exists, skipping";
            }
            QueryCompiler.Context context = database.compiler().newContext();
            List<ColumnDef> columns = new ArrayList<>();
            Set<String> names = new HashSet<>();
            List<Integer> key = new ArrayList<>();
            for (SqlColumnDeclaration column : node.getColumns()) {
                String columnName = column.getSimpleName();
                if (!names.add(columnName)) {
                    throw new FreshetException(SqlState.DUPLICATE_OBJECT, "column \"" + columnName + "\" specified more than once",
                            CalciteErrors.offset(text, column.getName().getParserPosition()), null, null);
                }
                if (column.getDefaultValue() != null) {
                    throw FreshetException.unsupported("DEFAULT values");
                }
                DataType type = columnType(column.getDataType(), context, text);
                columns.add(new ColumnDef(columnName, type, column.isNotNull() || column.isPrimaryKey(), false));
            }
            List<String> primaryKey = node.getPrimaryKey();
            if (!primaryKey.isEmpty()) {
                if (!node.getPrimaryKeyConstraint().isEmpty() && primaryKey.size() > node.getPrimaryKeyConstraint().size()) {
                    throw new FreshetException(SqlState.INVALID_COLUMN_DEFINITION,
                            "multiple primary keys for table \"" + name + "\" are not allowed");
                }
                for (String columnName : primaryKey) {
                    int index = indexOf(columns, columnName);
                    if (index < 0) {
                        throw new FreshetException(SqlState.UNDEFINED_COLUMN,
                                "column \"" + columnName + "\" named in key does not exist");
                    }
                    ColumnDef c = columns.get(index);
                    columns.set(index, new ColumnDef(c.name(), c.type(), true, false));
                    key.add(index);
                }
            }
            Map<String, String> included = new LinkedHashMap<>();
            for (io.freshet.parser.SqlIncludeColumn include : node.getIncludes()) {
                if (!"kafka".equals(node.getOptions().get("connector"))) {
                    throw FreshetException.unsupported("INCLUDE without connector='kafka'");
                }
                String what = include.getWhat().toLowerCase(java.util.Locale.ROOT);
                if (what.equals("header") != (include.getHeader() != null)) {
                    throw new FreshetException(SqlState.SYNTAX_ERROR, what.equals("header")
                            ? "INCLUDE header needs the header's name: INCLUDE header 'name' [AS column]"
                            : "only INCLUDE header takes a name, not INCLUDE " + what);
                }
                if (what.equals("header")) {
                    what = "header:" + include.getHeader();
                }
                DataType type = KafkaOptions.includeType(what);
                String columnName = include.getAlias() != null ? include.getAlias()
                        : "kafka_" + what.replace("header:", "header_");
                if (!names.add(columnName)) {
                    throw new FreshetException(SqlState.DUPLICATE_OBJECT, "column \"" + columnName + "\" specified more than once");
                }
                columns.add(new ColumnDef(columnName, type, false, false));
                included.put(KafkaOptions.INCLUDE + columnName, what);
            }
            if (key.isEmpty()) {
                key.add(columns.size());
                columns.add(new ColumnDef("_row_id", DataType.BIGINT, true, true));
            }
            Map<String, String> options = new LinkedHashMap<>(node.getOptions());
            // A source's start is resolved per view, when the view is created.
            byte[] startPosition = checkOptions(options, columns, node);
            options.putAll(included);
            if ("avro".equals(options.get(KafkaOptions.ENCODE))) {
                checkAvroColumns(columns, options);
            }
            int stateTableId = kind == Relation.Kind.SOURCE ? -1 : catalog.allocateTableId();
            Relation relation = new Relation(catalog.allocateId(), kind, name, columns,
                    key.stream().mapToInt(Integer::intValue).toArray(), stateTableId,
                    kind == Relation.Kind.SOURCE ? List.of() : List.of(stateTableId), List.of(), options, text);
            commit(relation, () -> database.deploy(relation, true, startPosition));
            return null;
        }
    }

    /** Validates the WITH options; returns a kafka table's start position (null: none). */
    private static byte[] checkOptions(Map<String, String> options, List<ColumnDef> columns, SqlCreateRelation node) {
        String connector = options.get("connector");
        if ("kafka".equals(connector)) {
            return checkKafka(options, node, !node.getPrimaryKey().isEmpty());
        }
        if (node.getFormat() != null) {
            throw FreshetException.unsupported("FORMAT … ENCODE on a table without connector='kafka'");
        }
        if (options.isEmpty()) {
            return null;
        }
        if (connector == null) {
            throw new FreshetException(SqlState.INVALID_PARAMETER_VALUE, "WITH options need a connector, e.g. connector='datagen'; got "
                    + String.join(", ", options.keySet()));
        }
        if (!connector.equals("datagen")) {
            throw FreshetException.unsupported("connector '" + connector + "'");
        }
        List<ColumnDef> visible = columns.stream().filter(c -> !c.hidden()).toList();
        // Validates every option now, so a bad one fails the CREATE statement.
        new DatagenConnector(visible.stream().map(ColumnDef::name).toList(), visible.stream().map(ColumnDef::type).toList(), options, 0);
        return null;
    }

    /**
     * Validates a kafka table: FORMAT PLAIN ENCODE JSON, its options, and that the topic exists.
     * With scan.startup.mode='latest' returns the topic's end offsets now, so every record produced
     * after the CREATE statement returns is read.
     */
    private static byte[] checkKafka(Map<String, String> options, SqlCreateRelation node, boolean primaryKey) {
        if (node.getFormat() == null) {
            throw new FreshetException(SqlState.SYNTAX_ERROR, "a kafka table needs FORMAT PLAIN ENCODE JSON or FORMAT UPSERT ENCODE JSON");
        }
        for (String internal : List.of(KafkaOptions.FORMAT, KafkaOptions.ENCODE, KafkaOptions.CSV_DELIMITER,
                KafkaOptions.CSV_WITHOUT_HEADER, AvroRowDecoder.REGISTRY, AvroRowDecoder.DEFINITION)) {
            if (options.containsKey(internal)) {
                throw new FreshetException(SqlState.SYNTAX_ERROR, "unknown kafka option '" + internal
                        + "' (use the FORMAT … ENCODE … ( options ) clause)");
            }
        }
        for (String key : options.keySet()) {
            if (key.startsWith(KafkaOptions.INCLUDE)) {
                throw new FreshetException(SqlState.SYNTAX_ERROR, "unknown kafka option '" + key + "' (use INCLUDE … AS column)");
            }
        }
        String format = node.getFormat();
        String encode = node.getEncode();
        if (!format.equals("PLAIN") && !format.equals("UPSERT") && !format.equals("DEBEZIUM")) {
            throw FreshetException.unsupported("FORMAT " + format + " (only FORMAT PLAIN, UPSERT or DEBEZIUM)");
        }
        if (!encode.equals("JSON") && !encode.equals("CSV") && !encode.equals("AVRO")) {
            throw FreshetException.unsupported("ENCODE " + encode + " (only ENCODE JSON, CSV or AVRO)");
        }
        if (encode.equals("AVRO") && !format.equals("PLAIN")) {
            throw FreshetException.unsupported("FORMAT " + format + " ENCODE AVRO (only FORMAT PLAIN ENCODE AVRO)");
        }
        if (encode.equals("CSV") && !format.equals("PLAIN")) {
            throw FreshetException.unsupported("FORMAT " + format + " ENCODE CSV (only FORMAT PLAIN ENCODE CSV)");
        }
        if (!format.equals("PLAIN")) {
            if (!primaryKey) {
                throw new FreshetException(SqlState.INVALID_TABLE_DEFINITION, format.equals("UPSERT")
                        ? "FORMAT UPSERT needs a PRIMARY KEY: the record key names the row to insert, replace or delete"
                        : "FORMAT DEBEZIUM needs a PRIMARY KEY: it names the row a change event updates or deletes");
            }
            options.put(KafkaOptions.FORMAT, format.toLowerCase(java.util.Locale.ROOT));
        }
        if (encode.equals("CSV")) {
            options.put(KafkaOptions.ENCODE, "csv");
        }
        if (encode.equals("AVRO")) {
            options.put(KafkaOptions.ENCODE, "avro");
        }
        for (Map.Entry<String, String> option : node.getEncodeOptions().entrySet()) {
            String key = option.getKey();
            if (encode.equals("CSV") && key.equals("delimiter")) {
                options.put(KafkaOptions.CSV_DELIMITER, option.getValue());
            } else if (encode.equals("CSV") && key.equals("without_header")) {
                options.put(KafkaOptions.CSV_WITHOUT_HEADER, option.getValue());
            } else if (encode.equals("AVRO") && (key.equals("schema.registry") || key.equals("schema.definition"))) {
                options.put("encode." + key, option.getValue());
            } else {
                throw new FreshetException(SqlState.SYNTAX_ERROR, "unknown ENCODE " + encode + " option '" + key + "'"
                        + (encode.equals("CSV") ? " (delimiter, without_header)"
                        : encode.equals("AVRO") ? " (schema.registry, schema.definition)" : ""));
            }
        }
        return KafkaOptions.parse(options).checkTopic(java.time.Duration.ofSeconds(10));
    }

    /**
     * ENCODE AVRO with an inline schema: checks that a field of the schema fills each column
     * (22023 naming the column); {@code options} include the {@code include.*} ones.
     */
    private static void checkAvroColumns(List<ColumnDef> columns, Map<String, String> options) {
        List<ColumnDef> visible = columns.stream().filter(c -> !c.hidden()).toList();
        boolean[] notNull = new boolean[visible.size()];
        boolean[] skip = new boolean[visible.size()];
        for (int c = 0; c < visible.size(); c++) {
            notNull[c] = visible.get(c).notNull();
            skip[c] = options.containsKey(KafkaOptions.INCLUDE + visible.get(c).name());
        }
        AvroRowDecoder.forTable(visible.stream().map(ColumnDef::name).toList(), visible.stream().map(ColumnDef::type).toList(),
                notNull, skip, options);
    }

    private static DataType columnType(SqlDataTypeSpec spec, QueryCompiler.Context context, String text) {
        if (spec.getTypeNameSpec() instanceof SqlIntervalTypeNameSpec) {
            return DataType.INTERVAL;
        }
        try {
            return TypeMapping.toDataType(spec.deriveType(context.validator()));
        } catch (FreshetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FreshetException(SqlState.UNDEFINED_OBJECT, "type \"" + spec.getTypeName() + "\" does not exist",
                    CalciteErrors.offset(text, spec.getParserPosition()), null, e);
        }
    }

    String createView(SqlCreateMaterializedView node, String text) {
        Catalog catalog = database.catalog();
        synchronized (catalog.lock()) {
            String name = simpleName(node.getName(), text);
            if (exists(name, node.isIfNotExists(), node.getName(), text)) {
                return "relation \"" + name + "\" already exists, skipping";
            }
            QueryCompiler.Analysis analysis = database.compiler().analyze(node.getQuery(), List.of(), text);
            if (!analysis.parameterTypes().isEmpty()) {
                throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "a materialized view cannot have parameters");
            }
            List<String> names = new ArrayList<>(analysis.names());
            List<SqlIdentifier> declared = node.getColumnList();
            if (!declared.isEmpty()) {
                if (declared.size() > names.size()) {
                    throw new FreshetException(SqlState.SYNTAX_ERROR, "too many column names were specified");
                }
                for (int i = 0; i < declared.size(); i++) {
                    names.set(i, declared.get(i).getSimple());
                }
            }
            Set<String> seen = new HashSet<>();
            for (String columnName : names) {
                if (!seen.add(columnName)) {
                    throw new FreshetException(SqlState.DUPLICATE_OBJECT, "column \"" + columnName + "\" specified more than once",
                            0, "Give the columns distinct names with AS.", null);
                }
            }
            StreamPlanner.ViewPlan plan = new StreamPlanner(analysis.context().rexBuilder(), catalog::allocateTableId)
                    .planView(analysis.root().project(), names);
            String query = node.getQueryText() != null ? node.getQueryText() : node.getQuery().toString();
            Relation relation = new Relation(catalog.allocateId(), Relation.Kind.MATERIALIZED_VIEW, name, plan.columns(),
                    plan.keyColumns(), plan.stateTableId(), plan.ownedTableIds(), plan.dependsOn(), Map.of(), query);
            Map<String, byte[]> sourceStarts = sourceStarts(plan.dependsOn());
            commit(relation, () -> database.runtime().deploy(name, plan.root(), true, sourceStarts));
            return null;
        }
    }

    /**
     * Where a new view's reads of the kafka sources in {@code inputs} start: checks that each topic
     * still exists and, for scan.startup.mode 'latest' or 'timestamp', resolves the offsets now, so
     * a crash before the view's first records are committed cannot move its start.
     */
    private Map<String, byte[]> sourceStarts(List<String> inputs) {
        Map<String, byte[]> starts = new java.util.HashMap<>();
        for (String input : inputs) {
            Relation relation = database.catalog().get(input);
            if (relation != null && relation.kind() == Relation.Kind.SOURCE && "kafka".equals(relation.options().get("connector"))) {
                byte[] start = KafkaOptions.parse(relation.options()).checkTopic(java.time.Duration.ofSeconds(10));
                if (start != null) {
                    starts.put(input, start);
                }
            }
        }
        return starts;
    }

    /** True when IF NOT EXISTS finds the name taken; an error (42P07) when the name is taken without it. */
    private boolean exists(String name, boolean ifNotExists, SqlIdentifier identifier, String text) {
        if (database.catalog().get(name) == null) {
            return false;
        }
        if (ifNotExists) {
            return true;
        }
        throw new FreshetException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists",
                CalciteErrors.offset(text, identifier.getParserPosition()), null, null);
    }

    /** EXPLAIN CREATE MATERIALIZED VIEW: the logical plan and the dataflow, without creating anything. */
    List<String> explainView(SqlCreateMaterializedView node, String text) {
        return database.compiler().explainView(node.getQuery(), text, database.catalog().peekNextTableId());
    }

    private void commit(Relation relation, Runnable deploy) {
        StreamRuntime runtime = database.runtime();
        runtime.call(() -> {
            deploy.run();
            runtime.putMeta(Database.catalogKey(relation.id()), Catalog.serialize(relation));
            return null;
        });
        database.catalog().add(relation);
        runtime.flush();
    }

    /** Drops tables or views; returns notices for IF EXISTS names that were missing. */
    List<String> drop(SqlDropObject node, String text) {
        Catalog catalog = database.catalog();
        List<String> notices = new ArrayList<>();
        synchronized (catalog.lock()) {
            Relation.Kind kind = switch (node.getObjectKind()) {
                case TABLE -> Relation.Kind.TABLE;
                case MATERIALIZED_VIEW -> Relation.Kind.MATERIALIZED_VIEW;
                case SOURCE -> Relation.Kind.SOURCE;
                case VIEW, SINK -> throw FreshetException.unsupported("DROP " + node.getObjectKind().sql());
            };
            String kindName = switch (kind) {
                case TABLE -> "table";
                case MATERIALIZED_VIEW -> "materialized view";
                case SOURCE -> "source";
            };
            LinkedHashSet<String> toDrop = new LinkedHashSet<>();
            for (SqlIdentifier identifier : node.getNames()) {
                String name = simpleName(identifier, text);
                Relation relation = catalog.get(name);
                if (relation == null) {
                    if (node.isIfExists()) {
                        notices.add(kindName + " \"" + name + "\" does not exist, skipping");
                        continue;
                    }
                    throw new FreshetException(SqlState.UNDEFINED_TABLE, kindName + " \"" + name + "\" does not exist",
                            CalciteErrors.offset(text, identifier.getParserPosition()), null, null);
                }
                if (relation.kind() != kind) {
                    throw new FreshetException(SqlState.WRONG_OBJECT_TYPE, "\"" + name + "\" is not a " + kindName, 0,
                            "Use DROP " + relation.kindName().toUpperCase(java.util.Locale.ROOT) + " to remove a "
                                    + relation.kindName() + ".", null);
                }
                collect(name, node.isCascade(), toDrop, catalog);
            }
            if (toDrop.isEmpty()) {
                return notices;
            }
            List<Relation> order = new ArrayList<>();
            for (String name : toDrop) {
                order.add(0, catalog.get(name));
            }
            StreamRuntime runtime = database.runtime();
            runtime.call(() -> {
                for (Relation relation : order) {
                    runtime.undeploy(relation.name());
                    for (int tableId : relation.ownedTableIds()) {
                        runtime.dropStateTable(tableId);
                    }
                    runtime.deleteMeta(Database.catalogKey(relation.id()));
                    runtime.deleteMeta(StreamRuntime.metaKey("rowid/" + relation.name()));
                    runtime.deleteMeta(StreamRuntime.metaKey("position/" + relation.name()));
                }
                return null;
            });
            for (Relation relation : order) {
                catalog.remove(relation.name());
            }
            runtime.flush();
            return notices;
        }
    }

    /** Adds {@code name} and, with CASCADE, everything that depends on it (dependents after their inputs). */
    private static void collect(String name, boolean cascade, LinkedHashSet<String> out, Catalog catalog) {
        if (out.contains(name)) {
            return;
        }
        List<Relation> dependents = catalog.dependents(name);
        if (!dependents.isEmpty() && !cascade) {
            Relation relation = catalog.get(name);
            throw new FreshetException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop " + relation.kindName() + " " + name
                    + " because other objects depend on it", 0,
                    "materialized view " + dependents.get(0).name() + " depends on " + relation.kindName() + " " + name
                            + ". Use DROP … CASCADE to drop the dependent objects too.", null);
        }
        out.add(name);
        for (Relation dependent : dependents) {
            collect(dependent.name(), true, out, catalog);
        }
    }

    static String simpleName(SqlIdentifier identifier, String text) {
        List<String> names = identifier.names;
        if (names.size() == 2 && names.get(0).equals("public")) {
            return names.get(1);
        }
        if (names.size() != 1) {
            throw new FreshetException(SqlState.UNDEFINED_OBJECT, "schema \"" + names.get(0) + "\" does not exist",
                    CalciteErrors.offset(text, identifier.getParserPosition()), null, null);
        }
        return names.get(0);
    }

    private static int indexOf(List<ColumnDef> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
