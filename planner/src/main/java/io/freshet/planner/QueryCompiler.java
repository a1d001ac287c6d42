package io.freshet.planner;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.runtime.ReadSnapshot;
import io.freshet.planner.catalog.Catalog;
import io.freshet.planner.batch.BatchInterpreter;
import io.freshet.planner.catalog.ReadContext;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.Programs;

/**
 * Validates queries against the catalog, converts them to relational plans, and runs ad-hoc
 * queries through Calcite's Enumerable runtime on a committed snapshot. One {@link Context} per
 * statement; the compiler itself is thread-safe.
 */
public final class QueryCompiler {
    static {
        io.freshet.parser.CalciteDefaults.ensure();
    }

    private final Catalog catalog;
    private final SqlConformance conformance;

    public QueryCompiler(Catalog catalog, SqlConformance conformance) {
        this.catalog = catalog;
        this.conformance = conformance;
    }

    /** Calcite's per-statement machinery over a snapshot of the catalog. */
    /**
     * Calcite keeps its metadata handlers in a thread-local that only creating a cluster sets, so a
     * statement prepared on one pgwire worker thread and executed on another would compute plan
     * metadata where it was never set (a NullPointerException naming metadataHandlerProvider).
     * Statement threads call this before they prepare or run anything.
     */
    public static void prepareThread() {
        if (org.apache.calcite.rel.metadata.RelMetadataQueryBase.THREAD_PROVIDERS.get() == null) {
            org.apache.calcite.rel.metadata.RelMetadataQueryBase.THREAD_PROVIDERS.set(
                    org.apache.calcite.rel.metadata.JaninoRelMetadataProvider.of(
                            org.apache.calcite.rel.metadata.DefaultRelMetadataProvider.INSTANCE));
        }
    }

    public static final class Context {
        final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(PgTypeSystem.INSTANCE);
        final CalciteSchema rootSchema = CalciteSchema.createRootSchema(false, false);
        final SqlValidator validator;
        final RelOptCluster cluster;
        final VolcanoPlanner planner;
        final CalciteCatalogReader catalogReader;

        Context(Catalog catalog, SqlConformance conformance) {
            rootSchema.add("public", new FreshetSchema(catalog.all(), catalog.systemTables()));
            Properties properties = new Properties();
            properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
            catalogReader = new CalciteCatalogReader(rootSchema, List.of("public"), typeFactory,
                    new CalciteConnectionConfigImpl(properties));
            validator = SqlValidatorUtil.newValidator(
                    PgFunctions.overriding(SqlOperatorTables.chain(SqlStdOperatorTable.instance(),
                            SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.POSTGRESQL),
                            // Postgres functions Calcite files under other libraries.
                            caseInsensitive(SqlOperatorTables.of(LENGTH, SqlLibraryOperators.CONCAT_FUNCTION,
                                    SqlLibraryOperators.BOOL_AND, SqlLibraryOperators.BOOL_OR)))),
                    catalogReader, typeFactory,
                    SqlValidator.Config.DEFAULT.withIdentifierExpansion(true).withConformance(conformance)
                            .withDefaultNullCollation(NullCollation.HIGH).withTypeCoercionEnabled(true));
            planner = new VolcanoPlanner();
            planner.setExecutor(QueryCompiler::reduceConstants);
            planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
            planner.addRelTraitDef(RelCollationTraitDef.INSTANCE);
            RelOptUtil.registerDefaultRules(planner, false, false);
            cluster = RelOptCluster.create(planner, new RexBuilder(typeFactory));
        }

        public RexBuilder rexBuilder() {
            return cluster.getRexBuilder();
        }

        public JavaTypeFactory typeFactory() {
            return typeFactory;
        }

        public SqlValidator validator() {
            return validator;
        }

        RelRoot toRel(SqlNode validated) {
            SqlToRelConverter converter = new SqlToRelConverter((rowType, queryString, schemaPath, viewPath) -> null,
                    validator, catalogReader, cluster,
                    (org.apache.calcite.sql2rel.SqlRexConvertletTable) call -> PgFunctions.isOurs(call.getOperator())
                            ? StandardConvertletTable.INSTANCE::convertCall : StandardConvertletTable.INSTANCE.get(call),
                    SqlToRelConverter.config().withTrimUnusedFields(false).withExpand(false));
            return converter.convertQuery(validated, false, true);
        }
    }

    /**
     * Calcite's constant folding, except for expressions involving arrays, which Calcite's code
     * generator cannot cast (Freshet's expressions evaluate them instead).
     */
    private static void reduceConstants(org.apache.calcite.rex.RexBuilder rexBuilder, List<org.apache.calcite.rex.RexNode> constants,
                                        List<org.apache.calcite.rex.RexNode> reduced) {
        for (org.apache.calcite.rex.RexNode constant : constants) {
            if (involvesArray(constant)) {
                reduced.add(constant);
            } else {
                org.apache.calcite.rex.RexUtil.EXECUTOR.reduce(rexBuilder, List.of(constant), reduced);
            }
        }
    }

    private static boolean involvesArray(org.apache.calcite.rex.RexNode node) {
        if (node.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.ARRAY) {
            return true;
        }
        if (node instanceof org.apache.calcite.rex.RexCall call) {
            for (org.apache.calcite.rex.RexNode operand : call.getOperands()) {
                if (involvesArray(operand)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Postgres's length(text): characters, as an integer. */
    private static final org.apache.calcite.sql.SqlFunction LENGTH = org.apache.calcite.sql.SqlBasicFunction.create("LENGTH",
            org.apache.calcite.sql.type.ReturnTypes.INTEGER_NULLABLE, org.apache.calcite.sql.type.OperandTypes.STRING,
            SqlFunctionCategory.STRING);

    /** Function names fold to lower case in our parser; built-in tables match them in any case, lists do not. */
    private static SqlOperatorTable caseInsensitive(SqlOperatorTable table) {
        return new SqlOperatorTable() {
            @Override
            public void lookupOperatorOverloads(SqlIdentifier name, SqlFunctionCategory category, SqlSyntax syntax,
                                                List<SqlOperator> operators, SqlNameMatcher matcher) {
                table.lookupOperatorOverloads(name, category, syntax, operators, SqlNameMatchers.withCaseSensitive(false));
            }

            @Override
            public List<SqlOperator> getOperatorList() {
                return table.getOperatorList();
            }
        };
    }

    /** A validated query: its plan, Postgres-named result columns, and the types of its parameters. */
    public record Analysis(Context context, SqlNode validated, RelRoot root, List<String> names, List<DataType> types,
                           List<DataType> parameterTypes) {
    }

    public Context newContext() {
        return new Context(catalog, conformance);
    }

    /**
     * Validates a query. {@code parameterHints} gives, per {@code ?} occurrence, the client's
     * declared type or null.
     */
    public Analysis analyze(SqlNode query, List<DataType> parameterHints, String text) {
        Context context = newContext();
        try {
            SqlNode withHints = applyHints(PgFunctions.rewrite(query), parameterHints, context);
            SqlNode validated = context.validator.validate(withHints);
            RelDataType rowType = context.validator.getValidatedNodeType(validated);
            List<String> calciteNames = new ArrayList<>();
            List<DataType> types = new ArrayList<>();
            for (RelDataTypeField field : rowType.getFieldList()) {
                calciteNames.add(field.getName());
                types.add(TypeMapping.toDataType(field.getType()));
            }
            List<String> names = ColumnNames.derive(validated, calciteNames);
            List<DataType> parameterTypes = new ArrayList<>();
            for (RelDataTypeField field : context.validator.getParameterRowType(validated).getFieldList()) {
                parameterTypes.add(TypeMapping.toDataType(field.getType()));
            }
            RelRoot root = context.toRel(validated);
            return new Analysis(context, validated, root, names, types, parameterTypes);
        } catch (FreshetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CalciteErrors.translate(e, text);
        }
    }

    /** Wraps each {@code ?} that has a declared type in a cast, so the validator knows its type. */
    static SqlNode applyHints(SqlNode node, List<DataType> hints, Context context) {
        if (hints == null || hints.stream().allMatch(java.util.Objects::isNull)) {
            return node;
        }
        return node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlDynamicParam param) {
                int index = param.getIndex();
                DataType hint = index < hints.size() ? hints.get(index) : null;
                if (hint == null) {
                    return param;
                }
                return castTo(param, hint, context);
            }
        });
    }

    /** {@code CAST(node AS type)}. */
    public static SqlNode castTo(SqlNode node, DataType type, Context context) {
        // convertTypeToSpec makes a basic type spec for intervals, whose deriveType trips Calcite's
        // "use createSqlIntervalType() instead" assertion; Postgres' unqualified interval has its own spec.
        SqlDataTypeSpec spec = type.kind() == io.freshet.common.TypeKind.INTERVAL
                ? new SqlDataTypeSpec(new io.freshet.parser.SqlIntervalTypeNameSpec(null, node.getParserPosition()),
                        node.getParserPosition())
                : SqlTypeUtil.convertTypeToSpec(TypeMapping.toRelDataType(context.typeFactory, type, true));
        return SqlStdOperatorTable.CAST.createCall(node.getParserPosition(), node, spec);
    }

    /** Optimizes an analyzed query into an Enumerable plan. */
    public EnumerableRel optimize(Analysis analysis) {
        RelRoot root = analysis.root();
        RelTraitSet traits = root.rel.getTraitSet().replace(EnumerableConvention.INSTANCE).replace(root.collation).simplify();
        try {
            RelNode logical = PgFunctions.standardArithmetic(WidenAggregateArguments.apply(root.rel));
            return (EnumerableRel) Programs.standard().run(analysis.context().planner, logical, traits, List.of(), List.of());
        } catch (RuntimeException e) {
            FreshetException mapped = runtimeError(e);
            if (mapped.state() != SqlState.INTERNAL_ERROR) {
                throw mapped; // e.g. constant folding found a division by zero
            }
            throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "cannot plan this query: " + e.getMessage(), e);
        }
    }

    /**
     * Runs an ad-hoc query on {@code snapshot} and returns its rows as Freshet values. {@code parameters}
     * holds a value per {@code ?} occurrence.
     */
    public List<Object[]> execute(Analysis analysis, List<Object> parameters, ReadSnapshot snapshot, AtomicBoolean canceled,
                                  ZoneId zone) {
        java.time.Instant start = java.time.Instant.now();
        io.freshet.executor.expr.StatementContext.bind(start.getEpochSecond() * 1_000_000L + start.getNano() / 1000, zone);
        try {
            return executeBound(analysis, parameters, snapshot, canceled, zone);
        } finally {
            io.freshet.executor.expr.StatementContext.unbind();
        }
    }

    private List<Object[]> executeBound(Analysis analysis, List<Object> parameters, ReadSnapshot snapshot, AtomicBoolean canceled,
                                        ZoneId zone) {
        RelRoot logical = analysis.root();
        if (BatchInterpreter.supports(logical.rel, analysis.context().rexBuilder())) {
            ReadContext.bind(snapshot, canceled);
            try {
                List<Object[]> raw = BatchInterpreter.run(logical.rel, analysis.context().rexBuilder(), parameters);
                List<Object[]> rows = new ArrayList<>(raw.size());
                for (Object[] r : raw) {
                    Object[] row = new Object[logical.fields.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = r[logical.fields.get(i).getKey()];
                    }
                    rows.add(row);
                }
                return rows;
            } finally {
                ReadContext.unbind();
            }
        }
        io.freshet.planner.batch.OneShotQuery.Prepared streamed =
                io.freshet.planner.batch.OneShotQuery.prepare(logical, analysis.context().rexBuilder(), parameters);
        if (streamed != null) {
            ReadContext.bind(snapshot, canceled);
            try {
                return streamed.run(snapshot);
            } finally {
                ReadContext.unbind();
            }
        }
        EnumerableRel plan = optimize(analysis);
        Map<String, Object> values = new HashMap<>();
        Bindable<?> bindable;
        try {
            bindable = EnumerableInterpretable.toBindable(values, null, plan, EnumerableRel.Prefer.ARRAY);
        } catch (RuntimeException e) {
            throw new FreshetException(SqlState.FEATURE_NOT_SUPPORTED, "cannot compile this query: " + e.getMessage(), e);
        }
        List<DataType> parameterTypes = analysis.parameterTypes();
        for (int i = 0; i < parameterTypes.size(); i++) {
            Object value = i < parameters.size() ? parameters.get(i) : null;
            values.put("?" + i, TypeMapping.toCalcite(value, parameterTypes.get(i)));
        }
        long now = System.currentTimeMillis();
        TimeZone timeZone = TimeZone.getTimeZone(zone);
        values.put(DataContext.Variable.CURRENT_TIMESTAMP.camelName, now);
        values.put(DataContext.Variable.LOCAL_TIMESTAMP.camelName, now + timeZone.getOffset(now));
        values.put(DataContext.Variable.UTC_TIMESTAMP.camelName, now);
        values.put(DataContext.Variable.TIME_ZONE.camelName, timeZone);
        values.put(DataContext.Variable.CANCEL_FLAG.camelName, canceled);
        SchemaPlus rootSchema = analysis.context().rootSchema.plus();
        JavaTypeFactory typeFactory = analysis.context().typeFactory;
        DataContext dataContext = new DataContext() {
            @Override
            public SchemaPlus getRootSchema() {
                return rootSchema;
            }

            @Override
            public JavaTypeFactory getTypeFactory() {
                return typeFactory;
            }

            @Override
            public QueryProvider getQueryProvider() {
                return null;
            }

            @Override
            public Object get(String name) {
                return values.get(name);
            }
        };
        RelRoot root = analysis.root();
        List<DataType> types = analysis.types();
        List<Object[]> rows = new ArrayList<>();
        ReadContext.bind(snapshot, canceled);
        try (Enumerator<?> enumerator = bindable.bind(dataContext).enumerator()) {
            while (enumerator.moveNext()) {
                Object current = enumerator.current();
                Object[] raw = current instanceof Object[] array ? array : new Object[] {current};
                Object[] row = new Object[root.fields.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = TypeMapping.fromCalcite(raw[root.fields.get(i).getKey()], types.get(i));
                }
                rows.add(row);
                if ((rows.size() & 1023) == 0) {
                    ReadContext.checkCanceled();
                }
            }
        } catch (FreshetException e) {
            throw e;
        } catch (ArithmeticException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("by zero")) {
                throw new FreshetException(SqlState.DIVISION_BY_ZERO, "division by zero");
            }
            throw new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, message);
        } catch (NumberFormatException e) {
            throw new FreshetException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax: " + e.getMessage());
        } catch (RuntimeException e) {
            throw runtimeError(e);
        } catch (ExceptionInInitializerError e) {
            // Calcite folds constant expressions into static initializers of the generated class.
            throw runtimeError(new IllegalStateException(e.getCause()));
        } finally {
            ReadContext.unbind();
        }
        return rows;
    }

    private static FreshetException runtimeError(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FreshetException fe) {
                return fe;
            }
            if (t instanceof ArithmeticException) {
                return String.valueOf(t.getMessage()).contains("by zero")
                        ? new FreshetException(SqlState.DIVISION_BY_ZERO, "division by zero")
                        : new FreshetException(SqlState.NUMERIC_VALUE_OUT_OF_RANGE, String.valueOf(t.getMessage()));
            }
            if (t instanceof NumberFormatException) {
                return new FreshetException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax: " + t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new FreshetException(SqlState.INTERNAL_ERROR, "query failed: " + e, e);
    }

    /** The plan an ad-hoc query runs, for EXPLAIN: Freshet's batch interpreter's, its stream plan's, or Calcite's. */
    public String explain(Analysis analysis) {
        RelNode logical = analysis.root().rel;
        if (BatchInterpreter.supports(logical, analysis.context().rexBuilder())) {
            return "Freshet batch plan:\n" + RelOptUtil.toString(logical);
        }
        io.freshet.planner.batch.OneShotQuery.Prepared streamed =
                io.freshet.planner.batch.OneShotQuery.prepare(analysis.root(), analysis.context().rexBuilder(), List.of());
        if (streamed != null) {
            return "Freshet stream plan, run once:\n" + io.freshet.executor.runtime.StreamNode.explain(streamed.plan().root());
        }
        return "Calcite Enumerable plan:\n" + RelOptUtil.toString(optimize(analysis));
    }

    /**
     * EXPLAIN of a materialized view: the logical plan and the dataflow it would run, without
     * creating anything ({@code firstTableId} numbers its state tables as a CREATE would).
     */
    public List<String> explainView(SqlNode query, String text, int firstTableId) {
        Analysis analysis = analyze(query, List.of(), text);
        int[] next = {firstTableId};
        RelNode logical = analysis.root().project();
        StreamPlanner.ViewPlan plan = new StreamPlanner(analysis.context().rexBuilder(), () -> next[0]++)
                .planView(logical, analysis.names());
        List<String> lines = new ArrayList<>();
        lines.add("Logical plan:");
        for (String line : explainLogical(logical).split("\n")) {
            lines.add("  " + line);
        }
        RelNode rewritten = SubqueryRewriter.rewrite(logical);
        if (rewritten != logical) {
            lines.add("Rewritten plan (subqueries as joins, filters in join conditions):");
            for (String line : explainLogical(rewritten).split("\n")) {
                lines.add("  " + line);
            }
        }
        lines.add("Stream plan:");
        for (String line : io.freshet.executor.runtime.StreamNode.explain(plan.root()).split("\n")) {
            lines.add("  " + line);
        }
        return lines;
    }

    /** The logical plan, for EXPLAIN of a view. */
    public static String explainLogical(RelNode rel) {
        return RelOptUtil.toString(rel);
    }
}
