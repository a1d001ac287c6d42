package io.freshet.executor.operator;

import io.freshet.common.DataType;
import io.freshet.executor.stream.Emitter;
import io.freshet.executor.stream.OperatorFactory;
import io.freshet.storage.StateTable;
import io.freshet.storage.kv.KvStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Top-N per partition: keeps the rows whose rank (ROW_NUMBER, RANK or DENSE_RANK in the sort
 * order) lies in [{@code minRank}, {@code maxRank}]. Serves {@code ORDER BY … LIMIT n OFFSET m}
 * (no partition, row numbers m+1..m+n) and {@code WHERE rn <= n} over a ranking window. A change
 * re-reads only the partition's leading rows up to the last rank kept, so an epoch costs the
 * top range of each touched partition. With {@code emitRank} the rank is appended as a bigint
 * column and kept up to date (a row moving up shifts the ranks below it).
 */
public final class TopNOperator extends PartitionedOperator {
    private final Factory factory;

    public enum RankKind { ROW_NUMBER, RANK, DENSE_RANK }

    TopNOperator(Factory factory, KvStore store, Emitter output) {
        super(output, new PartitionedRows(store, factory.tableId, factory.inputTypes, factory.partitionColumns,
                factory.order, factory.streamKey), factory.outputTypes());
        this.factory = factory;
    }

    @Override
    protected List<Object[]> compute(Object[] partition) {
        List<Object[]> result = new ArrayList<>();
        if (factory.maxRank < factory.minRank) {
            return result; // LIMIT 0, rn < 1: an always empty range
        }
        int width = factory.inputTypes.size();
        long position = 0;
        long rank = 0;
        Object[] previous = null;
        try (StateTable.Scan scan = rows.scan(partition)) {
            while (scan.hasNext()) {
                Object[] row = scan.next();
                position++;
                boolean peer = previous != null && rows.peers(previous, row);
                switch (factory.rankKind) {
                    case ROW_NUMBER -> rank = position;
                    case RANK -> rank = peer ? rank : position;
                    case DENSE_RANK -> rank = peer ? rank : rank + 1;
                }
                if (rank > factory.maxRank) {
                    break;
                }
                previous = row;
                if (rank < factory.minRank) {
                    continue;
                }
                if (factory.emitRank) {
                    Object[] out = Arrays.copyOf(row, width + 1);
                    out[width] = rank;
                    result.add(out);
                } else {
                    result.add(row);
                }
            }
        }
        return result;
    }

    /**
     * Plan-time description. {@code maxRank} is {@link Long#MAX_VALUE} without an upper bound and below
     * {@code minRank} for an empty range (LIMIT 0);
     * {@code streamKey} breaks ties so that the state key is unique.
     */
    public record Factory(List<DataType> inputTypes, int[] partitionColumns, List<SortField> order, int[] streamKey,
                          RankKind rankKind, long minRank, long maxRank, boolean emitRank, int tableId)
            implements OperatorFactory {
        public Factory {
            inputTypes = List.copyOf(inputTypes);
            partitionColumns = partitionColumns.clone();
            order = List.copyOf(order);
            streamKey = streamKey.clone();
            Objects.requireNonNull(rankKind, "rankKind is null");
            if (minRank < 1) {
                throw new IllegalArgumentException("ranks start at 1, not " + minRank);
            }
        }

        public List<DataType> outputTypes() {
            List<DataType> types = new ArrayList<>(inputTypes);
            if (emitRank) {
                types.add(DataType.BIGINT);
            }
            return types;
        }

        @Override
        public TopNOperator create(KvStore store, Emitter output) {
            return new TopNOperator(this, store, output);
        }

        @Override
        public String explain() {
            StringBuilder partition = new StringBuilder("[");
            for (int i = 0; i < partitionColumns.length; i++) {
                partition.append(i == 0 ? "$" : ", $").append(partitionColumns[i]);
            }
            return "StreamTopN { partition: " + partition + "], order: " + order + ", "
                    + rankKind.name().toLowerCase(Locale.ROOT) + ": " + minRank + ".."
                    + (maxRank == Long.MAX_VALUE ? "" : String.valueOf(maxRank))
                    + (emitRank ? ", rank column: $" + inputTypes.size() : "") + ", table: " + tableId + " }";
        }
    }
}
