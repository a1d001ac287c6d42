package io.freshet.server.engine;

import io.freshet.common.DataType;
import io.freshet.server.engine.PgCatalog.TypeRow;
import io.freshet.server.session.Session;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The catalog queries pgjdbc's TypeInfoCache (42.7.x) sends to name a type OID it has no built-in
 * entry for (interval, jsonb, arrays …), recognized by their text and answered from
 * {@link PgCatalog}'s {@code pg_type}/{@code pg_namespace} rows with the semantics of the SQL they
 * spell: the same rows, columns, order and LIMIT as PostgreSQL would give over those catalogs.
 *
 * <p>Freshet's planner has no {@code pg_catalog} relations, no arrays, {@code regproc},
 * {@code generate_series} or {@code = ANY(array)}, so these statements are matched whole (after
 * collapsing white space and dropping a trailing semicolon) rather than planned. Any other
 * statement naming {@code pg_catalog} still fails as before (42P01).
 */
final class PgCatalogQuery implements Session.Statement {
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    /** The schemas of {@code search_path} ranked for {@code ORDER BY sp.r} of the by-name lookups. */
    private static final String SEARCH_PATH_RANK = "LEFT JOIN (select ns.oid as nspoid, ns.nspname, r.r from pg_namespace as ns "
            + "join ( select s.r, (current_schemas(false))[s.r] as nspname "
            + "from generate_series(1, array_upper(current_schemas(false), 1)) as s(r) ) as r using ( nspname ) ) as sp "
            + "ON sp.nspoid = typnamespace";
    private static final String SCHEMA_FILTER = "(n.nspname = $2 OR $3 AND n.nspname = ANY (current_schemas(true)))";

    private enum Kind {
        /** TypeInfoCache.getSQLType(int): is_array, typtype, typname, oid of one OID. */
        TYPE_INFO_BY_OID("SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname, pg_type.oid "
                + "FROM pg_catalog.pg_type " + SEARCH_PATH_RANK + " WHERE pg_type.oid = $1 ORDER BY sp.r, pg_type.oid DESC",
                List.of(DataType.BIGINT), List.of(col("is_array", DataType.BOOLEAN), col("typtype", DataType.VARCHAR),
                        col("typname", DataType.VARCHAR), col("oid", DataType.BIGINT))),
        /** TypeInfoCache.cacheSQLTypes(): the same for every type. */
        TYPE_INFO_ALL("SELECT typinput='pg_catalog.array_in'::regproc as is_array, typtype, typname, pg_type.oid "
                + "FROM pg_catalog.pg_type " + SEARCH_PATH_RANK + " ORDER BY sp.r, pg_type.oid DESC",
                List.of(), TYPE_INFO_BY_OID.columns),
        /** TypeInfoCache.getPGType(String) for a plain name. */
        OID_BY_NAME("SELECT pg_type.oid, typname FROM pg_catalog.pg_type " + SEARCH_PATH_RANK
                + " WHERE typname = $1 ORDER BY sp.r, pg_type.oid DESC LIMIT 1",
                List.of(DataType.VARCHAR), List.of(col("oid", DataType.BIGINT), col("typname", DataType.VARCHAR))),
        /** TypeInfoCache.getPGType(String) for {@code name[]} (or a qualified array name). */
        ARRAY_OID_BY_NAME("SELECT t.typarray, arr.typname FROM pg_catalog.pg_type t "
                + "JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid JOIN pg_catalog.pg_type arr ON arr.oid = t.typarray "
                + "WHERE t.typname = $1 AND " + SCHEMA_FILTER + " ORDER BY t.oid DESC LIMIT 1",
                List.of(DataType.VARCHAR, DataType.VARCHAR, DataType.BOOLEAN),
                List.of(col("typarray", DataType.BIGINT), col("typname", DataType.VARCHAR))),
        /** The array lookup of servers without {@code typarray} (pgjdbc still has the text). */
        ARRAY_OID_BY_ELEMENT_NAME("SELECT t.oid, t.typname FROM pg_catalog.pg_type t "
                + "JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid "
                + "WHERE t.typelem = (SELECT oid FROM pg_catalog.pg_type WHERE typname = $1) AND substring(t.typname, 1, 1) = '_' "
                + "AND t.typlen = -1 AND " + SCHEMA_FILTER + " ORDER BY t.typelem DESC LIMIT 1",
                List.of(DataType.VARCHAR, DataType.VARCHAR, DataType.BOOLEAN), OID_BY_NAME.columns),
        /** TypeInfoCache.getPGType(String) for a qualified or quoted name. */
        OID_BY_QUALIFIED_NAME("SELECT t.oid, t.typname FROM pg_catalog.pg_type t "
                + "JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid "
                + "WHERE t.typname = $1 AND " + SCHEMA_FILTER + " ORDER BY t.oid DESC LIMIT 1",
                List.of(DataType.VARCHAR, DataType.VARCHAR, DataType.BOOLEAN), OID_BY_NAME.columns),
        /** TypeInfoCache.getPGType(int): the name of an OID and whether its schema is on the path. */
        NAME_BY_OID("SELECT n.nspname = ANY(current_schemas(true)), n.nspname, t.typname FROM pg_catalog.pg_type t "
                + "JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid WHERE t.oid = $1",
                List.of(DataType.BIGINT), List.of(col("?column?", DataType.BOOLEAN), col("nspname", DataType.VARCHAR),
                        col("typname", DataType.VARCHAR))),
        /** TypeInfoCache.getArrayDelimiter(int). */
        ARRAY_DELIMITER("SELECT e.typdelim FROM pg_catalog.pg_type t, pg_catalog.pg_type e WHERE t.oid = $1 and t.typelem = e.oid",
                List.of(DataType.BIGINT), List.of(col("typdelim", DataType.VARCHAR))),
        /** TypeInfoCache.getPGArrayElement(int). */
        ARRAY_ELEMENT("SELECT e.oid, n.nspname = ANY(current_schemas(true)), n.nspname, e.typname FROM pg_catalog.pg_type t "
                + "JOIN pg_catalog.pg_type e ON t.typelem = e.oid JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid "
                + "WHERE t.oid = $1",
                List.of(DataType.BIGINT), List.of(col("oid", DataType.BIGINT), col("?column?", DataType.BOOLEAN),
                        col("nspname", DataType.VARCHAR), col("typname", DataType.VARCHAR)));

        private final String text;
        private final List<DataType> parameterTypes;
        private final List<Session.ResultColumn> columns;

        Kind(String text, List<DataType> parameterTypes, List<Session.ResultColumn> columns) {
            this.text = normalize(text);
            this.parameterTypes = parameterTypes;
            this.columns = columns;
        }
    }

    private static Session.ResultColumn col(String name, DataType type) {
        return new Session.ResultColumn(name, type);
    }

    private final String sql;
    private final Kind kind;

    private PgCatalogQuery(String sql, Kind kind) {
        this.sql = sql;
        this.kind = kind;
    }

    /** The catalog query this text is, or {@code null}. */
    static PgCatalogQuery recognize(String sql) {
        if (!sql.contains("pg_type")) {
            return null;
        }
        String text = normalize(sql);
        for (Kind kind : Kind.values()) {
            if (kind.text.equals(text)) {
                return new PgCatalogQuery(sql, kind);
            }
        }
        return null;
    }

    private static String normalize(String sql) {
        String text = WHITE_SPACE.matcher(sql).replaceAll(" ").trim();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).trim();
        }
        return text;
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public List<DataType> parameterTypes() {
        return kind.parameterTypes;
    }

    @Override
    public List<Session.ResultColumn> resultColumns() {
        return kind.columns;
    }

    /**
     * Runs the query over the catalog rows.
     *
     * @param parameters values of {@code $1…}, {@code null} for SQL NULL
     * @param searchPath the session's {@code search_path}, for {@code current_schemas}
     */
    Session.Result execute(List<Object> parameters, String searchPath, String user) {
        List<String> explicitSchemas = PgCatalog.currentSchemas(searchPath, user, false);
        List<String> allSchemas = PgCatalog.currentSchemas(searchPath, user, true);
        Map<Long, String> namespaces = PgCatalog.namespaces();
        // ORDER BY sp.r, pg_type.oid DESC: position in current_schemas(false), NULLs (not on it) last.
        Comparator<TypeRow> bySearchPath = Comparator.<TypeRow>comparingInt(t -> {
            int r = explicitSchemas.indexOf(namespaces.get(t.typnamespace()));
            return r < 0 ? Integer.MAX_VALUE : r;
        }).thenComparing(Comparator.comparingLong(TypeRow::oid).reversed());
        List<Object[]> rows = new ArrayList<>();
        switch (kind) {
            case TYPE_INFO_BY_OID, TYPE_INFO_ALL -> {
                Long oid = kind == Kind.TYPE_INFO_ALL ? null : (Long) parameters.get(0);
                if (kind == Kind.TYPE_INFO_ALL || oid != null) {
                    PgCatalog.types().stream()
                            .filter(t -> kind == Kind.TYPE_INFO_ALL || t.oid() == oid)
                            .sorted(bySearchPath)
                            .forEach(t -> rows.add(new Object[] {t.isArray(), String.valueOf(t.typtype()), t.typname(), t.oid()}));
                }
            }
            case OID_BY_NAME -> {
                String name = (String) parameters.get(0);
                PgCatalog.types().stream().filter(t -> t.typname().equals(name)).sorted(bySearchPath).limit(1)
                        .forEach(t -> rows.add(new Object[] {t.oid(), t.typname()}));
            }
            case ARRAY_OID_BY_NAME, ARRAY_OID_BY_ELEMENT_NAME, OID_BY_QUALIFIED_NAME -> {
                String name = (String) parameters.get(0);
                String schema = (String) parameters.get(1);
                boolean searchPathToo = Boolean.TRUE.equals(parameters.get(2));
                // (n.nspname = $2 OR $3 AND n.nspname = ANY (current_schemas(true))) is TRUE
                Function<TypeRow, Boolean> inSchema = t -> {
                    String nspname = namespaces.get(t.typnamespace());
                    return nspname.equals(schema) || searchPathToo && allSchemas.contains(nspname);
                };
                if (kind == Kind.ARRAY_OID_BY_NAME) {
                    PgCatalog.types().stream().filter(t -> t.typname().equals(name) && inSchema.apply(t))
                            .sorted(Comparator.comparingLong(TypeRow::oid).reversed())
                            .map(t -> PgCatalog.type(t.typarray())).filter(a -> a != null).limit(1)
                            .forEach(a -> rows.add(new Object[] {a.oid(), a.typname()}));
                } else if (kind == Kind.OID_BY_QUALIFIED_NAME) {
                    PgCatalog.types().stream().filter(t -> t.typname().equals(name) && inSchema.apply(t))
                            .sorted(Comparator.comparingLong(TypeRow::oid).reversed()).limit(1)
                            .forEach(t -> rows.add(new Object[] {t.oid(), t.typname()}));
                } else {
                    List<TypeRow> elements = PgCatalog.types().stream().filter(t -> t.typname().equals(name)).toList();
                    if (elements.size() == 1) {
                        long element = elements.get(0).oid();
                        PgCatalog.types().stream()
                                .filter(t -> t.typelem() == element && t.typname().startsWith("_") && t.typlen() == -1
                                        && inSchema.apply(t))
                                .limit(1)
                                .forEach(t -> rows.add(new Object[] {t.oid(), t.typname()}));
                    }
                }
            }
            case NAME_BY_OID -> {
                TypeRow t = typeOf(parameters.get(0));
                if (t != null) {
                    String nspname = namespaces.get(t.typnamespace());
                    rows.add(new Object[] {allSchemas.contains(nspname), nspname, t.typname()});
                }
            }
            case ARRAY_DELIMITER -> {
                TypeRow t = typeOf(parameters.get(0));
                TypeRow element = t == null ? null : PgCatalog.type(t.typelem());
                if (element != null) {
                    rows.add(new Object[] {String.valueOf(element.typdelim())});
                }
            }
            case ARRAY_ELEMENT -> {
                TypeRow t = typeOf(parameters.get(0));
                TypeRow element = t == null ? null : PgCatalog.type(t.typelem());
                if (element != null) {
                    // n is the namespace of the array type t, as the statement joins it.
                    String nspname = namespaces.get(t.typnamespace());
                    rows.add(new Object[] {element.oid(), allSchemas.contains(nspname), nspname, element.typname()});
                }
            }
        }
        return new Session.Result("SELECT " + rows.size(), kind.columns, rows, Map.of());
    }

    private static TypeRow typeOf(Object oid) {
        return oid == null ? null : PgCatalog.type((Long) oid);
    }
}
