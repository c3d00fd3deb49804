package io.dkpmesh.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.Rendered;
import io.dkpmesh.core.access.AccessMatrix;
import io.dkpmesh.core.access.AccessMatrix.Decision;
import io.dkpmesh.core.access.AccessMatrix.TargetAccess;
import io.dkpmesh.core.access.AccessMatrix.Verdict;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.pipeline.StepListener;
import io.dkpmesh.core.provider.cilium.CiliumProvider;
import io.dkpmesh.core.provider.cilium.CiliumValues;
import io.dkpmesh.core.provider.istio.IstioProvider;
import io.dkpmesh.core.render.Document;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.render.Planner;
import io.dkpmesh.core.render.Planning;
import io.dkpmesh.core.render.RenderedFile;
import io.dkpmesh.core.validate.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry is the only place that names the providers: a provider registered in a test's
 * registry renders its meshes through the whole pipeline (validate, plan, render, self-check,
 * access), and the built-in provider it replaces renders nothing.
 */
class ProvidersTest {

    /** Two ClusterMesh members, one cilium mesh: what the fake provider gets to plan. */
    private static final String TOPOLOGY = """
            apiVersion: dkp-mesh.io/v1alpha1
            kind: MeshTopology
            metadata:
              name: cm
            spec:
              clusters:
                - name: a
                  edition: CE
                  region: ru-central
                  podSubnetCIDR: 10.111.0.0/16
                  serviceSubnetCIDR: 10.222.0.0/16
                  cilium: {id: 1, install: helm, apiserver: {address: clustermesh.a.example.com, port: 2379}}
                - name: b
                  edition: CE
                  region: eu-west
                  podSubnetCIDR: 10.112.0.0/16
                  serviceSubnetCIDR: 10.223.0.0/16
                  cilium: {id: 2, install: helm, apiserver: {address: clustermesh.b.example.com, port: 2379}}
              meshes:
                - name: cm
                  type: multicluster
                  provider: cilium
                  clusters: [a, b]
                  namespaces: [shop]
            """;

    /**
     * A provider in one class: a page per member of each of its meshes, with a built-in template,
     * and a validation rule that warns at each of its meshes.
     */
    static final class FakeProvider implements MeshProvider {

        @Override
        public Provider provider() {
            return Provider.CILIUM;
        }

        @Override
        public List<Rule.At> validationRules() {
            return List.of(new Rule.At(
                    Rule.Point.FIRST,
                    (topology, findings) -> topology.meshes().stream()
                            .filter(mesh -> mesh.provider() == provider())
                            .forEach(mesh -> findings.warning(
                                    FindingCode.MESH_MEMBERS, mesh.pointer(), "fake rule saw mesh " + mesh.name()))));
        }

        @Override
        public List<Planner> planners() {
            return List.of(plan -> plan.topology().meshes().stream()
                    .filter(mesh -> mesh.provider() == provider())
                    .forEach(mesh -> mesh.clusters()
                            .forEach(cluster -> plan.add(Document.file(
                                    Layout.clusterRoot(cluster) + "fake-" + mesh.name() + ".md",
                                    "topology.md.ftl",
                                    new Planning.TopologyPage(
                                            "fake " + mesh.name() + " in " + cluster, "flowchart LR", List.of()))))));
        }
    }

    @Test
    void theBuiltInRegistryImplementsEveryProviderOnceIstioFirst() {
        assertThat(Providers.missing(Providers.BUILT_IN)).isEmpty();
        assertThat(Providers.BUILT_IN)
                .extracting(MeshProvider::provider)
                .containsExactly(Provider.ISTIO, Provider.CILIUM);
    }

    @Test
    void twoProvidersForOneMeshProviderAreRefused() {
        assertThatThrownBy(() -> Providers.of(List.of(new CiliumProvider(), new FakeProvider())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cilium");
        assertThat(Providers.missing(List.of(new IstioProvider()))).containsExactly(Provider.CILIUM);
    }

    @Test
    void aProviderInATestRegistryRendersItsMeshesThroughThePipeline(@TempDir Path dir) throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), TOPOLOGY);
        RenderRequest request = RenderRequest.of(topology, dir.resolve("out"));

        Rendered builtIn = new DkpMesh(EngineLog.SILENT).renderInMemory(request);
        Rendered fake = new DkpMesh(
                        EngineLog.SILENT,
                        Suggestions.NEUTRAL,
                        StepListener.NONE,
                        List.of(new IstioProvider(), new FakeProvider()))
                .renderInMemory(request);

        assertThat(paths(builtIn)).contains(CiliumValues.path("a"));
        assertThat(paths(fake))
                .contains("clusters/a/fake-cm.md", "clusters/b/fake-cm.md", Layout.ACCESS_PAGE, Layout.TOPOLOGY_PAGE)
                .doesNotContain(CiliumValues.path("a"), CiliumValues.path("b"));
        assertThat(fake.files().stream()
                        .filter(file -> file.path().equals("clusters/a/fake-cm.md"))
                        .findFirst()
                        .orElseThrow()
                        .text())
                .startsWith("<!-- Rendered by dkp-mesh from topology \"cm\"")
                .contains("fake cm in a");
        assertThat(fake.topology().meshes()).extracting(Mesh::provider).containsExactly(Provider.CILIUM);
        // the fake provider's validation rule ran in the validate step; the built-in registry has no such rule
        assertThat(fake.warnings()).extracting(Finding::message).contains("fake rule saw mesh cm");
        assertThat(builtIn.warnings()).extracting(Finding::message).doesNotContain("fake rule saw mesh cm");
    }

    /**
     * The access matrix models the built-in providers' objects only: with the fake provider in the
     * registry (it renders no ClusterMesh values), nothing links a and b any more, yet the matrix
     * must not say so, nor that a pod of b is admitted or unreachable: every verdict for a target in
     * the fake provider's members is unknown, saying why; the page states it; and the access check
     * asks nothing of those targets (it would otherwise refuse the render with DKPM540, the
     * topology asking for b's pods to reach a's).
     */
    @Test
    void theMatrixPromisesNothingForMeshesOfAProviderItDoesNotModel(@TempDir Path dir) throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), TOPOLOGY);
        RenderRequest request = RenderRequest.of(topology, dir.resolve("out"));

        AccessMatrix builtIn =
                new DkpMesh(EngineLog.SILENT).renderInMemory(request).access();
        Rendered fake = new DkpMesh(
                        EngineLog.SILENT,
                        Suggestions.NEUTRAL,
                        StepListener.NONE,
                        List.of(new IstioProvider(), new FakeProvider()))
                .renderInMemory(request);

        assertThat(new CiliumProvider().modelsAccess()).isTrue();
        assertThat(new FakeProvider().modelsAccess()).isFalse();
        assertThat(Providers.unmodelledAccess(Providers.BUILT_IN)).isEmpty();
        Decision across = decision(builtIn, "a", "b");
        assertThat(across.verdict()).isEqualTo(Verdict.ADMITTED);
        assertThat(across.via()).isEqualTo("cilium clustermesh, pod to pod");
        assertThat(builtIn.assumptions()).noneMatch(line -> line.contains("does not model"));

        assertThat(fake.access().targets()).isNotEmpty();
        assertThat(fake.access().targets())
                .flatExtracting(TargetAccess::decisions)
                .extracting(Decision::verdict)
                .containsOnly(Verdict.UNKNOWN);
        assertThat(decision(fake.access(), "a", "b").reason())
                .isEqualTo("mesh `cm` (cilium) links this cluster, and dkp-mesh does not model how its objects route"
                        + " and admit callers");
        assertThat(fake.access().assumptions())
                .anyMatch(line -> line.startsWith("- `cm` (cilium): dkp-mesh does not model how this provider's"));
        String page = fake.files().stream()
                .filter(file -> file.path().equals(Layout.ACCESS_PAGE))
                .findFirst()
                .orElseThrow()
                .text();
        assertThat(page)
                .contains("- `cm` (cilium): dkp-mesh does not model")
                .contains(
                        "| `b/shop/*` | 0 of 4 | no policy selects it; unknown from a, b: mesh `cm` (cilium) links this"
                                + " cluster, and dkp-mesh does not model how its objects route and admit callers |\n");
    }

    /** The decision of the first caller of {@code from} for the first target in {@code cluster}. */
    private static Decision decision(AccessMatrix matrix, String cluster, String from) {
        return matrix.targets().stream()
                .filter(target -> target.target().cluster().equals(cluster))
                .flatMap(target -> target.decisions().stream())
                .filter(decision -> decision.caller().cluster().equals(from)
                        && decision.caller().sidecar())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theRegistryListsTheProvidersValidationRulesInItsOrder() {
        assertThat(Providers.validationRules(Providers.BUILT_IN))
                .extracting(at -> at.point() + " " + at.rule().getClass().getSimpleName())
                .containsExactly(
                        "FIRST IstioAllianceRules",
                        "AFTER_PLATFORM_CALLERS IstioPeeringRules",
                        "AFTER_RESIDENCY FlatNetworkRules",
                        "AFTER_RESIDENCY CiliumRules");
    }

    private static List<String> paths(Rendered rendered) {
        return rendered.files().stream().map(RenderedFile::path).toList();
    }
}
