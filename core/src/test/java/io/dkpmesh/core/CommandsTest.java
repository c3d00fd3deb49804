package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every front end says and writes around an engine call, whichever front end runs it: the
 * Maven goals and the command line both call these methods (MojoTests and the CLI's MainTest test
 * each front end's own part; the IT cli-matches-maven-goals compares the two byte for byte).
 */
class CommandsTest {

    private static final Path EXAMPLE = Path.of("../examples/istio-federation");

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();

    private final EngineLog log = new EngineLog() {
        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {
            lines.add("info " + message);
        }

        @Override
        public void warn(String message) {
            lines.add("warn " + message);
        }
    };

    private Commands commands(boolean failOnWarning) {
        return new Commands(
                new DkpMesh(log), log, new Commands.Options(dir, dir.resolve("reports"), failOnWarning, false));
    }

    private RenderRequest request() {
        return RenderRequest.of(EXAMPLE.resolve("topology.yaml").toAbsolutePath(), dir.resolve("rendered"));
    }

    @Test
    void renderSaysWhatItWroteRelativeToTheBaseFolder() throws Exception {
        commands(false).render(request());
        assertThat(lines)
                .anySatisfy(
                        line -> assertThat(line)
                                .matches(
                                        "info Rendered \\d+ files for 3 clusters into rendered/ \\(\\d+ changed, 0 removed\\)"));
    }

    @Test
    void eachReportLandsInTheReportDirectory() throws Exception {
        Commands commands = commands(false);
        commands.render(request());
        commands.validate(request());
        commands.diff(request());
        commands.access(request());
        commands.graph(request());
        commands.schema(request(), dir.resolve("reports/topology.schema.json"));
        for (String report : List.of(
                "report.json",
                "report.sarif",
                "plan.md",
                "plan.json",
                Commands.ACCESS_MARKDOWN,
                Commands.ACCESS_JSON,
                Commands.GRAPH_FILE,
                "topology.schema.json")) {
            assertThat(dir.resolve("reports").resolve(report)).isRegularFile();
        }
        assertThat(lines).contains("info Plan: 0 to add, 0 to change, 0 to remove; written to reports/plan.md");
    }

    /**
     * {@code access.md} and the rendered {@code ACCESS.md} are one page: both state what every line
     * assumes (mTLS mode, sidecars, the gateway boundary, ambient) and whether the user's own
     * policies are in, from one piece of code, so the report a reviewer runs promises no more than
     * the committed page.
     */
    @Test
    void theAccessReportStatesTheAssumptionsOfTheRenderedAccessPage() throws Exception {
        Commands commands = commands(false);
        commands.render(request());
        commands.access(request());
        String report = Files.readString(dir.resolve("reports").resolve(Commands.ACCESS_MARKDOWN));
        String page = Files.readString(dir.resolve("rendered/ACCESS.md"));
        assertThat(report)
                .contains("Every line assumes, per mesh:")
                .contains("mTLS PERMISSIVE, as DKP ships it")
                .contains("The user's own AuthorizationPolicies are not included");
        // the page is the report under the rendered files' header comment
        assertThat(page).endsWith(report);
    }

    @Test
    void aStaleTreeFailsCheckAndTheFailureListsEveryFinding() throws Exception {
        Commands commands = commands(false);
        commands.render(request());
        Path topologyMd = dir.resolve("rendered/TOPOLOGY.md");
        Files.writeString(topologyMd, Files.readString(topologyMd) + "edited\n");
        assertThatThrownBy(() -> commands.check(request())).isInstanceOfSatisfying(FindingsException.class, e -> {
            assertThat(commands.failureMessage(e, " (note)"))
                    .startsWith("1 error, 0 warnings:\n")
                    .contains("TOPOLOGY.md: error DKPM902");
            assertThat(commands.warnedApart(e)).isEmpty();
        });
    }
}
