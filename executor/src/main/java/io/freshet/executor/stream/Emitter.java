package io.freshet.executor.stream;

import io.freshet.common.StreamChunk;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where an operator sends its output: zero or more downstream (operator, input) targets. Targets
 * are added when a dependent view is deployed and removed when it is dropped, on the dataflow
 * thread.
 */
public final class Emitter {
    private final List<Target> targets = new CopyOnWriteArrayList<>();

    public record Target(StreamOperator operator, int input) {
    }

    public void addTarget(StreamOperator operator, int input) {
        targets.add(new Target(operator, input));
    }

    public void removeTarget(StreamOperator operator) {
        targets.removeIf(t -> t.operator() == operator);
    }

    public boolean hasTargets() {
        return !targets.isEmpty();
    }

    public void chunk(StreamChunk chunk) {
        if (chunk.visibleCount() == 0) {
            return;
        }
        for (Target target : targets) {
            target.operator().chunk(target.input(), chunk);
        }
    }

    public void barrier(Barrier barrier) {
        for (Target target : targets) {
            target.operator().barrier(target.input(), barrier);
        }
    }
}
