package io.freshet.planner.catalog;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The database's tables and views by name, with their dependencies. Thread-safe: readers get
 * consistent copies; changes are made by one statement at a time under the catalog's lock (held by
 * the caller through {@link #lock()}).
 */
public final class Catalog {
    private final Map<String, Relation> relations = new LinkedHashMap<>();
    private final Object lock = new Object();
    private final Map<String, SystemTable> systemTables = new java.util.concurrent.ConcurrentHashMap<>();
    private long nextId = 1;
    private int nextTableId = 1;
    private long version;

    /** The monitor DDL statements hold while they check and change the catalog. */
    public Object lock() {
        return lock;
    }

    public Relation get(String name) {
        synchronized (lock) {
            return relations.get(name);
        }
    }

    public Relation require(String name) {
        Relation relation = get(name);
        if (relation == null) {
            throw new FreshetException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
        }
        return relation;
    }

    public List<Relation> all() {
        synchronized (lock) {
            return new ArrayList<>(relations.values());
        }
    }

    /** Relations that read {@code name} directly. */
    public List<Relation> dependents(String name) {
        List<Relation> out = new ArrayList<>();
        for (Relation relation : all()) {
            if (relation.dependsOn().contains(name)) {
                out.add(relation);
            }
        }
        return out;
    }

    public void add(Relation relation) {
        synchronized (lock) {
            relations.put(relation.name(), relation);
            version++;
            nextId = Math.max(nextId, relation.id() + 1);
            for (int tableId : relation.ownedTableIds()) {
                nextTableId = Math.max(nextTableId, tableId + 1);
            }
        }
    }

    public void remove(String name) {
        synchronized (lock) {
            relations.remove(name);
            version++;
        }
    }

    /** Increases with every change; prepared statements re-analyze when it moved. */
    public long version() {
        synchronized (lock) {
            return version;
        }
    }

    public long allocateId() {
        synchronized (lock) {
            return nextId++;
        }
    }

    /** Reserves a state table id; ids are never reused (dropped tables' rows may still be deleting). */
    public int allocateTableId() {
        synchronized (lock) {
            return nextTableId++;
        }
    }

    public int peekNextTableId() {
        synchronized (lock) {
            return nextTableId;
        }
    }

    public void advanceTableIds(int next) {
        synchronized (lock) {
            nextTableId = Math.max(nextTableId, next);
        }
    }

    /**
     * Registers a virtual, read-only system table (monitoring rows computed at query time); a
     * table or view of the same name hides it.
     */
    public void addSystemTable(SystemTable table) {
        systemTables.put(table.name(), table);
    }

    public List<SystemTable> systemTables() {
        return new ArrayList<>(systemTables.values());
    }

    public Collection<String> names() {
        synchronized (lock) {
            return new ArrayList<>(relations.keySet());
        }
    }

    // ---------------------------------------------------------------- persistence

    /** The persisted form of a relation (a properties text; stable across versions of this class). */
    public static byte[] serialize(Relation relation) {
        Properties p = new Properties();
        p.setProperty("id", Long.toString(relation.id()));
        p.setProperty("kind", relation.kind().name());
        p.setProperty("name", relation.name());
        p.setProperty("columns", Integer.toString(relation.columns().size()));
        for (int i = 0; i < relation.columns().size(); i++) {
            ColumnDef column = relation.columns().get(i);
            p.setProperty("column." + i + ".name", column.name());
            p.setProperty("column." + i + ".type", column.type().encode());
            p.setProperty("column." + i + ".notNull", Boolean.toString(column.notNull()));
            p.setProperty("column." + i + ".hidden", Boolean.toString(column.hidden()));
        }
        p.setProperty("key", join(relation.keyColumns()));
        p.setProperty("stateTable", Integer.toString(relation.stateTableId()));
        p.setProperty("ownedTables", String.join(",", relation.ownedTableIds().stream().map(String::valueOf).toList()));
        p.setProperty("dependsOn", String.join(",", relation.dependsOn()));
        for (Map.Entry<String, String> option : relation.options().entrySet()) {
            p.setProperty("option." + option.getKey(), option.getValue());
        }
        p.setProperty("sql", relation.sql());
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Relation deserialize(byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int count = Integer.parseInt(p.getProperty("columns"));
        List<ColumnDef> columns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            columns.add(new ColumnDef(p.getProperty("column." + i + ".name"),
                    DataType.decode(p.getProperty("column." + i + ".type")),
                    Boolean.parseBoolean(p.getProperty("column." + i + ".notNull")),
                    Boolean.parseBoolean(p.getProperty("column." + i + ".hidden"))));
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("option.")) {
                options.put(key.substring("option.".length()), p.getProperty(key));
            }
        }
        List<Integer> owned = new ArrayList<>();
        for (String id : split(p.getProperty("ownedTables"))) {
            owned.add(Integer.parseInt(id));
        }
        List<String> dependsOn = split(p.getProperty("dependsOn"));
        String key = p.getProperty("key");
        int[] keyColumns = split(key).stream().mapToInt(Integer::parseInt).toArray();
        return new Relation(Long.parseLong(p.getProperty("id")), Relation.Kind.valueOf(p.getProperty("kind")),
                p.getProperty("name"), columns, keyColumns, Integer.parseInt(p.getProperty("stateTable")), owned,
                dependsOn, options, p.getProperty("sql"));
    }

    private static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(values[i]);
        }
        return sb.toString();
    }

    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String part : text.split(",")) {
            out.add(part);
        }
        return out;
    }
}
