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

    public static <T> Ahead<T> start(Supplier<T> work) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new Ahead<>(CompletableFuture.supplyAsync(() -> {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                return work.get();
            } finally {
                thread.setContextClassLoader(before);
            }
        }));
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
