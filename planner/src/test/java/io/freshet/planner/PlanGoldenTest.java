package io.freshet.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.parser.FreshetParser;
import io.freshet.planner.catalog.Catalog;
import io.freshet.planner.catalog.ColumnDef;
import io.freshet.planner.catalog.Relation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden-file planner tests: each {@code plans/NAME.test} declares tables and views and lists
 * statements to EXPLAIN; {@code plans/NAME.plan} holds the expected plans. Run with
 * {@code -Dfreshet.regenerate=true} to rewrite the {@code .plan} files from the current planner
 * (then review the diff).
 *
 * <p>Lines of a {@code .test} file: {@code table NAME (col TYPE, …) [key (col, …)]} (TYPE is a
 * Freshet type name: BIGINT, VARCHAR, DECIMAL(10,2), …; no key gives a hidden row id),
 * {@code create view NAME AS query} (plans the view and adds it to the catalog),
 * {@code explain view NAME AS query} (a refusal prints its SQLSTATE and message), {@code explain query SQL};
 * {@code #} starts a comment.
 */
class PlanGoldenTest {
    private static final Path DIRECTORY = Path.of("src/test/resources/plans");
    private static final Pattern TABLE = Pattern.compile("table (\\w+) \\((.*?)\\)(?: key \\((.*)\\))?");
    private static final Pattern VIEW = Pattern.compile("(create|explain) view (\\w+) AS (.*)", Pattern.CASE_INSENSITIVE);

    @TestFactory
    Stream<DynamicTest> plans() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(DIRECTORY)) {
            files = list.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private static void check(Path file) throws IOException {
        String actual = render(Files.readAllLines(file, StandardCharsets.UTF_8));
        Path golden = Path.of(file.toString().replaceAll("\\.test$", ".plan"));
        if (Boolean.getBoolean("freshet.regenerate")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        String expected = Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : "(no golden file)";
        assertEquals(expected, actual, file + " differs from " + golden + "; regenerate with -Dfreshet.regenerate=true");
    }

    private static String render(List<String> lines) {
        Catalog catalog = new Catalog();
        QueryCompiler compiler = new QueryCompiler(catalog, FreshetParser.CONFORMANCE);
        StringBuilder out = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher table = TABLE.matcher(line);
            Matcher view = VIEW.matcher(line);
            if (table.matches()) {
                catalog.add(table(catalog, table.group(1), table.group(2), table.group(3)));
            } else if (view.matches() && view.group(1).equalsIgnoreCase("create")) {
                catalog.add(view(catalog, compiler, view.group(2), view.group(3)));
            } else if (view.matches()) {
                out.append("== explain view ").append(view.group(2)).append('\n');
                String sql = view.group(3);
                try {
                    compiler.explainView(FreshetParser.parseStatement(sql), sql, catalog.peekNextTableId())
                            .forEach(l -> out.append(l).append('\n'));
                } catch (FreshetException e) {
                    // A refusal is part of the expected output.
                    out.append("error ").append(e.state().code()).append(": ").append(e.getMessage()).append('\n');
                }
            } else if (line.toLowerCase(Locale.ROOT).startsWith("explain query ")) {
                String sql = line.substring("explain query ".length());
                out.append("== explain query ").append(sql).append('\n');
                QueryCompiler.Analysis analysis = compiler.analyze(FreshetParser.parseStatement(sql), List.of(), sql);
                out.append(compiler.explain(analysis)).append('\n');
            } else {
                throw new IllegalArgumentException("cannot read line: " + line);
            }
        }
        return out.toString();
    }

    private static Relation table(Catalog catalog, String name, String columnList, String keyList) {
        List<ColumnDef> columns = new ArrayList<>();
        for (String column : splitTopLevel(columnList)) {
            String[] parts = column.strip().split("\\s+", 2);
            columns.add(new ColumnDef(parts[0], DataType.decode(parts[1].replace(" ", "").toUpperCase(Locale.ROOT)), false, false));
        }
        List<Integer> key = new ArrayList<>();
        if (keyList != null) {
            for (String k : keyList.split(",")) {
                int index = columns.stream().map(ColumnDef::name).toList().indexOf(k.strip());
                ColumnDef c = columns.get(index);
                columns.set(index, new ColumnDef(c.name(), c.type(), true, false));
                key.add(index);
            }
        } else {
            key.add(columns.size());
            columns.add(new ColumnDef("_row_id", DataType.BIGINT, true, true));
        }
        int tableId = catalog.allocateTableId();
        return new Relation(catalog.allocateId(), Relation.Kind.TABLE, name, columns, key.stream().mapToInt(i -> i).toArray(),
                tableId, List.of(tableId), List.of(), Map.of(), "");
    }

    private static Relation view(Catalog catalog, QueryCompiler compiler, String name, String sql) {
        QueryCompiler.Analysis analysis = compiler.analyze(FreshetParser.parseStatement(sql), List.of(), sql);
        StreamPlanner.ViewPlan plan = new StreamPlanner(analysis.context().rexBuilder(), catalog::allocateTableId)
                .planView(analysis.root().project(), analysis.names());
        return new Relation(catalog.allocateId(), Relation.Kind.MATERIALIZED_VIEW, name, plan.columns(), plan.keyColumns(),
                plan.stateTableId(), plan.ownedTableIds(), plan.dependsOn(), Map.of(), sql);
    }

    /** Splits on commas outside parentheses: {@code a INT, b DECIMAL(10,2)}. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
