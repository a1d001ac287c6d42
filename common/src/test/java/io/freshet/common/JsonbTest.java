package io.freshet.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** jsonb normalization and navigation; expected texts are what PostgreSQL 15 prints. */
class JsonbTest {
    @Test
    void normalizesAsPostgresPrintsJsonb() {
        assertEquals("{\"a\": \"s\", \"b\": 1, \"aa\": [1, 2, {\"x\": \"y\"}]}",
                Jsonb.normalize("{\"b\":1,\"aa\":[1,2,{\"x\":\"y\"}],\"a\":\"s\"}"));
        assertEquals("{\"a\": 2}", Jsonb.normalize("{\"a\":1,\"a\":2}"));
        assertEquals("[100, 0, 0.10, -1.5, 0.01]", Jsonb.normalize(" [1e2, -0, 0.10, -1.5, 1E-2] "));
        assertEquals("\"tab\\tquote\\\"\\u0001\"", Jsonb.normalize("\"tab\\u0009quote\\\"\\u0001\""));
        assertEquals("{}", Jsonb.normalize("{ }"));
        assertEquals("[]", Jsonb.normalize("[]"));
    }

    @Test
    void rejectsMalformedJson() {
        for (String bad : Arrays.asList("{\"a\":", "[1,]", "01", "tru", "\"a", "{a: 1}", "1 2", "")) {
            FreshetException e = assertThrows(FreshetException.class, () -> Jsonb.normalize(bad), bad);
            assertEquals(SqlState.INVALID_TEXT_REPRESENTATION, e.state());
        }
    }

    @Test
    void navigatesByKeyIndexAndPath() {
        Object doc = Jsonb.parse("{\"a\": {\"b\": [1, {\"c\": \"d\"}]}, \"n\": null}");
        assertEquals("d", Jsonb.asText(Jsonb.path(doc, Jsonb.parseTextArray("{a,b,1,c}"))));
        assertEquals("[1, {\"c\": \"d\"}]", Jsonb.print(Jsonb.path(doc, Jsonb.parseTextArray("{a, b}"))));
        assertEquals("{\"c\": \"d\"}", Jsonb.print(Jsonb.element(Jsonb.path(doc, Jsonb.parseTextArray("{a,b}")), -1)));
        assertNull(Jsonb.path(doc, Jsonb.parseTextArray("{a,x}")));
        assertNull(Jsonb.asText(Jsonb.field(doc, "n")));
        assertEquals("null", Jsonb.typeOf(Jsonb.field(doc, "n")));
        assertEquals(2L, Jsonb.arrayLength(Jsonb.path(doc, Jsonb.parseTextArray("{a,b}"))));
        assertEquals(SqlState.INVALID_PARAMETER_VALUE,
                assertThrows(FreshetException.class, () -> Jsonb.arrayLength(doc)).state());
    }
}
