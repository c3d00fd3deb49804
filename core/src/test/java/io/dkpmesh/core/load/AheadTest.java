package io.dkpmesh.core.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class AheadTest {

    @Test
    void givesTheResultOfWorkDoneOnAnotherThread() {
        Thread caller = Thread.currentThread();
        Ahead<Thread> ahead = Ahead.start(Thread::currentThread);
        assertThat(ahead.get()).isNotSameAs(caller);
    }

    @Test
    void throwsWhatTheWorkThrewAsItWas() {
        IllegalStateException failure = new IllegalStateException("no schema");
        Ahead<String> ahead = Ahead.start(() -> {
            throw failure;
        });
        assertThatThrownBy(ahead::get).isSameAs(failure);
    }

    @Test
    void runsWithTheCallersContextClassLoader() throws Exception {
        // in a build tool that is the plugin's own class loader, which a pool thread does not have
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader plugin = new URLClassLoader(new URL[0], before)) {
            thread.setContextClassLoader(plugin);
            assertThat(Ahead.start(() -> Thread.currentThread().getContextClassLoader())
                            .get())
                    .isSameAs(plugin);
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
