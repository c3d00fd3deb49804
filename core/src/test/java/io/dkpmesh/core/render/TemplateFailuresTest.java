package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.ChildJvm;
import io.dkpmesh.core.testing.Topologies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user template's failure is one finding at its line, never FreeMarker's log or a stack trace, and
 * a user template that would render different bytes from the same topology is refused.
 */
class TemplateFailuresTest {

    private static final String FEDERATION = "istiofederation.yaml.ftl";
    private static final String ATTEMPT = "<#attempt>\n# ${nosuchfield}\n<#recover>\n# recovered\n</#attempt>\n";

    @TempDir
    Path dir;

    Path topology;
    Path templates;
    String builtIn;
    /** The line a line appended to the built-in federation template stands on. */
    int appended;

    @BeforeEach
    void setUp() throws Exception {
        topology = dir.resolve("topology.yaml");
        templates = dir.resolve("templates");
        Files.createDirectories(templates);
        Files.writeString(topology, Topologies.FEDERATION);
        builtIn = Files.readString(Path.of("..", "templates", FEDERATION));
        appended = (int) builtIn.lines().count() + 1;
    }

    private RenderRequest request() {
        return new RenderRequest(topology, dir.resolve("rendered"), Optional.of(templates), Set.of());
    }

    private List<Finding> findingsOf(RenderRequest request) {
        FindingsException thrown = (FindingsException)
                org.assertj.core.api.Assertions.catchThrowable(() -> new DkpMesh(EngineLog.SILENT).render(request));
        assertThat(thrown).as("the render is refused").isNotNull();
        return thrown.findings();
    }

    // --- FreeMarker's logging

    @Test
    void freeMarkersOwnLoggersAreOff() {
        new TemplateEngine(Optional.empty());
        assertThat(freemarker.log.Logger.getLogger("freemarker.runtime").isErrorEnabled())
                .isFalse();
    }

    /** A cold JVM, as in a Maven build: FreeMarker chooses its logger on first use. */
    @Test
    void anAttemptInAUserTemplatePrintsNothingAndRendersItsRecovery() throws Exception {
        Files.writeString(templates.resolve("attempt.yaml.ftl"), ATTEMPT);
        ChildJvm.Result result = ChildJvm.run(List.of(), AttemptChild.class, templates.toString(), "ALL");
        assertThat(result.output()).isEqualTo("RENDERED '# recovered\\n'\n");
        assertThat(result.exit()).isZero();
    }

    /**
     * A host that turned FreeMarker's logging on with its system property keeps it; the attempt
     * still reports nothing, which proves the silent reporter apart from the silenced loggers.
     */
    @Test
    void anAttemptLogsNothingEvenWhereTheHostTurnedFreeMarkersLoggingOn() throws Exception {
        Files.writeString(templates.resolve("attempt.yaml.ftl"), ATTEMPT);
        ChildJvm.Result result = ChildJvm.run(
                List.of("-Dorg.freemarker.loggerLibrary=JUL"), AttemptChild.class, templates.toString(), "INFO");
        assertThat(result.output()).isEqualTo("RENDERED '# recovered\\n'\n");
        assertThat(result.exit()).isZero();
    }

    /** Renders {@code attempt.yaml.ftl} of the folder in args[0], JUL recording at level args[1]. */
    public static final class AttemptChild {

        public static void main(String[] args) throws Exception {
            java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
            root.setLevel(Level.parse(args[1]));
            root.addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    System.out.println(
                            "JUL " + record.getLoggerName() + " " + record.getLevel() + " " + record.getMessage());
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            });
            String text = new TemplateEngine(Optional.of(Path.of(args[0])))
                    .render("attempt.yaml.ftl", new Kustomization(List.of("a.yaml"), Map.of()));
            System.out.println("RENDERED " + io.dkpmesh.core.api.Text.quote(text));
        }
    }
}
