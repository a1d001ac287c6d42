package io.freshet.executor.operator;

import io.freshet.common.ChunkText;
import io.freshet.common.StreamChunk;
import io.freshet.executor.stream.Barrier;
import io.freshet.executor.stream.StreamOperator;
import java.util.ArrayList;
import java.util.List;

/** A downstream test sink: records every row (in the chunk text form) and every barrier it receives. */
final class CollectingOperator implements StreamOperator {
    final List<String> rows = new ArrayList<>();
    final List<Barrier> barriers = new ArrayList<>();
    final List<String> messages = new ArrayList<>();

    @Override
    public void chunk(int input, StreamChunk chunk) {
        List<String> lines = ChunkText.lines(chunk);
        rows.addAll(lines);
        messages.add("chunk " + lines.size());
    }

    @Override
    public void barrier(int input, Barrier barrier) {
        barriers.add(barrier);
        messages.add("barrier " + barrier.epoch());
    }

    /** The rows received since the last call, then forgets them. */
    List<String> take() {
        List<String> out = new ArrayList<>(rows);
        rows.clear();
        return out;
    }
}
