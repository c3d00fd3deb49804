package io.dkpmesh.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.FindingsException;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.load.YamlLoader;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.testing.GoldenCases;
import io.dkpmesh.core.testing.Kubectl;
import io.dkpmesh.core.testing.Topologies;
import io.dkpmesh.core.testing.UpstreamSchemas;
import io.dkpmesh.core.validate.TopologyValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * GitOps delivery (PRODUCT.md §4): the ApplicationSet's safe defaults, the order Argo CD (sync
 * waves) and Flux (dependsOn) apply a tree in, and Flux paths that exist in the repository.
 */
class GitopsDeliveryTest {

    private static final Path ARGOCD = GoldenCases.ROOT.resolve("gitops-argocd");
    private static final Path FLUX = GoldenCases.ROOT.resolve("gitops-flux");

    @Test
    void applicationSetNeverDeletesApplicationsNorTheirObjects() throws Exception {
        JsonNode set = yaml(GoldenCases.expected(ARGOCD).resolve("gitops/argocd/applicationset.yaml"));

        assertThat(set.at("/spec/syncPolicy/preserveResourcesOnDeletion").asBoolean())
                .isTrue();
        assertThat(set.at("/spec/syncPolicy/applicationsSync").asString()).isEqualTo("create-update");
        assertThat(set.at("/spec/goTemplate").asBoolean()).isTrue();
        assertThat(set.at("/spec/goTemplateOptions/0").asString()).isEqualTo("missingkey=error");
        assertThat(set.at("/spec/template/spec/source/path").asString()).isEqualTo("rendered/clusters/{{ .cluster }}");
        assertThat(set.at("/spec/template/spec/destination/server").asString()).isEqualTo("{{ .server }}");
        // prune only after everything else applied, and never to an empty tree (allowEmpty stays unset)
        assertThat(set.at("/spec/template/spec/syncPolicy/syncOptions").toString())
                .contains("PruneLast=true");
        assertThat(set.at("/spec/template/spec/syncPolicy/automated").has("allowEmpty"))
                .isFalse();
        List<String> clusters = new ArrayList<>();
        set.at("/spec/generators/0/list/elements")
                .forEach(e -> clusters.add(e.path("cluster").asString()));
        assertThat(clusters).isSorted().containsExactly("ekb", "msk", "nsk", "spb");
    }

    @Test
    void ciliumApplicationsWaitForAHumanToSync() throws Exception {
        for (String cluster : List.of("ekb", "nsk")) {
            JsonNode app =
                    yaml(GoldenCases.expected(ARGOCD).resolve("gitops/argocd/application-cilium-" + cluster + ".yaml"));
            assertThat(app.at("/spec").has("syncPolicy")).isFalse();
            assertThat(app.at("/spec/source/helm/valuesObject/cluster/name").asString())
                    .isEqualTo(cluster);
            assertThat(app.at("/spec/source/targetRevision").asString()).isEqualTo("1.19.6");
        }
        assertThat(Files.exists(GoldenCases.expected(ARGOCD).resolve("clusters/nsk/cilium")))
                .as("values travel in the Application")
                .isFalse();
    }

    /** Argo CD applies a whole tree in one sync: every ModuleConfig must be a wave before every other object. */
    @Test
    void everyObjectOfAnArgoCdTreeCarriesItsSyncWave(@TempDir Path work) throws Exception {
        for (Path tree : GoldenCases.clusterTrees(GoldenCases.expected(ARGOCD))) {
            Kubectl.Build build = Kubectl.kustomize(tree);
            assertThat(build.exitCode()).as(build.output()).isZero();
            Path built = Files.writeString(work.resolve(tree.getFileName() + ".yaml"), build.output());
            List<JsonNode> objects = UpstreamSchemas.loadYaml(built);
            assertThat(objects).as("%s", tree).isNotEmpty();
            for (JsonNode object : objects) {
                String wave = object.at("/metadata/annotations")
                        .path("argocd.argoproj.io/sync-wave")
                        .asString("");
                boolean module = object.path("kind").asString().equals("ModuleConfig");
                assertThat(wave)
                        .as("%s %s in %s", object.path("kind"), object.at("/metadata/name"), tree)
                        .isEqualTo(module ? "-1" : "0");
                // the module kinds skip Argo CD's dry run (GitopsBootstrapTest says why)
                assertThat(object.at("/metadata/annotations")
                                .path("argocd.argoproj.io/sync-options")
                                .asString(""))
                        .as("ModuleConfigs are never pruned")
                        .isEqualTo(module ? "Prune=false" : "SkipDryRunOnMissingResource=true");
            }
        }
    }

    @Test
    void fluxAppliesModulesFirstAndTheMeshDependsOnThem() throws Exception {
        Path msk = GoldenCases.expected(FLUX).resolve("gitops/flux/msk");
        JsonNode modules = yaml(msk.resolve("modules.yaml"));
        JsonNode mesh = yaml(msk.resolve("mesh.yaml"));

        assertThat(modules.at("/spec").has("dependsOn")).isFalse();
        assertThat(mesh.at("/spec/dependsOn/0/name").asString())
                .isEqualTo(modules.at("/metadata/name").asString());
        assertThat(modules.at("/spec/healthChecks").size())
                .as("the mesh waits for the module's CRDs")
                .isPositive();
        assertThat(modules.at("/spec/prune").asBoolean())
                .as("a ModuleConfig leaving the tree is not deleted")
                .isFalse();
        assertThat(mesh.at("/spec/prune").asBoolean()).isTrue();
        assertThat(mesh.at("/spec/sourceRef/name").asString()).isEqualTo("platform-mesh");
        // a cilium-only member has no modules phase: its mesh waits for the Cilium upgrade alone
        JsonNode nskMesh = yaml(GoldenCases.expected(FLUX).resolve("gitops/flux/nsk/mesh.yaml"));
        assertThat(nskMesh.at("/spec/dependsOn").size()).isEqualTo(1);
        assertThat(nskMesh.at("/spec/dependsOn/0/name").asString()).isEqualTo("fleet-cilium");
    }

    /** The repository holds the output directory at gitops.path: every Flux path must be a kustomization there. */
    @Test
    void fluxPathsResolveInsideTheRepository(@TempDir Path repo) throws Exception {
        Path topology = repo.resolve("topology.yaml");
        Files.writeString(
                topology,
                Files.readString(FLUX.resolve("topology.yaml")).replace("path: rendered", "path: deploy/mesh"));
        new DkpMesh(EngineLog.SILENT).render(RenderRequest.of(topology, repo.resolve("deploy/mesh")));

        List<Path> fluxFiles;
        try (Stream<Path> walk = Files.walk(repo.resolve("deploy/mesh/gitops/flux"))) {
            fluxFiles =
                    walk.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        int kustomizations = 0;
        for (Path file : fluxFiles) {
            JsonNode object = yaml(file);
            if (!object.path("apiVersion").asString().startsWith("kustomize.toolkit.fluxcd.io/")) {
                continue;
            }
            String path = object.at("/spec/path").asString();
            assertThat(path).matches("\\./deploy/mesh/(clusters|gitops/flux)/.*");
            Path target = repo.resolve(path).normalize();
            assertThat(target.startsWith(repo)).as(path).isTrue();
            assertThat(target.resolve("kustomization.yaml"))
                    .as("%s in %s", path, file)
                    .isRegularFile();
            kustomizations++;
        }
        // modules and mesh of the two istio members, mesh, cilium-present and cilium of the two cilium members
        assertThat(kustomizations).isEqualTo(10);
    }

    /** The HelmRelease schema leaves values free-form: the self-check holds them to the ClusterMesh values schema. */
    @Test
    void embeddedValuesAreSelfCheckedToo(@TempDir Path dir) throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        String builtIn = Files.readString(Path.of("..", "templates", "flux-cilium-helmrelease.yaml.ftl"));
        Files.writeString(
                templates.resolve("flux-cilium-helmrelease.yaml.ftl"), builtIn + "      tls: {caCert: \"Zm9v\"}\n");
        Path topology =
                Files.writeString(dir.resolve("topology.yaml"), Files.readString(FLUX.resolve("topology.yaml")));

        assertThatThrownBy(() -> new DkpMesh(EngineLog.SILENT)
                        .renderInMemory(
                                new RenderRequest(topology, dir.resolve("rendered"), Optional.of(templates), Set.of())))
                .isInstanceOf(FindingsException.class)
                .hasMessageContaining("DKPM702 /spec/values/clustermesh")
                .hasMessageContaining("produced an invalid Cilium values");
    }

    @Test
    void argoCdNeedsTheApiServerOfEveryMember() {
        String yaml = Topologies.FEDERATION.replace("spec:\n", """
                spec:
                  gitops: {tool: argocd, repoURL: "https://git.example.com/mesh.git", path: rendered}
                """);
        List<Finding> errors = validate(yaml).stream().filter(Finding::isError).toList();

        // the three clusters start at lines 8, 15 and 22, each where its mapping starts (column 7)
        assertThat(errors)
                .extracting(Finding::code, Finding::line, Finding::column)
                .containsExactly(
                        tuple(FindingCode.GITOPS.code(), 8, 7),
                        tuple(FindingCode.GITOPS.code(), 15, 7),
                        tuple(FindingCode.GITOPS.code(), 22, 7));
        assertThat(errors.get(0).message()).contains("cluster 'msk' has no apiServer");
    }

    @Test
    void aDeliveredCiliumMeshNeedsAPinnedChart() throws Exception {
        String yaml =
                Files.readString(FLUX.resolve("topology.yaml")).replace("    cilium: {chartVersion: 1.19.6}\n", "");
        List<Finding> errors = validate(yaml).stream().filter(Finding::isError).toList();

        assertThat(errors)
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(tuple(FindingCode.GITOPS.code(), "/spec/gitops"));
        assertThat(errors.get(0).message()).contains("gitops.cilium.chartVersion");
    }

    private static List<Finding> validate(String yaml) {
        Path dir = Path.of("target");
        return new TopologyValidator(Providers.validationRules(Providers.BUILT_IN))
                .validate("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8), dir, dir)
                .findings();
    }

    private static JsonNode yaml(Path file) throws Exception {
        return YamlLoader.load(file.toString(), Files.readAllBytes(file)).root().orElseThrow();
    }
}
