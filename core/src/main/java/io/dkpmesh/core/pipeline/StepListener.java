package io.dkpmesh.core.pipeline;

/** Told of every step the engine finished, with its duration: what the benchmark reads its figures from. */
@FunctionalInterface
public interface StepListener {

    void finished(StepTiming timing);

    /** A listener that drops every timing. */
    StepListener NONE = timing -> {};
}
