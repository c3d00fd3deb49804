package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.Kubectl;
import io.dkpmesh.core.testing.UpstreamSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A first sync into a cluster that has Deckhouse but not yet the istio module's CRDs: what the
 * GitOps tool does with our objects before the module has started.
 *
 * <p>Argo CD: argoproj/gitops-engine {@code pkg/sync/sync_context.go} asks the API server for the
 * resource of every task before the first wave; a kind it does not know fails the whole sync unless
 * the object's {@code argocd.argoproj.io/sync-options} (a comma-separated list,
 * {@code pkg/sync/resource/annotations.go}) holds {@code SkipDryRunOnMissingResource=true}.
 *
 * <p>Flux: fluxcd/kustomize-controller ignores {@code healthChecks} when {@code wait} is true (CRD
 * field description in shared/upstream/flux) and checks health with kstatus
 * (kubernetes-sigs/cli-utils {@code pkg/kstatus/status/core.go}): a ModuleConfig has no status
 * conditions (deckhouse {@code deckhouse-controller/crds/module-config.yaml}), so it is Current at
 * once; a CustomResourceDefinition is Current only once {@code Established}.
 */
class GitopsBootstrapTest {

    private static final Path ARGOCD = GoldenCases.ROOT.resolve("gitops-argocd");
    private static final Path FLUX = GoldenCases.ROOT.resolve("gitops-flux");
    /** Kinds a DKP cluster serves before any module has started: Kubernetes' own and Deckhouse's. */
    private static final Set<String> BEFORE_MODULES = Set.of("v1/Service", "deckhouse.io/v1alpha1/ModuleConfig");

    @Test
    void argoCdSyncsTheModuleConfigIntoAClusterWithoutTheModuleCrds(@TempDir Path work) throws Exception {
        Path out = render(ARGOCD, work);
        int skipped = 0;
        for (Path tree : GoldenCases.clusterTrees(out)) {
            List<JsonNode> objects = build(tree, work);
            int moduleWave = Integer.MAX_VALUE;
            int otherWave = Integer.MAX_VALUE;
            for (JsonNode object : objects) {
                String kind = object.path("kind").asString();
                JsonNode annotations = object.at("/metadata/annotations");
                List<String> options = Arrays.stream(annotations
                                .path("argocd.argoproj.io/sync-options")
                                .asString("")
                                .split(","))
                        .map(String::trim)
                        .toList();
                int wave = Integer.parseInt(
                        annotations.path("argocd.argoproj.io/sync-wave").asString("0"));
                if (kind.equals("ModuleConfig")) {
                    moduleWave = Math.min(moduleWave, wave);
                } else {
                    otherWave = Math.min(otherWave, wave);
                }
                if (!BEFORE_MODULES.contains(object.path("apiVersion").asString() + "/" + kind)) {
                    assertThat(options)
                            .as(
                                    "%s %s in %s: its CRD is missing at the dry run",
                                    kind, object.at("/metadata/name"), tree)
                            .contains("SkipDryRunOnMissingResource=true");
                    skipped++;
                } else {
                    assertThat(options)
                            .as("a kind the cluster already serves is dry-run as usual")
                            .doesNotContain("SkipDryRunOnMissingResource=true");
                }
            }
            if (moduleWave != Integer.MAX_VALUE && otherWave != Integer.MAX_VALUE) {
                assertThat(moduleWave)
                        .as("ModuleConfig syncs first in %s", tree)
                        .isLessThan(otherWave);
            }
        }
        assertThat(skipped).as("the case has module kinds at all").isPositive();
    }

    @Test
    void fluxAppliesTheMeshOnlyOnceTheCrdsItNeedsAreEstablished(@TempDir Path work) throws Exception {
        Path out = render(FLUX, work);
        Map<String, String> crdNames = upstreamCrdNames();
        for (String cluster : List.of("msk", "spb")) {
            JsonNode modules = yaml(out.resolve("gitops/flux/" + cluster + "/modules.yaml"));
            JsonNode mesh = yaml(out.resolve("gitops/flux/" + cluster + "/mesh.yaml"));
            assertThat(modules.at("/spec/wait").asBoolean(false))
                    .as("wait: true would make kustomize-controller ignore healthChecks")
                    .isFalse();
            Set<String> expected = new TreeSet<>();
            for (JsonNode object : build(out.resolve("clusters/" + cluster + "/mesh"), work)) {
                String crd = crdNames.get(object.path("apiVersion").asString().replaceAll("/[^/]+$", "") + "/"
                        + object.path("kind").asString());
                assertThat(crd)
                        .as("%s is served by an upstream CRD", object.path("kind"))
                        .isNotNull();
                expected.add(crd);
            }
            Set<String> checked = new TreeSet<>();
            modules.at("/spec/healthChecks").forEach(check -> {
                assertThat(check.path("apiVersion").asString()).isEqualTo("apiextensions.k8s.io/v1");
                assertThat(check.path("kind").asString()).isEqualTo("CustomResourceDefinition");
                checked.add(check.path("name").asString());
            });
            assertThat(checked)
                    .as("the modules phase is healthy once every CRD of the mesh phase is Established")
                    .isEqualTo(expected)
                    .contains("istiofederations.deckhouse.io");
            assertThat(mesh.at("/spec/dependsOn/0/name").asString())
                    .isEqualTo(modules.at("/metadata/name").asString());
            for (JsonNode phase : List.of(modules, mesh)) {
                assertThat(seconds(phase.at("/spec/retryInterval").asString("")))
                        .as("a failed phase retries soon, not after the full interval")
                        .isPositive()
                        .isLessThan(seconds(phase.at("/spec/interval").asString()));
            }
        }
    }

    private static long seconds(String duration) {
        if (duration.isEmpty()) {
            return 0;
        }
        long value = Long.parseLong(duration.substring(0, duration.length() - 1));
        return switch (duration.charAt(duration.length() - 1)) {
            case 's' -> value;
            case 'm' -> value * 60;
            case 'h' -> value * 3600;
            default -> throw new IllegalArgumentException(duration);
        };
    }

    /** group/kind to the CRD's metadata.name, from every CRD copied under shared/upstream. */
    private static Map<String, String> upstreamCrdNames() throws IOException {
        Map<String, String> names = new HashMap<>();
        try (Stream<Path> files = Files.walk(UpstreamSchemas.sharedDir().resolve("upstream"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode doc : UpstreamSchemas.loadYaml(file)) {
                    if (doc.path("kind").asString("").equals("CustomResourceDefinition")) {
                        names.put(
                                doc.at("/spec/group").asString() + "/"
                                        + doc.at("/spec/names/kind").asString(),
                                doc.at("/metadata/name").asString());
                    }
                }
            }
        }
        return names;
    }

    static Path render(Path goldenCase, Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve(goldenCase.getFileName()));
        Path topology = Files.copy(goldenCase.resolve("topology.yaml"), dir.resolve("topology.yaml"));
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, dir.resolve("rendered")));
        return dir.resolve("rendered");
    }

    static List<JsonNode> build(Path tree, Path work) {
        Kubectl.Build build = Kubectl.kustomize(tree);
        assertThat(build.exitCode()).as(build.output()).isZero();
        try {
            Path built = Files.writeString(Files.createTempFile(work, "built", ".yaml"), build.output());
            return new ArrayList<>(UpstreamSchemas.loadYaml(built));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode yaml(Path file) throws IOException {
        return YamlLoader.load(file.toString(), Files.readAllBytes(file)).root().orElseThrow();
    }
}
