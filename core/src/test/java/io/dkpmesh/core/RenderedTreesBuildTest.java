package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real kustomize builds every cluster tree of every golden case. */
class RenderedTreesBuildTest {

    static Stream<Path> clusterTrees() {
        return GoldenCases.all().stream().flatMap(c -> GoldenCases.clusterTrees(GoldenCases.expected(c)).stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusterTrees")
    void kubectlKustomizeBuildsTheClusterTree(Path clusterTree) {
        Kubectl.Build build = Kubectl.kustomize(clusterTree);
        assertThat(build.exitCode()).as(build.output()).isZero();
        assertThat(build.output()).contains("apiVersion:");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusterTrees")
    void modulesComeFirstInTheBuild(Path clusterTree) {
        Kubectl.Build build = Kubectl.kustomize(clusterTree);
        int moduleConfig = build.output().indexOf("kind: ModuleConfig");
        if (moduleConfig >= 0) {
            for (String peer : new String[] {"kind: IstioFederation", "kind: IstioMulticluster"}) {
                int first = build.output().indexOf(peer);
                assertThat(first < 0 || first > moduleConfig).as("%s before the ModuleConfig in %s", peer, clusterTree).isTrue();
            }
        }
        assertThat(Files.isDirectory(clusterTree)).isTrue();
    }
}
