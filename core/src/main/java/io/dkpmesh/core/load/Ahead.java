package io.dkpmesh.core.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Work started on the other core ahead of the moment its result is needed: setup a cold JVM pays
 * once per run (compiling a schema, loading a library's classes) that does not depend on what the
 * calling thread does meanwhile. The work runs with the caller's context class loader, so in a
 * build tool's plugin it sees the plugin's classes as the caller does.
 *
 * @param <T> what the work gives
 */
public final class Ahead<T> {

    private final CompletableFuture<T> future;

    private Ahead(CompletableFuture<T> future) {
        this.future = future;
    }

    /**
     * Starts the work on a thread of its own (a daemon: a run that fails early does not wait for
     * it), so work started ahead never queues behind other work, nor behind another Ahead.
     */
    public static <T> Ahead<T> start(Supplier<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        future.complete(work.get());
                    } catch (RuntimeException | Error e) {
                        future.completeExceptionally(e);
                    }
                },
                "dkp-mesh-ahead");
        thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        thread.setDaemon(true);
        thread.start();
        return new Ahead<>(future);
    }

    /** The result, waiting for it if need be; what the work threw is thrown here as it was. */
    public T get() {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
