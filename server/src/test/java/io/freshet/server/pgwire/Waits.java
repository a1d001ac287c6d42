package io.freshet.server.pgwire;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Polling for conditions that become true on other threads. */
final class Waits {
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private Waits() {
    }

    /** Waits up to 10 s for {@code condition}; fails the test naming {@code what} otherwise. */
    static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
