package io.dkpmesh.core.api;

/** Where the engine reports progress; each front end adapts its own log into this. */
public interface EngineLog {

    void debug(String message);

    void info(String message);

    void warn(String message);

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
