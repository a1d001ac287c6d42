package io.freshet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the harnesses once on tiny inputs, so that a change that breaks them (or the pipeline they
 * measure) fails the build. Measures nothing.
 */
class PipelineBenchSmokeTest {
    @Test
    @Timeout(60)
    void viewCountsEveryFilteredRow() throws Exception {
        PipelineBench.Options options = PipelineBench.Options.defaults().withRows(20_000);
        long expected = PipelineBench.expectedFiltered(PipelineBench.datagenOptions(20_000, options.groups()));
        // v is uniform in 0..100, so about 90% of the rows pass v > 10.
        assertTrue(expected > 17_000 && expected < 19_000, "expected filtered rows: " + expected);

        PipelineBench.Run run = PipelineBench.runOnce(options, PipelineBench.Variant.NOPK, false);

        assertEquals(20_000, run.rows());
        assertEquals(expected, run.expectedFiltered());
        assertEquals(expected, run.viewSum());
        assertTrue(run.dataflowCpuNanos() > 0, "dataflow CPU time is measured");
    }

    @Test
    void operatorPipelineAggregatesEveryGroup() {
        OperatorBench.Options options = new OperatorBench.Options(50 * 1024, 100, 10_240, 0, 1, List.of(OperatorBench.Stage.VIEW), null);

        OperatorBench.Iteration iteration = OperatorBench.run(OperatorBench.Stage.VIEW, options, OperatorBench.chunks(100, 8));

        assertEquals(50 * 1024, iteration.rows());
        // The first epoch inserts each of the 100 groups; each later one updates them (a U-/U+ pair each).
        assertEquals(100 + 4 * 2 * 100, iteration.outputRows());
    }
}
