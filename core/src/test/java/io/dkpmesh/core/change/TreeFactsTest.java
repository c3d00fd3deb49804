package io.dkpmesh.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.change.TreeFacts.Delivery;
import io.dkpmesh.core.provider.Providers;
import io.dkpmesh.core.render.MeshProvider;
import io.dkpmesh.core.testing.Trees;
import io.dkpmesh.core.write.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The facts a tree tells the running clusters, read from hand-written files: the exported services,
 * the GitOps objects and the topology's name, and what each provider's reader reads (Istio's and
 * Cilium's own facts: {@code provider.istio.IstioChangesTest}, {@code provider.cilium.CiliumChangesTest}).
 */
class TreeFactsTest {

    /** The built-in providers' readers, as {@code diff} reads a tree. */
    private static final List<MeshChanges> PROVIDERS =
            Providers.BUILT_IN.stream().map(MeshProvider::changes).toList();

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: catalog
            """;

    @Test
    void theTopologyIsTheManifestsUnlessGiven() {
        byte[] manifest = new Manifest("1.0.0", "retail", new TreeMap<>()).toBytes();
        SortedMap<String, byte[]> files = new TreeMap<>(Map.of(".dkp-mesh/manifest.json", manifest));
        assertThat(TreeFacts.of(files, PROVIDERS).topology()).contains("retail");
        assertThat(TreeFacts.of(files, Optional.of("other"), PROVIDERS).topology())
                .contains("other");
        assertThat(TreeFacts.of(Trees.of(".dkp-mesh/manifest.json", "not json"), PROVIDERS)
                        .topology())
                .isEmpty();
    }

    @Test
    void exportsAreTheServicePatchesOfTheExportComponentAndTheCiliumExportersSharedServices() {
        TreeFacts facts = TreeFacts.of(
                Trees.of(
                        "clusters/msk/components/service-exports/service.shop.catalog.yaml",
                        SERVICE,
                        "clusters/msk/components/service-exports/kustomization.yaml",
                        "kind: Component\n",
                        "clusters/msk/components/service-exports/service.shop.yaml",
                        SERVICE,
                        "clusters/ams/components/cilium-global-services/service.shop.stock.yaml",
                        SERVICE,
                        "clusters/spb/components/cilium-global-services/service.shop.stock.yaml",
                        SERVICE
                                + "  annotations: {\"service.cilium.io/global\": \"true\", \"service.cilium.io/shared\": \"false\"}\n",
                        "clusters/spb/mesh/service.shop.cart.yaml",
                        SERVICE),
                PROVIDERS);
        assertThat(facts.exports())
                .as("spb only consumes stock (shared: false); a name without namespace and service is no export")
                .containsExactly(
                        Map.entry("ams", new TreeSet<>(java.util.List.of("shop/stock"))),
                        Map.entry("msk", new TreeSet<>(java.util.List.of("shop/catalog"))));
    }

    @Test
    void fluxDeliveryIsItsKustomizationsAndHelmReleasesNotKustomizesOwnKustomizations() {
        TreeFacts facts = TreeFacts.of(
                Trees.of(
                        "gitops/flux/msk/kustomization-mesh.yaml",
                        """
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: dkp-mesh-msk
                spec:
                  sourceRef: {kind: GitRepository, name: fleet}
                  path: ./clusters/msk
                """,
                        "gitops/flux/msk/kustomization.yaml",
                        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n",
                        "gitops/flux/msk/helmrelease-cilium.yaml",
                        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: cilium\nspec:\n  values:\n"
                                + "    cluster: {name: msk, id: 3}\n    clustermesh: {maxConnectedClusters: 511}\n"),
                PROVIDERS);
        assertThat(facts.delivery())
                .contains(new Delivery(
                        "flux",
                        new TreeSet<>(
                                java.util.List.of("HelmRelease cilium in msk", "Kustomization dkp-mesh-msk in msk")),
                        new TreeSet<>(java.util.List.of("msk: fleet ./clusters/msk")),
                        new TreeMap<>(Map.of("cilium in msk", "gitops/flux/msk"))));
        assertThat(facts.members())
                .as("the HelmRelease's values make msk a Cilium member")
                .containsExactly("msk");
        assertThat(facts.clusters()).as("gitops/ is no cluster tree").isEmpty();
    }

    @Test
    void anApplicationSetNamesOneApplicationPerListElement() {
        TreeFacts facts = TreeFacts.of(Trees.of("gitops/argocd/applicationset-mesh.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata:
                  name: dkp-mesh
                spec:
                  generators:
                    - list:
                        elements:
                          - {cluster: msk}
                          - {cluster: spb}
                  template:
                    metadata:
                      name: 'mesh-{{ .cluster }}'
                    spec:
                      source:
                        repoURL: https://git.example.com/fleet.git
                        targetRevision: main
                        path: 'clusters/{{ .cluster }}'
                """), PROVIDERS);
        assertThat(facts.delivery())
                .contains(new Delivery(
                        "argocd",
                        new TreeSet<>(java.util.List.of(
                                "Application mesh-msk of ApplicationSet dkp-mesh",
                                "Application mesh-spb of ApplicationSet dkp-mesh")),
                        new TreeSet<>(
                                java.util.List.of("https://git.example.com/fleet.git main clusters/{{ .cluster }}")),
                        new TreeMap<>()));
    }

    /** Each provider's reader is asked about every file; the facts keep the providers' order. */
    @Test
    void everyProvidersReaderReadsTheTreeAndItsFactsAreMerged() {
        List<String> seen = new java.util.ArrayList<>();
        MeshChanges fake = new MeshChanges() {
            @Override
            public Reader reader() {
                return new Reader() {
                    @Override
                    public java.util.Optional<String> exportFolder(String within, byte[] content) {
                        return within.startsWith("components/fake/")
                                ? Optional.of("components/fake/")
                                : Optional.empty();
                    }

                    @Override
                    public boolean reads(String path, String text) {
                        return text.contains("kind: Fake");
                    }

                    @Override
                    public void read(String path, String owner, String kind, tools.jackson.databind.JsonNode root) {
                        seen.add(owner + " " + kind);
                    }

                    @Override
                    public Facts facts() {
                        return new Facts() {
                            @Override
                            public java.util.SortedSet<String> members() {
                                return new TreeSet<>(List.of("ams"));
                            }

                            @Override
                            public SortedMap<String, java.util.SortedSet<String>> namedPeers() {
                                return new TreeMap<>(Map.of("ams", new TreeSet<>(List.of("msk"))));
                            }
                        };
                    }
                };
            }

            @Override
            public void judge(Facts before, Facts after, Judge judge) {}
        };
        TreeFacts facts = TreeFacts.of(
                Trees.of(
                        "clusters/ams/mesh/fake.yaml", "kind: Fake\n",
                        "clusters/ams/components/fake/service.shop.cart.yaml", SERVICE,
                        "clusters/ams/mesh/other.yaml", "kind: Other\n"),
                List.of(MeshChanges.NONE, fake));

        assertThat(seen).as("parsed only because the fake reads it").containsExactly("ams Fake");
        assertThat(facts.meshes()).hasSize(2);
        assertThat(facts.members()).containsExactly("ams");
        assertThat(facts.namedPeers()).containsOnlyKeys("ams");
        assertThat(facts.exports()).containsExactly(Map.entry("ams", new TreeSet<>(List.of("shop/cart"))));
        assertThat(TreeFacts.of(Trees.of("clusters/ams/mesh/fake.yaml", "kind: Fake\n"), List.of())
                        .meshes())
                .isEmpty();
    }
}
