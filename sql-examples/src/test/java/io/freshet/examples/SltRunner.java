package io.freshet.examples;

import static java.util.Objects.requireNonNull;

import io.freshet.examples.SltRecord.ExpectedError;
import io.freshet.examples.SltRecord.Query;
import io.freshet.examples.SltRecord.SortMode;
import io.freshet.examples.SltRecord.Statement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.postgresql.util.PSQLException;

/**
 * Runs parsed records on one connection and collects every mismatch (a script keeps running after a
 * failure, so one run shows all of them). Not thread-safe; one runner per script.
 */
final class SltRunner {
    private static final Set<String> INTEGER_TYPES = Set.of("int2", "int4", "int8");
    private static final Set<String> REAL_TYPES = Set.of("float4", "float8", "numeric");
    private static final Set<String> DATE_TIME_TYPES = Set.of("date", "time", "timetz", "timestamp", "timestamptz", "interval");

    private final Connection connection;
    private final UnaryOperator<String> dialect;
    private final Map<String, List<String>> resultsByLabel = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private int queriesPassed;

    /**
     * @param dialect rewrites a record's SQL for the target database; returning null skips the record
     */
    SltRunner(Connection connection, UnaryOperator<String> dialect) {
        this.connection = requireNonNull(connection, "connection is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    void run(List<SltRecord> records) {
        for (SltRecord record : records) {
            String sql = dialect.apply(record.sql());
            if (sql == null) {
                continue;
            }
            if (record instanceof Statement statement) {
                runStatement(statement, sql);
            } else {
                runQuery((Query) record, sql);
            }
            if (connectionLost()) {
                failures.add(record.location() + ": the connection was closed; the rest of the script did not run");
                return;
            }
        }
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    int queriesPassed() {
        return queriesPassed;
    }

    private void runStatement(Statement record, String sql) {
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            checkError(record, e);
            return;
        }
        record.error().ifPresent(expected -> fail(record, "statement succeeded but should fail with " + expected, "", ""));
    }

    private void runQuery(Query record, String sql) {
        List<String> actualRows;
        try (java.sql.Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                fail(record, "the statement returned no rows; use 'statement ok' for it", "", "");
                return;
            }
            try (ResultSet resultSet = statement.getResultSet()) {
                actualRows = rows(resultSet);
                if (record.error().isPresent()) {
                    fail(record, "query succeeded but should fail with " + record.error().get(), "", lines(actualRows));
                    return;
                }
                String typeMismatch = checkColumnTypes(record.columnTypes(), resultSet.getMetaData());
                if (typeMismatch != null) {
                    fail(record, typeMismatch, lines(record.expectedRows()), lines(actualRows));
                    return;
                }
            }
        } catch (SQLException e) {
            if (checkError(record, e)) {
                queriesPassed++;
            }
            return;
        }
        List<String> expected = normalize(record.expectedRows(), record.sortMode());
        List<String> actual = normalize(actualRows, record.sortMode());
        if (!expected.equals(actual)) {
            fail(record, "wrong rows (" + record.sortMode().name().toLowerCase(Locale.ROOT) + ")", lines(expected), lines(actual));
            return;
        }
        if (record.label().isPresent()) {
            List<String> earlier = resultsByLabel.putIfAbsent(record.label().get(), actual);
            if (earlier != null && !earlier.equals(actual)) {
                fail(record, "rows differ from an earlier query labelled " + record.label().get(), lines(earlier), lines(actual));
                return;
            }
        }
        queriesPassed++;
    }

    private boolean connectionLost() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Returns whether the error matched; records a failure if it did not. */
    private boolean checkError(SltRecord record, SQLException e) {
        String message = serverMessage(e);
        Optional<ExpectedError> expectedError = record.error();
        if (expectedError.isEmpty()) {
            fail(record, "unexpected error", "success", "SQLSTATE " + e.getSQLState() + ": " + message);
            return false;
        }
        ExpectedError expected = expectedError.get();
        boolean stateMatches = expected.sqlState().map(code -> code.equals(e.getSQLState())).orElse(true);
        boolean messageMatches = expected.message().map(pattern -> pattern.matcher(message).find()).orElse(true);
        if (!stateMatches || !messageMatches) {
            fail(record, "wrong error", expected.toString(), "SQLSTATE " + e.getSQLState() + ": " + message);
            return false;
        }
        return true;
    }

    private void fail(SltRecord record, String problem, String expected, String actual) {
        StringBuilder message = new StringBuilder(record.location() + ": " + problem + "\n" + indent(record.sql()));
        if (!expected.isEmpty()) {
            message.append("\nexpected:\n").append(indent(expected));
        }
        if (!actual.isEmpty()) {
            message.append("\nactual:\n").append(indent(actual));
        }
        failures.add(message.toString());
    }

    /** Null when the result's columns match the type letters (I integer, R float or numeric, B boolean, D date/time, T other, ? any). */
    private static String checkColumnTypes(String letters, ResultSetMetaData metaData) throws SQLException {
        List<String> actualTypes = new ArrayList<>();
        for (int column = 1; column <= metaData.getColumnCount(); column++) {
            actualTypes.add(metaData.getColumnTypeName(column));
        }
        boolean matches = letters.length() == actualTypes.size();
        for (int i = 0; matches && i < letters.length(); i++) {
            matches = letters.charAt(i) == '?' || letters.charAt(i) == typeLetter(actualTypes.get(i));
        }
        if (matches) {
            return null;
        }
        StringBuilder actualLetters = new StringBuilder();
        actualTypes.forEach(type -> actualLetters.append(typeLetter(type)));
        return "column types are " + actualLetters + " " + actualTypes + ", not " + letters;
    }

    private static char typeLetter(String postgresTypeName) {
        if (INTEGER_TYPES.contains(postgresTypeName)) {
            return 'I';
        }
        if (REAL_TYPES.contains(postgresTypeName)) {
            return 'R';
        }
        if (postgresTypeName.equals("bool")) {
            return 'B';
        }
        return DATE_TIME_TYPES.contains(postgresTypeName) ? 'D' : 'T';
    }

    /** Each row as one line: values in Postgres text format separated by one space, NULL and (empty) spelled out. */
    private static List<String> rows(ResultSet resultSet) throws SQLException {
        int columns = resultSet.getMetaData().getColumnCount();
        List<String> rows = new ArrayList<>();
        while (resultSet.next()) {
            List<String> values = new ArrayList<>(columns);
            for (int column = 1; column <= columns; column++) {
                String value = resultSet.getString(column);
                values.add(value == null ? "NULL" : value.isEmpty() ? "(empty)" : value);
            }
            rows.add(String.join(" ", values));
        }
        return rows;
    }

    private static List<String> normalize(List<String> rows, SortMode sortMode) {
        return switch (sortMode) {
            case NOSORT -> rows;
            case ROWSORT -> rows.stream().sorted().toList();
            case VALUESORT -> rows.stream().flatMap(row -> Arrays.stream(row.split(" "))).sorted().toList();
        };
    }

    private static String serverMessage(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            return psql.getServerErrorMessage().getMessage();
        }
        return e.getMessage();
    }

    private static String lines(List<String> rows) {
        return rows.isEmpty() ? "(no rows)" : String.join("\n", rows);
    }

    private static String indent(String text) {
        return text.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElse("    ");
    }
}
