package io.dkpmesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.Kubectl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real kustomize builds every cluster tree and every GitOps folder of every golden case. */
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

    /** {@code gitops/argocd} and each {@code gitops/flux/<cluster>}: whatever folder has a kustomization. */
    static Stream<Path> gitopsFolders() {
        return GoldenCases.all().stream().flatMap(c -> {
            Path gitops = GoldenCases.expected(c).resolve("gitops");
            if (!Files.isDirectory(gitops)) {
                return Stream.empty();
            }
            try (Stream<Path> walk = Files.walk(gitops)) {
                return walk
                        .filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                        .map(Path::getParent)
                        .sorted()
                        .toList()
                        .stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gitopsFolders")
    void kubectlKustomizeBuildsTheGitopsFolder(Path folder) {
        Kubectl.Build build = Kubectl.kustomize(folder);
        assertThat(build.exitCode()).as(build.output()).isZero();
        if (folder.getFileName().toString().equals("cilium-preflight")) {
            // Flux's Cilium preflight applies nothing: it only health-checks what the upgrade needs
            assertThat(build.output()).isBlank();
        } else {
            assertThat(build.output()).contains("apiVersion:");
        }
    }

    @Test
    void goldenCasesHaveGitopsFolders() {
        assertThat(gitopsFolders()
                        .map(p -> GoldenCases.ROOT.relativize(p).toString().replace('\\', '/')))
                .contains(
                        "gitops-argocd/expected/gitops/argocd",
                        "gitops-flux/expected/gitops/flux/msk",
                        "gitops-flux/expected/gitops/flux/nsk");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusterTrees")
    void modulesComeFirstInTheBuild(Path clusterTree) {
        Kubectl.Build build = Kubectl.kustomize(clusterTree);
        int moduleConfig = build.output().indexOf("kind: ModuleConfig");
        if (moduleConfig >= 0) {
            for (String peer : new String[] {"kind: IstioFederation", "kind: IstioMulticluster"}) {
                int first = build.output().indexOf(peer);
                assertThat(first < 0 || first > moduleConfig)
                        .as("%s before the ModuleConfig in %s", peer, clusterTree)
                        .isTrue();
            }
        }
        assertThat(Files.isDirectory(clusterTree)).isTrue();
    }
}
