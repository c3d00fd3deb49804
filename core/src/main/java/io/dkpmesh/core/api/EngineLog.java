package io.dkpmesh.core.api;

import java.util.Locale;

/** Where the engine reports progress; each front end adapts its own log into this. */
public interface EngineLog {

    void debug(String message);

    void info(String message);

    void warn(String message);

    /** The debug line of a timed phase: {@code <what> in <ms> ms}, one decimal, whatever the locale. */
    static String took(String what, long nanos) {
        return what + " in " + String.format(Locale.ROOT, "%.1f", nanos / 1e6) + " ms";
    }

    /** A log that drops everything, for tests and in-memory use. */
    EngineLog SILENT = new EngineLog() {
        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
    };
}
