package io.dkpmesh.maven;

import io.dkpmesh.core.api.EngineLog;
import org.apache.maven.plugin.logging.Log;

/** The engine's progress messages, through Maven's log (so {@code -q} and {@code -X} apply). */
final class MavenEngineLog implements EngineLog {

    private final Log log;

    MavenEngineLog(Log log) {
        this.log = log;
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }
}
