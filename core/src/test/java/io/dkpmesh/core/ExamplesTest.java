package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.testing.Kubectl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example repository renders, its committed tree is current (what {@code dkp-mesh:check}
 * does in a user's CI), and kustomize builds each of its cluster trees.
 */
class ExamplesTest {

    static List<Path> examples() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("..", "examples"))) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("topology.yaml")))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void committedTreeIsCurrentAndBuilds(Path example) throws Exception {
        RenderRequest request = RenderRequest.of(example.resolve("topology.yaml"), example.resolve("rendered"));
        if (Boolean.getBoolean("dkpmesh.updateExamples")) {
            assertThat(System.getenv("CI"))
                    .as("examples are never re-rendered on CI")
                    .isNotEqualToIgnoringCase("true");
            new DkpMesh(EngineLog.SILENT).render(request);
        }
        assertThat(new DkpMesh(EngineLog.SILENT).check(request))
                .as(
                        "run mvn -f %s dkp-mesh:render (or this test with -Ddkpmesh.updateExamples=true), then review",
                        example)
                .isPositive();
        try (Stream<Path> clusters = Files.list(example.resolve("rendered/clusters"))) {
            for (Path cluster : clusters.sorted().toList()) {
                Kubectl.Build build = Kubectl.kustomize(cluster);
                assertThat(build.exitCode()).as(build.output()).isZero();
            }
        }
    }

    @org.junit.jupiter.api.Test
    void oneExamplePerModel() throws IOException {
        assertThat(examples())
                .extracting(p -> p.getFileName().toString())
                .contains(
                        "istio-federation",
                        "istio-multicluster",
                        "cilium-clustermesh",
                        "single-cluster",
                        "hub-and-spoke");
    }
}
