package io.dkpmesh.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A timing gives its duration in milliseconds, fractional, as the benchmark reports it. */
class StepTimingTest {

    @Test
    void millisAreNanosOverAMillion() {
        assertThat(new StepTiming(Step.ACCESS, "computed", 2_500_000).millis()).isEqualTo(2.5);
        assertThat(new StepTiming(Step.READ_BACK, "read", 0).millis()).isZero();
    }
}
