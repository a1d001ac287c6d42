package io.freshet.examples;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** One record of a sqllogictest script, as {@link SltParser} reads it. */
sealed interface SltRecord permits SltRecord.Statement, SltRecord.Query {
    /** Where the record starts, for failure messages: {@code slt/views/aggregates.slt:42}. */
    Location location();

    String sql();

    /** The error the record expects, or empty when it must succeed. */
    Optional<ExpectedError> error();

    record Location(String file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    /** {@code statement ok} (no expected error) or {@code statement error …}. */
    record Statement(Location location, String sql, Optional<ExpectedError> error) implements SltRecord {
        public Statement {
            requireNonNull(location, "location is null");
            requireNonNull(sql, "sql is null");
            requireNonNull(error, "error is null");
        }
    }

    /**
     * {@code query <types> [sort mode] [label]} with its expected rows, or {@code query error …}.
     * {@code columnTypes} has one letter per column; {@code expectedRows} holds one line per row, values
     * separated by a single space.
     */
    record Query(Location location, String sql, String columnTypes, SortMode sortMode, Optional<String> label,
            List<String> expectedRows, Optional<ExpectedError> error) implements SltRecord {
        public Query {
            requireNonNull(location, "location is null");
            requireNonNull(sql, "sql is null");
            requireNonNull(columnTypes, "columnTypes is null");
            requireNonNull(sortMode, "sortMode is null");
            requireNonNull(label, "label is null");
            expectedRows = List.copyOf(requireNonNull(expectedRows, "expectedRows is null"));
            requireNonNull(error, "error is null");
        }
    }

    enum SortMode {
        /** Rows compared in the order the database returned them; the query needs an ORDER BY. */
        NOSORT,
        /** Rows sorted (as text) on both sides before comparing. */
        ROWSORT,
        /** Every value of every row sorted (as text) on both sides before comparing. */
        VALUESORT
    }

    /**
     * What a failing statement must report: a SQLSTATE, a regular expression found in the message, both,
     * or neither (any error will do).
     */
    record ExpectedError(Optional<String> sqlState, Optional<Pattern> message) {
        public ExpectedError {
            requireNonNull(sqlState, "sqlState is null");
            requireNonNull(message, "message is null");
        }

        @Override
        public String toString() {
            String state = sqlState.map(code -> "SQLSTATE " + code).orElse("");
            String text = message.map(Pattern::pattern).orElse("");
            String both = (state + " " + text).trim();
            return both.isEmpty() ? "any error" : both;
        }
    }
}
