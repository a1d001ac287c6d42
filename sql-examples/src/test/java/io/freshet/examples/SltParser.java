package io.freshet.examples;

import static java.util.Objects.requireNonNull;

import io.freshet.examples.SltRecord.ExpectedError;
import io.freshet.examples.SltRecord.Location;
import io.freshet.examples.SltRecord.Query;
import io.freshet.examples.SltRecord.SortMode;
import io.freshet.examples.SltRecord.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a sqllogictest script into the records that apply to one engine.
 *
 * <p>A record is a header line, then SQL lines up to a blank line (or, for a query, up to {@code ----}
 * followed by expected rows up to a blank line). Lines starting with {@code #} between records are
 * comments. {@code skipif <engine>} and {@code onlyif <engine>} lines before a header decide whether the
 * record applies; records that do not apply are dropped here, and {@code halt} ends the script. Such a
 * mark must be justified: the line right above it is a comment saying why the record is engine-specific.
 */
final class SltParser {
    private static final String RESULT_SEPARATOR = "----";

    private final String file;
    private final String engine;
    private final List<String> lines;
    private int next;

    private SltParser(String file, String engine, String script) {
        this.file = requireNonNull(file, "file is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.lines = requireNonNull(script, "script is null").lines().toList();
    }

    /** Parses {@code script} (named {@code file} in messages) for {@code engine}, e.g. "freshet". */
    static List<SltRecord> parse(String file, String engine, String script) {
        return new SltParser(file, engine, script).records();
    }

    private List<SltRecord> records() {
        List<SltRecord> records = new ArrayList<>();
        while (skipBlankLinesAndComments()) {
            int firstCondition = next;
            boolean applies = readConditions();
            if (next > firstCondition && (firstCondition == 0 || !lines.get(firstCondition - 1).startsWith("#"))) {
                throw error(new Location(file, firstCondition + 1),
                        "a skipif/onlyif mark needs a '#' comment on the line right above it saying why the record is engine-specific");
            }
            int headerLine = next + 1;
            String[] header = lines.get(next++).trim().split("\\s+");
            Location location = new Location(file, headerLine);
            switch (header[0]) {
                case "statement" -> {
                    SltRecord record = statement(location, header);
                    if (applies) {
                        records.add(record);
                    }
                }
                case "query" -> {
                    SltRecord record = query(location, header);
                    if (applies) {
                        records.add(record);
                    }
                }
                case "halt" -> {
                    if (applies) {
                        return records;
                    }
                }
                case "sleep" -> throw error(location, "'sleep' is not supported: make writes visible with 'statement ok' + FLUSH");
                default -> throw error(location, "unknown record type '" + header[0] + "'; expected statement, query or halt");
            }
        }
        return records;
    }

    private Statement statement(Location location, String[] header) {
        if (header.length < 2) {
            throw error(location, "expected 'statement ok' or 'statement error [SQLSTATE <code>] [regex]'");
        }
        Optional<ExpectedError> error = switch (header[1]) {
            case "ok" -> {
                if (header.length > 2) {
                    throw error(location, "unexpected text after 'statement ok'");
                }
                yield Optional.empty();
            }
            case "error" -> Optional.of(expectedError(location, header));
            default -> throw error(location, "expected 'statement ok' or 'statement error', got 'statement " + header[1] + "'");
        };
        String sql = sql(location);
        if (next < lines.size() && lines.get(next).equals(RESULT_SEPARATOR)) {
            throw error(location, "a statement has no results; use 'query' to check rows");
        }
        return new Statement(location, sql, error);
    }

    private Query query(Location location, String[] header) {
        if (header.length < 2) {
            throw error(location, "expected 'query <type letters> [nosort|rowsort|valuesort] [label]' or 'query error …'");
        }
        if (header[1].equals("error")) {
            return new Query(location, sql(location), "", SortMode.NOSORT, Optional.empty(), List.of(),
                    Optional.of(expectedError(location, header)));
        }
        String columnTypes = header[1];
        if (!columnTypes.matches("[ITRBD?]+")) {
            throw error(location, "column types '" + columnTypes + "' must be letters from I T R B D ?");
        }
        SortMode sortMode = header.length > 2 ? sortMode(location, header[2]) : SortMode.NOSORT;
        Optional<String> label = header.length > 3 ? Optional.of(header[3]) : Optional.empty();
        if (header.length > 4) {
            throw error(location, "unexpected text after the label of the query");
        }
        String sql = sql(location);
        List<String> expectedRows = new ArrayList<>();
        if (next < lines.size() && lines.get(next).equals(RESULT_SEPARATOR)) {
            next++;
            while (next < lines.size() && !lines.get(next).isBlank()) {
                expectedRows.add(lines.get(next++));
            }
        }
        return new Query(location, sql, columnTypes, sortMode, label, expectedRows, Optional.empty());
    }

    /** {@code statement error}, {@code query error}: then optionally {@code SQLSTATE <code>}, then optionally a regex. */
    private ExpectedError expectedError(Location location, String[] header) {
        String rest = String.join(" ", List.of(header).subList(2, header.length));
        Optional<String> sqlState = Optional.empty();
        if (rest.startsWith("SQLSTATE")) {
            String[] parts = rest.split(" ", 3);
            if (parts.length < 2 || !parts[1].matches("[0-9A-Z]{5}")) {
                throw error(location, "expected a five-character code after SQLSTATE");
            }
            sqlState = Optional.of(parts[1]);
            rest = parts.length > 2 ? parts[2] : "";
        }
        Optional<Pattern> message = rest.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(rest));
        return new ExpectedError(sqlState, message);
    }

    private SortMode sortMode(Location location, String word) {
        return switch (word) {
            case "nosort" -> SortMode.NOSORT;
            case "rowsort" -> SortMode.ROWSORT;
            case "valuesort" -> SortMode.VALUESORT;
            default -> throw error(location, "unknown sort mode '" + word + "'; expected nosort, rowsort or valuesort");
        };
    }

    /** The SQL lines after a header, up to a blank line, {@code ----} or the end of the script. */
    private String sql(Location location) {
        List<String> sqlLines = new ArrayList<>();
        while (next < lines.size() && !lines.get(next).isBlank() && !lines.get(next).equals(RESULT_SEPARATOR)) {
            sqlLines.add(lines.get(next++));
        }
        if (sqlLines.isEmpty()) {
            throw error(location, "the record has no SQL");
        }
        return String.join("\n", sqlLines);
    }

    /** Reads {@code skipif}/{@code onlyif} lines; returns whether the record that follows applies to the engine. */
    private boolean readConditions() {
        boolean applies = true;
        while (next < lines.size()) {
            String[] words = lines.get(next).trim().split("\\s+");
            if (words.length != 2 || !(words[0].equals("skipif") || words[0].equals("onlyif"))) {
                break;
            }
            boolean sameEngine = words[1].toLowerCase(Locale.ROOT).equals(engine);
            applies &= words[0].equals("skipif") ? !sameEngine : sameEngine;
            next++;
        }
        if (next == lines.size()) {
            throw error(new Location(file, next), "skipif/onlyif must be followed by a record");
        }
        return applies;
    }

    /** Moves past blank and comment lines; returns whether a record follows. */
    private boolean skipBlankLinesAndComments() {
        while (next < lines.size() && (lines.get(next).isBlank() || lines.get(next).startsWith("#"))) {
            next++;
        }
        return next < lines.size();
    }

    private static IllegalArgumentException error(Location location, String message) {
        return new IllegalArgumentException(location + ": " + message);
    }
}
