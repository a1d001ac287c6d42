package io.freshet.server.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.freshet.common.DataType;
import io.freshet.common.TypeKind;
import io.freshet.server.engine.PgCatalog;
import io.freshet.server.engine.PgCatalog.TypeRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code pg_type} rows agree with the types that cross the wire. */
class PgCatalogTypesTest {
    @Test
    void everyWireTypeHasAPgTypeRowAndAnArray() {
        for (PgType type : PgType.values()) {
            TypeRow row = PgCatalog.type(type.oid());
            assertNotNull(row, type.name());
            if (type.element() != null) {
                // An array wire type is the array row of its element type.
                assertEquals(true, row.isArray(), type.name());
                assertEquals(type.element().oid(), row.typelem(), type.name());
                assertEquals(type.oid(), PgCatalog.type(type.element().oid()).typarray(), type.name());
                continue;
            }
            assertEquals(type.length(), row.typlen(), type.name());
            assertEquals(PgCatalog.PG_CATALOG, row.typnamespace());
            TypeRow array = PgCatalog.type(row.typarray());
            assertNotNull(array, "array of " + type.name());
            assertEquals("_" + row.typname(), array.typname());
            assertEquals(row.oid(), array.typelem());
            assertEquals(true, array.isArray());
            assertEquals(false, row.isArray());
        }
    }

    @Test
    void everyFreshetTypeIsInPgType() {
        for (TypeKind kind : TypeKind.values()) {
            if (kind == TypeKind.ARRAY) {
                continue;
            }
            DataType type = DataType.of(kind);
            assertNotNull(PgCatalog.type(PgType.of(type).oid()), kind.name());
            assertNotNull(PgCatalog.type(PgType.of(DataType.array(type)).oid()), kind.name() + "[]");
        }
    }

    @Test
    void rowsAreUniqueByOidAndName() {
        List<TypeRow> rows = PgCatalog.types();
        assertEquals(rows.size(), rows.stream().map(TypeRow::oid).distinct().count());
        assertEquals(rows.size(), rows.stream().map(TypeRow::typname).distinct().count());
    }

    @Test
    void currentSchemasOfSearchPaths() {
        assertEquals(List.of("pg_catalog", "public"), PgCatalog.currentSchemas("\"$user\", public", "freshet", true));
        assertEquals(List.of("public"), PgCatalog.currentSchemas("\"$user\", public", "freshet", false));
        assertEquals(List.of("public", "pg_catalog"), PgCatalog.currentSchemas("public, pg_catalog", "freshet", true));
        assertEquals(List.of("public"), PgCatalog.currentSchemas("\"$user\", public", "public", false));
        assertEquals(List.of("pg_catalog"), PgCatalog.currentSchemas("\"Public\", nowhere", "freshet", true));
        assertEquals(List.of("public"), PgCatalog.currentSchemas("PUBLIC", "freshet", false));
        assertEquals(List.of(), PgCatalog.currentSchemas("", "freshet", false));
    }
}
