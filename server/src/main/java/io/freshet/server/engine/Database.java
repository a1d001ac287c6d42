package io.freshet.server.engine;

import io.freshet.common.DataType;
import io.freshet.common.FreshetException;
import io.freshet.common.SqlState;
import io.freshet.executor.connector.DatagenConnector;
import io.freshet.executor.connector.KafkaConnector;
import io.freshet.executor.operator.MaterializeOperator;
import io.freshet.executor.runtime.SourceFeed;
import io.freshet.executor.runtime.StreamRuntime;
import io.freshet.executor.runtime.TableInput;
import io.freshet.executor.stream.Emitter;
import io.freshet.parser.FreshetParser;
import io.freshet.planner.QueryCompiler;
import io.freshet.planner.StreamPlanner;
import io.freshet.planner.catalog.Catalog;
import io.freshet.planner.catalog.ColumnDef;
import io.freshet.planner.catalog.Relation;
import io.freshet.server.session.Engine;
import io.freshet.server.session.Session;
import io.freshet.storage.kv.KeyRanges;
import io.freshet.storage.kv.KvIterator;
import io.freshet.storage.kv.KvStore;
import io.freshet.storage.kv.RocksDbStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Freshet database: the store, the catalog, the dataflow runtime and the query compiler. At
 * open it restores the catalog and redeploys every table and view at the last committed epoch.
 */
public final class Database implements Engine, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    public static final String SERVER_VERSION = "15.0";

    private final KvStore store;
    private final StreamRuntime runtime;
    private final Catalog catalog = new Catalog();
    private final QueryCompiler compiler;
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final Ddl ddl;
    private final SourceTables sourceTables = new SourceTables(catalog);

    private Database(KvStore store, long barrierIntervalMillis) {
        this.store = store;
        this.runtime = new StreamRuntime(store, barrierIntervalMillis);
        this.compiler = new QueryCompiler(catalog, FreshetParser.config().conformance());
        this.ddl = new Ddl(this);
    }

    /** Opens (creating if needed) the database in {@code dataDir}. */
    public static Database open(Path dataDir, long barrierIntervalMillis) {
        KvStore store = RocksDbStore.open(dataDir.resolve("state"), "freshet");
        return open(store, barrierIntervalMillis);
    }

    /** Opens a database on a given store (tests use an in-memory one). */
    public static Database open(KvStore store, long barrierIntervalMillis) {
        Database database = new Database(store, barrierIntervalMillis);
        try {
            database.recover();
        } catch (RuntimeException e) {
            database.runtime.close();
            store.close();
            throw e;
        }
        return database;
    }

    KvStore store() {
        return store;
    }

    StreamRuntime runtime() {
        return runtime;
    }

    Catalog catalog() {
        return catalog;
    }

    QueryCompiler compiler() {
        return compiler;
    }

    Ddl ddl() {
        return ddl;
    }

    public long committedEpoch() {
        return runtime.committedEpoch();
    }

    static byte[] catalogKey(long id) {
        return StreamRuntime.metaKey(String.format("catalog/%016d", id));
    }

    private void recover() {
        List<Relation> relations = new ArrayList<>();
        byte[] prefix = StreamRuntime.metaKey("catalog/");
        try (KvIterator it = store.scan(prefix, KeyRanges.prefixEnd(prefix))) {
            while (it.next()) {
                relations.add(Catalog.deserialize(it.value()));
            }
        }
        relations.sort(Comparator.comparingLong(Relation::id));
        relations.forEach(catalog::add);
        runtime.start();
        // One task for all: no source may produce data before every view that reads it is attached
        // (recovery does not backfill; the views' state already holds everything committed).
        runtime.call(() -> {
            for (Relation relation : relations) {
                deploy(relation, false);
            }
            return null;
        });
        if (!relations.isEmpty()) {
            LOG.info("recovered {} tables and views at epoch {}", relations.size(), runtime.committedEpoch());
        }
    }

    /** The connector feeding {@code table}, or null (no such table, or no connector). */
    public TableInput.Connector connector(String table) {
        return runtime.call(() -> runtime.source(table) instanceof TableInput input ? input.connector() : null);
    }

    /** Deploys a relation on the dataflow thread; {@code fresh} backfills a new view and starts a new table. */
    void deploy(Relation relation, boolean fresh) {
        deploy(relation, fresh, null);
    }

    /** As {@link #deploy(Relation, boolean)}; a new table's connector starts at {@code startPosition} when not null. */
    void deploy(Relation relation, boolean fresh, byte[] startPosition) {
        if (relation.kind() == Relation.Kind.TABLE) {
            deployTable(relation, fresh, startPosition);
            return;
        }
        if (relation.kind() == Relation.Kind.SOURCE) {
            deploySource(relation);
            return;
        }
        QueryCompiler.Analysis analysis = compiler.analyze(FreshetParser.parseStatement(relation.sql()), List.of(), relation.sql());
        java.util.Iterator<Integer> ids = relation.ownedTableIds().iterator();
        StreamPlanner.ViewPlan plan = new StreamPlanner(analysis.context().rexBuilder(), ids::next)
                .planView(analysis.root().project(), relation.visibleColumns().stream().map(ColumnDef::name).toList());
        if (plan.stateTableId() != relation.stateTableId()) {
            throw new IllegalStateException("replanned view " + relation.name() + " does not match its stored plan");
        }
        runtime.deploy(relation.name(), plan.root(), fresh);
    }

    /**
     * Registers a source: nothing runs until a view reads it; each read gets its own connector,
     * named after the feed ({@code <view>/<source>}), whose position is saved with the view.
     */
    private void deploySource(Relation relation) {
        List<ColumnDef> visible = relation.visibleColumns();
        List<String> names = visible.stream().map(ColumnDef::name).toList();
        List<DataType> visibleTypes = visible.stream().map(ColumnDef::type).toList();
        boolean[] notNull = new boolean[visible.size()];
        for (int i = 0; i < notNull.length; i++) {
            notNull[i] = visible.get(i).notNull();
        }
        runtime.addSourceRelation(relation.name(), (feed, target, input, position, nextRowId) -> {
            TableInput.Connector connector;
            if ("kafka".equals(relation.options().get("connector"))) {
                KafkaConnector kafka = new KafkaConnector(feed, names, visibleTypes, notNull, new int[0], relation.options(),
                        position);
                sourceTables.register(feed, kafka);
                connector = kafka;
            } else {
                connector = new DatagenConnector(names, visibleTypes, relation.options(),
                        position == null ? 0 : DatagenConnector.parsePosition(position));
            }
            return new SourceFeed(feed, connector, target, input, relation.types(), nextRowId);
        });
    }

    private void deployTable(Relation relation, boolean fresh, byte[] startPosition) {
        List<DataType> types = relation.types();
        // Row ids are fresh and DELETE/UPDATE read stored rows, so a table without a primary key has
        // no key conflicts to resolve; one with a key may receive an existing key from a connector.
        MaterializeOperator.ConflictMode mode = relation.hasHiddenRowId()
                ? MaterializeOperator.ConflictMode.TRUST : MaterializeOperator.ConflictMode.OVERWRITE;
        MaterializeOperator.Factory factory = new MaterializeOperator.Factory(relation.stateTableId(), types,
                relation.keyColumns(), null, mode);
        MaterializeOperator materialize = factory.create(store, new Emitter());
        boolean[] notNull = new boolean[types.size()];
        for (int i = 0; i < notNull.length; i++) {
            notNull[i] = relation.columns().get(i).notNull();
        }
        TableInput.Connector connector = null;
        if ("datagen".equals(relation.options().get("connector"))) {
            List<ColumnDef> visible = relation.visibleColumns();
            long position = fresh ? 0 : DatagenConnector.parsePosition(TableInput.savedPosition(store, relation.name()));
            connector = new DatagenConnector(visible.stream().map(ColumnDef::name).toList(),
                    visible.stream().map(ColumnDef::type).toList(), relation.options(), position);
        } else if ("kafka".equals(relation.options().get("connector"))) {
            List<ColumnDef> visible = relation.visibleColumns();
            boolean[] visibleNotNull = new boolean[visible.size()];
            for (int i = 0; i < visibleNotNull.length; i++) {
                visibleNotNull[i] = visible.get(i).notNull();
            }
            KafkaConnector kafka = new KafkaConnector(relation.name(), visible.stream().map(ColumnDef::name).toList(),
                    visible.stream().map(ColumnDef::type).toList(), visibleNotNull, relation.keyColumns(),
                    relation.options(), fresh ? startPosition : TableInput.savedPosition(store, relation.name()));
            sourceTables.register(relation.name(), kafka);
            connector = kafka;
        }
        long nextRowId = fresh ? 1 : TableInput.savedRowId(store, relation.name());
        TableInput input = new TableInput(relation.name(), materialize, types, relation.columnNames(), relation.keyColumns(),
                relation.hasHiddenRowId(), notNull, connector, nextRowId);
        runtime.addTable(input, materialize);
    }

    @Override
    public Session openSession(Map<String, String> startupParameters) {
        String database = startupParameters.getOrDefault("database", "dev");
        String user = startupParameters.getOrDefault("user", "freshet");
        if (database.isEmpty()) {
            database = user;
        }
        return new FreshetSession(this, sessionIds.incrementAndGet(), user, database, startupParameters);
    }

    @Override
    public Map<String, String> initialParameterStatus() {
        Map<String, String> status = new LinkedHashMap<>();
        status.put("server_version", SERVER_VERSION);
        status.put("server_encoding", "UTF8");
        status.put("client_encoding", "UTF8");
        status.put("DateStyle", "ISO, MDY");
        status.put("IntervalStyle", "postgres");
        status.put("TimeZone", "UTC");
        status.put("integer_datetimes", "on");
        status.put("standard_conforming_strings", "on");
        status.put("is_superuser", "on");
        status.put("application_name", "");
        return status;
    }

    /** Commits a final epoch and stops the dataflows and the store. */
    @Override
    public void close() {
        try {
            runtime.flush();
        } catch (FreshetException e) {
            if (e.state() != SqlState.ADMIN_SHUTDOWN) {
                LOG.warn("final flush failed: {}", e.getMessage());
            }
        }
        runtime.close();
        store.close();
    }

}
