package io.dkpmesh.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

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
import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.importer.FleetObject;
import io.dkpmesh.core.importer.ImportRequest;
import io.dkpmesh.core.importer.ImportResult;
import io.dkpmesh.core.importer.MeshDraft;
import io.dkpmesh.core.importer.MeshReader;
import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
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
import io.dkpmesh.core.validate.MeshFacts;
import io.dkpmesh.core.validate.Rule;
import io.dkpmesh.core.validate.TopologyValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

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
    static class FakeProvider implements MeshProvider, MeshFacts, MeshReader.Source {

        @Override
        public Provider provider() {
            return Provider.CILIUM;
        }

        /**
         * Reads which clusters have a kustomization in a tree, and judges every change: a transition
         * naming the members before and after.
         */
        @Override
        public MeshChanges changes() {
            return new MeshChanges() {
                @Override
                public Reader reader() {
                    SortedSet<String> members = new TreeSet<>();
                    return new Reader() {
                        @Override
                        public boolean reads(String path, String text) {
                            return path.endsWith("/kustomization.yaml");
                        }

                        @Override
                        public void read(String path, String owner, String kind, JsonNode root) {
                            if (!owner.isEmpty()) {
                                members.add(owner);
                            }
                        }

                        @Override
                        public Facts facts() {
                            return () -> members;
                        }
                    };
                }

                @Override
                public void judge(Facts before, Facts after, Judge judge) {
                    judge.add(
                            FindingCode.TRANSITION_MEMBER_MOVED,
                            judge.topology().meshes().get(0).pointer(),
                            "fake rule judged " + before.members() + " -> " + after.members(),
                            List.of("fake step"),
                            List.of(after.members()));
                }
            };
        }

        /** Drawn with a style no built-in provider uses. */
        @Override
        public MeshStyle graphStyle() {
            return new MeshStyle(Provider.CILIUM, "x-.-x", "o-.-o");
        }

        @Override
        public MeshFacts meshFacts() {
            return this;
        }

        @Override
        public boolean needsAlliance(MeshType type) {
            return false;
        }

        @Override
        public Optional<Refusal> refusesHubs(Mesh mesh) {
            return Optional.empty();
        }

        @Override
        public Optional<Refusal> tooManyMembers(Mesh mesh) {
            return Optional.empty();
        }

        @Override
        public String growsPerPeer(Mesh mesh) {
            return " fake peers grow.";
        }

        @Override
        public Optional<String> sourceIPIgnored(Mesh mesh) {
            return Optional.empty();
        }

        @Override
        public boolean sharesEveryNamespace(Mesh mesh) {
            return false;
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

    /** An engine whose registry has the fake provider in place of Cilium's. */
    private static DkpMesh withFake() {
        return new DkpMesh(
                EngineLog.SILENT,
                Suggestions.NEUTRAL,
                StepListener.NONE,
                List.of(new IstioProvider(), new FakeProvider()));
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
        Rendered fake = withFake().renderInMemory(request);

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
        Rendered fake = withFake().renderInMemory(request);

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

    /** The diagram of the graph goal and of TOPOLOGY.md draws a mesh in its registered provider's style. */
    @Test
    void theGraphDrawsAMeshInTheStyleOfTheRegisteredProvider(@TempDir Path dir) throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), TOPOLOGY);
        RenderRequest request = RenderRequest.of(topology, dir.resolve("out"));
        DkpMesh fake = withFake();

        assertThat(new DkpMesh(EngineLog.SILENT).graph(request)).contains("c_a <-.->|\"cm\"| c_b");
        assertThat(fake.graph(request))
                .contains("c_a o-.-o|\"cm\"| c_b", "x-.-x cilium federation, o-.-o cilium multicluster")
                .doesNotContain("<-.->");
        assertThat(fake.renderInMemory(request).files().stream()
                        .filter(file -> file.path().equals(Layout.TOPOLOGY_PAGE))
                        .findFirst()
                        .orElseThrow()
                        .text())
                .contains("c_a o-.-o|\"cm\"| c_b");
    }

    /** diff asks the registered provider's reader about both trees and runs its transition rule. */
    @Test
    void diffRunsTheTransitionRulesOfTheRegisteredProvider(@TempDir Path dir) throws Exception {
        Path topology = Files.writeString(dir.resolve("topology.yaml"), TOPOLOGY);
        RenderRequest request = RenderRequest.of(topology, dir.resolve("out"));
        DkpMesh fake = withFake();
        fake.render(request);
        Files.writeString(topology, TOPOLOGY.replace("namespaces: [shop]", "namespaces: [shop, web]"));

        assertThat(fake.diff(request).transitions())
                .extracting(t -> t.finding().message())
                .containsExactly("fake rule judged [a, b] -> [a, b]");
        assertThat(new DkpMesh(EngineLog.SILENT).diff(request).transitions())
                .extracting(t -> t.finding().message())
                .doesNotContain("fake rule judged [a, b] -> [a, b]");
    }

    /** Every provider has a style of its own for each joined type, so the diagram tells the models apart. */
    @Test
    void theBuiltInProvidersDrawEveryJoinedTypeInAStyleOfItsOwn() {
        assertThat(Providers.BUILT_IN.stream()
                        .flatMap(provider -> Stream.of(
                                provider.graphStyle().federation(),
                                provider.graphStyle().multicluster())))
                .doesNotHaveDuplicates()
                .hasSize(Provider.values().length * 2);
        assertThat(Providers.BUILT_IN)
                .allSatisfy(
                        provider -> assertThat(provider.graphStyle().provider()).isEqualTo(provider.provider()));
    }

    /**
     * The validator's own rules ask the provider of each mesh ({@code validate.MeshFacts}): a fake
     * provider's answers change their findings, so the rules ask the registry, not a list of their own.
     */
    @Test
    void theValidatorsOwnRulesAskTheRegisteredProvider() {
        String hubs = TOPOLOGY.replace(
                        "  clusters: [a, b]\n", "  clusters: [a, b]\n      hubs: [c]\n      sourceIPPreserved: true\n")
                + "  policies:\n    residency:\n      - {namespace: shop, allowedClusters: [a]}\n";
        assertThat(validate(hubs, new FakeProvider()))
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(
                        tuple("DKPM212", "/spec/meshes/0/hubs/0"), tuple("DKPM503", "/spec/meshes/0/namespaces/0"));
        FakeProvider strict = new FakeProvider() {
            @Override
            public boolean needsAlliance(MeshType type) {
                return true;
            }

            @Override
            public Optional<Refusal> refusesHubs(Mesh mesh) {
                return Optional.of(new Refusal(FindingCode.HUBS_NO_SHAPE, mesh.pointer() + "/hubs", "fake: no hubs"));
            }

            @Override
            public Optional<String> sourceIPIgnored(Mesh mesh) {
                return Optional.of(" is fake");
            }

            @Override
            public boolean sharesEveryNamespace(Mesh mesh) {
                return true; // then its own rule would judge the residency: the validator's says nothing
            }
        };
        List<Finding> findings = validate(hubs, strict);
        assertThat(findings)
                .extracting(Finding::code, Finding::pointer)
                .containsExactly(
                        tuple("DKPM203", "/spec/clusters/0/edition"),
                        tuple("DKPM203", "/spec/clusters/1/edition"),
                        tuple("DKPM213", "/spec/meshes/0/hubs"),
                        tuple("DKPM502", "/spec/meshes/0/sourceIPPreserved"));
        assertThat(findings.get(0).message())
                .isEqualTo("cluster 'a' runs DKP CE, which has no cilium multicluster; mesh 'cm' needs EE or"
                        + " CSE-Pro on every member (a single-cluster mesh works on every edition)");
        assertThat(findings.get(2).message()).isEqualTo("fake: no hubs");
        assertThat(findings.get(3).message()).endsWith("mesh 'cm' is fake, so it is ignored");
    }

    /** The findings of validating with Istio and {@code provider}, but for the fake's own rule. */
    private static List<Finding> validate(String yaml, MeshProvider provider) {
        return new TopologyValidator(Providers.validationRules(List.of(new IstioProvider(), provider)))
                        .validate("topology.yaml", yaml.getBytes(StandardCharsets.UTF_8), Path.of("."), Path.of("."))
                        .findings()
                        .stream()
                        .filter(finding -> !finding.message().startsWith("fake rule saw"))
                        .toList();
    }

    @Test
    void theRegistryListsTheProvidersValidationRulesInItsOrder() {
        assertThat(Providers.validationRules(Providers.BUILT_IN).rules())
                .extracting(at -> at.point() + " " + at.rule().getClass().getSimpleName())
                .containsExactly(
                        "FIRST IstioAllianceRules",
                        "FIRST IstioTrafficRules",
                        "AFTER_ACCESS IstioAccessRules",
                        "AFTER_PLATFORM_CALLERS IstioPlatformCallers",
                        "AFTER_PLATFORM_CALLERS IstioPeeringRules",
                        "AFTER_RESIDENCY IstioResidencyRules",
                        "AFTER_RESIDENCY FlatNetworkRules",
                        "AFTER_CLUSTER_VERSIONS IstioModuleRules",
                        "FIRST CiliumTrafficRules",
                        "AFTER_RESIDENCY CiliumRules",
                        "AFTER_GITOPS CiliumChartRules");
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
        ImportResult fake = withFake().importFleet(new ImportRequest(fleet, Optional.empty(), dir.resolve("fake")));

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
