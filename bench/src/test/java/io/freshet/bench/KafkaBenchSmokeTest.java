package io.freshet.bench;

import io.freshet.kafkalocal.LocalKafka;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@link KafkaBench} tiny against its embedded broker: the throughput run's view counts every
 * preloaded event that passes the filter, and markers produced at a steady rate become visible.
 * Measures nothing.
 */
class KafkaBenchSmokeTest {
    @Test
    @Timeout(120)
    void ingestsEveryEventAndSeesTheMarkers() throws Exception {
        KafkaBench.Options options = KafkaBench.Options.defaults().tiny();
        try (LocalKafka kafka = LocalKafka.startTemporary()) {
            long expected = KafkaBench.preload(kafka, "bids", options);
            // Prices are uniform in 1..10000, so about half pass price > 5000.
            assertTrue(expected > 9_000 && expected < 11_000, "expected passing events: " + expected);

            KafkaBench.Run run = KafkaBench.throughputRun(kafka, "bids", options, expected);
            assertEquals(expected, run.viewSum());
            assertTrue(run.dataflowCpuNanos() > 0, "dataflow CPU time is measured");
            assertTrue(run.consumerCpuNanos() > 0, "consumer CPU time is measured");
            // The same through CREATE SOURCE: the view reads the topic itself.
            KafkaBench.Options viaSource = new KafkaBench.Options(options.events(), options.auctions(), options.partitions(),
                    options.runs(), options.warmups(), options.barrierMillis(), options.rate(), options.latencySeconds(),
                    options.warmupSeconds(), options.pollMillis(), true, false, null, true);
            assertEquals(expected, KafkaBench.throughputRun(kafka, "bids", viaSource, expected).viewSum());

            KafkaBench.Latency latency = KafkaBench.latency(kafka, "live", options);
            assertEquals(latency.expected(), latency.viewSum());
            // 3 s with a marker every 20 ms, the first second skipped.
            assertTrue(latency.millis().length >= 90, "markers measured: " + latency.millis().length);
            assertTrue(latency.percentile(0.5) >= 0, "latency is not negative");
        }
    }
}
