package io.freshet.executor.operator;

/**
 * One ORDER BY item of a top-N or window: an input column, its direction and where NULLs go
 * (Postgres's default is NULLS LAST ascending and NULLS FIRST descending).
 */
public record SortField(int column, boolean descending, boolean nullsFirst) {
    public static SortField ascending(int column) {
        return new SortField(column, false, false);
    }

    /** Whether NULLs go where the key encoding puts them without help (last ascending, first descending). */
    boolean defaultNulls() {
        return nullsFirst == descending;
    }

    @Override
    public String toString() {
        return "$" + column + (descending ? " DESC" : "") + (defaultNulls() ? "" : nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
