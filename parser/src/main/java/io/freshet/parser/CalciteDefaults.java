package io.freshet.parser;

/**
 * Calcite settings Freshet needs, applied before Calcite reads its system properties (which it does
 * once, on first use of most of its classes). Every class that is an entry point to Calcite calls
 * {@link #ensure()} first in its static initializer.
 */
public final class CalciteDefaults {
    static {
        // Postgres strings are UTF-8; Calcite defaults to ISO-8859-1 and rejects other characters in literals.
        setDefault("calcite.default.charset", "UTF-8");
        setDefault("calcite.default.nationalcharset", "UTF-8");
        setDefault("calcite.default.collation.name", "UTF-8$en_US");
    }

    private CalciteDefaults() {
    }

    /** Applies the defaults (once; later calls do nothing). */
    public static void ensure() {
        // The work is done by the static initializer.
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
