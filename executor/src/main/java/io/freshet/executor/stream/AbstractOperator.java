package io.freshet.executor.stream;

import io.freshet.common.StreamChunk;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Base of every operator: enforces the invariants of {@link StreamOperator} (first message a
 * barrier, barrier alignment across inputs) so subclasses only handle aligned data.
 */
public abstract class AbstractOperator implements StreamOperator {
    protected final Emitter output;
    private final int inputCount;
    private final boolean[] started;
    /** Epoch of the barrier each input delivered and that is not aligned yet, or -1. */
    private final long[] waiting;
    private final Deque<Held> held = new ArrayDeque<>();

    private record Held(int input, StreamChunk chunk) {
    }

    protected AbstractOperator(Emitter output, int inputCount) {
        this.output = java.util.Objects.requireNonNull(output, "output is null");
        this.inputCount = inputCount;
        this.started = new boolean[inputCount];
        this.waiting = new long[inputCount];
        Arrays.fill(waiting, -1);
    }

    public final Emitter output() {
        return output;
    }

    @Override
    public final void chunk(int input, StreamChunk chunk) {
        if (!started[input]) {
            throw new IllegalStateException(getClass().getSimpleName() + ": chunk before the first barrier on input " + input);
        }
        if (waiting[input] >= 0) {
            held.add(new Held(input, chunk));
            return;
        }
        process(input, chunk);
    }

    @Override
    public final void barrier(int input, Barrier barrier) {
        started[input] = true;
        if (waiting[input] >= 0) {
            throw new IllegalStateException(getClass().getSimpleName() + ": second barrier on input " + input
                    + " before alignment of epoch " + waiting[input]);
        }
        waiting[input] = barrier.epoch();
        for (int i = 0; i < inputCount; i++) {
            if (waiting[i] < 0) {
                return;
            }
            if (waiting[i] != barrier.epoch()) {
                throw new IllegalStateException(getClass().getSimpleName() + ": misaligned barriers " + waiting[i]
                        + " and " + barrier.epoch());
            }
        }
        onBarrier(barrier);
        output.barrier(barrier);
        Arrays.fill(waiting, -1);
        while (!held.isEmpty()) {
            Held h = held.poll();
            process(h.input(), h.chunk());
        }
    }

    /** Handles a chunk of aligned data. */
    protected abstract void process(int input, StreamChunk chunk);

    /**
     * Called once per epoch when every input delivered the barrier, before it is forwarded: emit
     * what the epoch produced and flush state into {@code barrier.batch()}.
     */
    protected void onBarrier(Barrier barrier) {
    }
}
