package io.dkpmesh.core.pipeline;

import io.dkpmesh.core.api.EngineLog;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one place that times the engine's steps (as Jib's {@code TimerEventDispatcher} does): runs a
 * step, then writes its debug line ({@code <what> in <ms> ms}) and tells the listener its {@link
 * StepTiming}. A step that fails is not timed.
 */
public final class StepRunner {

    /** A step's body, which may fail with a checked exception. */
    @FunctionalInterface
    public interface Body<T, E extends Exception> {
        T run() throws E;
    }

    /** A step's body without a result. */
    @FunctionalInterface
    public interface VoidBody<E extends Exception> {
        void run() throws E;
    }

    private final EngineLog log;
    private final StepListener listener;

    public StepRunner(EngineLog log, StepListener listener) {
        this.log = Objects.requireNonNull(log, "log");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Runs {@code body} as {@code step}; {@code what} says what it did, from its result. */
    public <T, E extends Exception> T run(Step step, Function<? super T, String> what, Body<T, E> body) throws E {
        long start = System.nanoTime();
        T result = body.run();
        record(step, what.apply(result), System.nanoTime() - start);
        return result;
    }

    /** Runs {@code body} as {@code step}, which did {@code what}. */
    public <T, E extends Exception> T run(Step step, String what, Body<T, E> body) throws E {
        return run(step, result -> what, body);
    }

    /** Runs {@code body}, without a result, as {@code step}, which did {@code what}. */
    public <E extends Exception> void run(Step step, String what, VoidBody<E> body) throws E {
        long start = System.nanoTime();
        body.run();
        record(step, what, System.nanoTime() - start);
    }

    /** Records a step that took {@code nanos}, measured by its owner (a step run on several threads). */
    public void record(Step step, String what, long nanos) {
        log.debug(EngineLog.took(what, nanos));
        listener.finished(new StepTiming(step, what, nanos));
    }
}
