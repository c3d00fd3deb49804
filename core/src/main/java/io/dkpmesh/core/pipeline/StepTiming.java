package io.dkpmesh.core.pipeline;

/**
 * One run of a step: which, what it did (the debug line's words), and how long it took.
 *
 * @param step  the step
 * @param what  what it did, as the debug line says it
 * @param nanos its duration (System.nanoTime)
 */
public record StepTiming(Step step, String what, long nanos) {

    /** The duration in milliseconds, fractional. */
    public double millis() {
        return nanos / 1e6;
    }
}
