package io.freshet.server.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only rows of {@code pg_catalog.pg_type} and {@code pg_catalog.pg_namespace} that
 * describe the types Freshet speaks on the wire, with PostgreSQL's own OIDs and attribute values
 * (as PostgreSQL 15 has them): every Freshet column type, the parameter types clients may declare
 * ({@code text}, {@code bpchar}, {@code uuid}, {@code json}, {@code jsonb}), and the array type of
 * each. Freshet has no user-defined types or domains, so every type is a base type ({@code typtype
 * 'b'}) in {@code pg_catalog}, {@code typbasetype} is 0 and {@code typnotnull} false.
 *
 * <p>Clients (pgjdbc's TypeInfoCache) look types up here to name an OID they do not know built in;
 * see {@link PgCatalogQuery}.
 */
public final class PgCatalog {
    public static final long PG_CATALOG = 11;
    public static final long PUBLIC = 2200;

    /** A row of {@code pg_type}, reduced to the columns clients read. */
    public record TypeRow(long oid, String typname, long typnamespace, int typlen, boolean typbyval, char typtype,
                          char typcategory, char typdelim, long typelem, long typarray, String typinput) {
        /** Whether {@code typinput = 'array_in'::regproc}: how clients tell array types. */
        public boolean isArray() {
            return typinput.equals("array_in");
        }
    }

    private static final Map<Long, String> NAMESPACES;
    private static final List<TypeRow> TYPES;

    static {
        Map<Long, String> namespaces = new LinkedHashMap<>();
        namespaces.put(PG_CATALOG, "pg_catalog");
        namespaces.put(PUBLIC, "public");
        NAMESPACES = Collections.unmodifiableMap(namespaces);

        List<TypeRow> types = new ArrayList<>();
        base(types, 16, "bool", 1, true, 'B', 1000, "boolin");
        base(types, 17, "bytea", -1, false, 'U', 1001, "byteain");
        base(types, 20, "int8", 8, true, 'N', 1016, "int8in");
        base(types, 21, "int2", 2, true, 'N', 1005, "int2in");
        base(types, 23, "int4", 4, true, 'N', 1007, "int4in");
        base(types, 25, "text", -1, false, 'S', 1009, "textin");
        base(types, 114, "json", -1, false, 'U', 199, "json_in");
        base(types, 700, "float4", 4, true, 'N', 1021, "float4in");
        base(types, 701, "float8", 8, true, 'N', 1022, "float8in");
        base(types, 1042, "bpchar", -1, false, 'S', 1014, "bpcharin");
        base(types, 1043, "varchar", -1, false, 'S', 1015, "varcharin");
        base(types, 1082, "date", 4, true, 'D', 1182, "date_in");
        base(types, 1083, "time", 8, true, 'D', 1183, "time_in");
        base(types, 1114, "timestamp", 8, true, 'D', 1115, "timestamp_in");
        base(types, 1184, "timestamptz", 8, true, 'D', 1185, "timestamptz_in");
        base(types, 1186, "interval", 16, false, 'T', 1187, "interval_in");
        base(types, 1700, "numeric", -1, false, 'N', 1231, "numeric_in");
        base(types, 2950, "uuid", 16, false, 'U', 2951, "uuid_in");
        base(types, 3802, "jsonb", -1, false, 'U', 3807, "jsonb_in");
        types.sort((a, b) -> Long.compare(a.oid(), b.oid()));
        TYPES = List.copyOf(types);
    }

    /** Adds a base type and its array type {@code _name}. */
    private static void base(List<TypeRow> types, long oid, String name, int length, boolean byValue, char category,
                             long arrayOid, String input) {
        types.add(new TypeRow(oid, name, PG_CATALOG, length, byValue, 'b', category, ',', 0, arrayOid, input));
        types.add(new TypeRow(arrayOid, "_" + name, PG_CATALOG, -1, false, 'b', 'A', ',', oid, 0, "array_in"));
    }

    private PgCatalog() {
    }

    /** Every {@code pg_type} row, by OID. */
    public static List<TypeRow> types() {
        return TYPES;
    }

    /** The {@code pg_type} row with this OID, or {@code null}. */
    public static TypeRow type(long oid) {
        for (TypeRow row : TYPES) {
            if (row.oid() == oid) {
                return row;
            }
        }
        return null;
    }

    /** {@code pg_namespace}: OID to {@code nspname}. */
    public static Map<Long, String> namespaces() {
        return NAMESPACES;
    }

    /**
     * {@code current_schemas(includeImplicit)} for a {@code search_path} setting: the schemas of
     * the path that exist, in order, with {@code pg_catalog} first when it is implicit (not named
     * in the path) and {@code includeImplicit} is set. {@code "$user"} names a schema called as
     * the session user, which never exists here.
     */
    public static List<String> currentSchemas(String searchPath, String user, boolean includeImplicit) {
        List<String> schemas = new ArrayList<>();
        for (String element : splitPath(searchPath == null ? "" : searchPath)) {
            String name = element.equals("$user") ? user : element;
            if (NAMESPACES.containsValue(name) && !schemas.contains(name)) {
                schemas.add(name);
            }
        }
        if (includeImplicit && !schemas.contains("pg_catalog")) {
            schemas.add(0, "pg_catalog");
        }
        return schemas;
    }

    /** The elements of a {@code search_path} value: comma-separated, double quotes keep case. */
    private static List<String> splitPath(String path) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < path.length() && path.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                out.add(current.toString());
                current.setLength(0);
                any = false;
            } else if (!Character.isWhitespace(c)) {
                current.append(Character.toLowerCase(c));
                any = true;
            }
        }
        if (any || current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }
}
