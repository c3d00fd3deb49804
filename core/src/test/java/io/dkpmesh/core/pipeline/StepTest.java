package io.dkpmesh.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.testing.Topologies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps' packages import each other in one direction only: no step imports a step after it
 * (docs/architecture.md). Read from the sources, imports and fully qualified names alike.
 */
class StepTest {

    private static final Path MAIN = Path.of("src/main/java/io/dkpmesh/core");
    private static final Pattern REFERENCE = Pattern.compile("io\\.dkpmesh\\.core\\.([a-z]+)\\.");

    @Test
    void everyStepLivesInAPackageOfTheOrder() {
        for (Step step : Step.values()) {
            assertThat(Step.PACKAGE_ORDER).as(step.label()).contains(step.home());
            assertThat(Files.isDirectory(MAIN.resolve(step.home())))
                    .as(step.home())
                    .isTrue();
        }
    }

    @Test
    void theRenderRunsValidatePlanRenderAccessCompareSelfCheckWriteInThisOrder() {
        assertThat(List.of(Step.values()))
                .containsSubsequence(
                        Step.VALIDATE,
                        Step.PLAN,
                        Step.RENDER,
                        Step.READ_BACK,
                        Step.ACCESS,
                        Step.COMPARE,
                        Step.SELF_CHECK,
                        Step.ACCESS_CHECK,
                        Step.WRITE);
        assertThat(Step.SELF_CHECK.label()).isEqualTo("self-check");
    }

    @Test
    void aRenderTellsItsListenerEveryStepInPipelineOrder(@TempDir Path dir) throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), Topologies.FEDERATION);
        List<StepTiming> timings = new ArrayList<>();
        DkpMesh engine = new DkpMesh(EngineLog.SILENT, Suggestions.NEUTRAL, timings::add);

        RenderRequest request = RenderRequest.of(topology, dir.resolve("out")).withStateDirectory(dir.resolve("state"));
        engine.render(request);

        assertThat(timings)
                .extracting(StepTiming::step)
                .containsExactly(
                        Step.INPUTS,
                        Step.VALIDATE,
                        Step.PLAN,
                        Step.RENDER,
                        Step.READ_BACK,
                        Step.ACCESS,
                        Step.COMPARE,
                        Step.SELF_CHECK,
                        Step.ACCESS_CHECK,
                        Step.WRITE,
                        Step.RECORD);
        timings.clear();

        engine.render(request);

        // unchanged: the inputs step proves it, and nothing else runs
        assertThat(timings).extracting(StepTiming::step).containsExactly(Step.INPUTS);
    }

    @Test
    void noStepImportsAStepAfterIt() {
        assertThat(upwardReferences(MAIN)).isEmpty();
    }

    @Test
    void anImportOfALaterStepIsNamed(@TempDir Path dir) throws IOException {
        write(
                dir.resolve("render/Early.java"),
                "package io.dkpmesh.core.render;\n\nimport io.dkpmesh.core.write.TreeWriter;\n");
        write(
                dir.resolve("validate/Rule.java"),
                "package io.dkpmesh.core.validate;\n\nclass Rule { io.dkpmesh.core.access.AccessMatrix m; }\n");
        write(
                dir.resolve("write/Late.java"),
                "package io.dkpmesh.core.write;\n\nimport io.dkpmesh.core.render.Renderer;\n");

        assertThat(upwardReferences(dir))
                .containsExactly(
                        "validate/Rule.java imports access, a later step",
                        "render/Early.java imports write, a later step");
    }

    /** Each file of a step package that names a package later in {@link Step#PACKAGE_ORDER}. */
    static List<String> upwardReferences(Path main) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Step.PACKAGE_ORDER.size(); i++) {
            String pkg = Step.PACKAGE_ORDER.get(i);
            List<String> later = Step.PACKAGE_ORDER.subList(i + 1, Step.PACKAGE_ORDER.size());
            Path dir = main.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    Matcher m = REFERENCE.matcher(Files.readString(file));
                    List<String> named = new ArrayList<>();
                    while (m.find()) {
                        if (later.contains(m.group(1)) && !named.contains(m.group(1))) {
                            named.add(m.group(1));
                        }
                    }
                    named.forEach(target ->
                            out.add(pkg + "/" + file.getFileName() + " imports " + target + ", a later step"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
