package io.dkpmesh.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dkpmesh.core.DkpMesh;
import io.dkpmesh.core.Rendered;
import io.dkpmesh.core.api.EngineLog;
import io.dkpmesh.core.api.Finding;
import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.RenderRequest;
import io.dkpmesh.core.api.Suggestions;
import io.dkpmesh.core.importer.FleetObject;
import io.dkpmesh.core.importer.ImportRequest;
import io.dkpmesh.core.importer.ImportResult;
import io.dkpmesh.core.importer.MeshDraft;
import io.dkpmesh.core.importer.MeshReader;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
    static final class FakeProvider implements MeshProvider, MeshReader.Source {

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

        /** Its import reader: a {@code FakeLink} object of a cluster names its peer; pairs make a mesh "fake-mesh". */
        @Override
        public MeshReader meshReader() {
            return new MeshReader() {
                @Override
                public List<Peers> peers() {
                    return List.of(new Peers("fake", "cilium", "multicluster", Optional.empty(), true));
                }

                @Override
                public void read(Stage stage, FleetObject o, Context fleet) {
                    if (stage == Stage.PEERS && o.kind().equals("FakeLink")) {
                        fleet.link("fake", o.cluster(), o.name(), o);
                    }
                }

                @Override
                public Optional<String> meshName(Context fleet, MeshDraft mesh) {
                    return Optional.of("fake-mesh");
                }
            };
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

    /** Two members' Cilium values naming each other, and a FakeLink each naming the other. */
    private static Path fleet(Path dir) throws IOException {
        for (String[] pair : new String[][] {{"a", "b", "1"}, {"b", "a", "2"}}) {
            Path cluster = Files.createDirectories(dir.resolve("fleet").resolve(pair[0]));
            Files.writeString(
                    cluster.resolve("values.yaml"),
                    "cluster: {name: " + pair[0] + ", id: " + pair[2] + "}\n"
                            + "clustermesh: {config: {enabled: true, clusters: [{name: " + pair[1]
                            + ", address: clustermesh." + pair[1] + ".example.com, port: 2379}]}}\n");
            Files.writeString(
                    cluster.resolve("link.yaml"),
                    "apiVersion: fake.example.com/v1\nkind: FakeLink\nmetadata: {name: " + pair[1] + "}\n");
        }
        return dir.resolve("fleet");
    }

    @Test
    void theImportAsksTheReadersOfTheRegistryItIsGiven(@TempDir Path dir) throws Exception {
        Path fleet = fleet(dir);

        ImportResult builtIn = new DkpMesh(EngineLog.SILENT)
                .importFleet(new ImportRequest(fleet, Optional.empty(), dir.resolve("built-in")));
        ImportResult fake = new DkpMesh(
                        EngineLog.SILENT,
                        Suggestions.NEUTRAL,
                        StepListener.NONE,
                        List.of(new IstioProvider(), new FakeProvider()))
                .importFleet(new ImportRequest(fleet, Optional.empty(), dir.resolve("fake")));

        // the built-in Cilium reader reads the values into a mesh; FakeLink is no object it knows
        assertThat(builtIn.files().get("topology.yaml"))
                .contains("\"name\": \"cilium-multicluster\"")
                .doesNotContain("fake-mesh");
        assertThat(builtIn.files().get("report.md")).contains("FakeLink b | a/link.yaml:1 | not expressible");
        // the fake reader replaces it: its links make its mesh, and the values are read by no one
        assertThat(fake.files().get("topology.yaml"))
                .contains("\"name\": \"fake-mesh\"")
                .doesNotContain("cilium-multicluster");
        assertThat(fake.files().get("report.md"))
                .contains("FakeLink b | a/link.yaml:1 | mapped | /spec/meshes/0/clusters &#40;b&#41;")
                .contains("&#40;values&#41; &#40;no name&#41; | a/values.yaml:1 | not expressible");
    }

    @Test
    void theRegistryGivesNewReadersOfItsProvidersInItsOrder() {
        List<MeshReader> first = Providers.meshReaders(Providers.BUILT_IN);
        assertThat(first)
                .extracting(reader -> reader.getClass().getSimpleName())
                .containsExactly("IstioImport", "CiliumImport");
        assertThat(Providers.meshReaders(Providers.BUILT_IN).get(1)).isNotSameAs(first.get(1));
        assertThat(Providers.meshReaders(List.of(new IstioProvider(), new FakeProvider())))
                .extracting(reader -> reader.peers().get(0).model())
                .containsExactly("federation", "fake");
    }

    private static List<String> paths(Rendered rendered) {
        return rendered.files().stream().map(RenderedFile::path).toList();
    }
}
