package io.dkpmesh.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.api.EngineLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step runner times each step once: one debug line and one timing for the listener. */
class StepRunnerTest {

    /** Keeps the debug lines. */
    private static final class Lines implements EngineLog {
        final List<String> debug = new ArrayList<>();

        @Override
        public void debug(String message) {
            debug.add(message);
        }

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
    }

    @Test
    void aStepIsLoggedAndToldToTheListenerWithItsNameAndDuration() throws Exception {
        Lines log = new Lines();
        List<StepTiming> timings = new ArrayList<>();
        StepRunner steps = new StepRunner(log, timings::add);

        int files = steps.run(Step.RENDER, n -> "rendered " + n + " files", () -> 3);
        steps.run(Step.WRITE, "wrote", () -> {});

        assertThat(files).isEqualTo(3);
        assertThat(timings).extracting(StepTiming::step).containsExactly(Step.RENDER, Step.WRITE);
        assertThat(timings).extracting(StepTiming::what).containsExactly("rendered 3 files", "wrote");
        assertThat(timings).allSatisfy(timing -> assertThat(timing.nanos()).isNotNegative());
        assertThat(log.debug).hasSize(2);
        assertThat(log.debug.get(0)).matches("rendered 3 files in \\d+\\.\\d ms");
    }

    @Test
    void aFailedStepIsNotTimedAndItsExceptionPassesThrough() {
        List<StepTiming> timings = new ArrayList<>();
        StepRunner steps = new StepRunner(EngineLog.SILENT, timings::add);

        assertThatThrownBy(() -> steps.run(Step.COMPARE, "compared", () -> {
                    throw new IOException("unreadable");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("unreadable");
        assertThat(timings).isEmpty();
    }
}
