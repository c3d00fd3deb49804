package io.dkpmesh.core.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.change.TreeFacts.CiliumIdentity;
import io.dkpmesh.core.change.TreeFacts.Delivery;
import io.dkpmesh.core.change.TreeFacts.Peer;
import io.dkpmesh.core.testing.Trees;
import io.dkpmesh.core.write.Manifest;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The facts a tree tells the running clusters, read from hand-written files: the peers of the DKP
 * istio module's IstioFederation / IstioMulticluster objects (deckhouse
 * {@code modules/110-istio/crds/istiofederation.yaml}), the Cilium chart's {@code cluster.name},
 * {@code cluster.id} and {@code clustermesh.maxConnectedClusters}, the exported services and the
 * GitOps objects.
 */
class TreeFactsTest {

    private static final String FEDERATION = """
            apiVersion: deckhouse.io/v1alpha1
            kind: IstioFederation
            metadata:
              name: spb
            spec:
              trustDomain: spb.local
              metadataEndpoint: https://istio-metadata.k8s-spb.example.com/metadata/
            """;

    private static final String MULTICLUSTER = """
            apiVersion: deckhouse.io/v1alpha1
            kind: IstioMulticluster
            metadata:
              name: ams
            spec:
              metadataEndpoint: https://istio-metadata.k8s-ams.example.com/metadata/
            """;

    private static final String VALUES = """
            cluster:
              name: msk
              id: 7
            clustermesh:
              maxConnectedClusters: 255
            """;

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: catalog
            """;

    @Test
    void peersAreReadPerClusterByObjectName() {
        TreeFacts facts = TreeFacts.of(Trees.of(
                "clusters/msk/mesh/istiofederation-spb.yaml", FEDERATION,
                "clusters/msk/mesh/istiomulticluster-ams.yaml", MULTICLUSTER,
                "clusters/msk/mesh/kustomization.yaml", "resources: []\n"));
        assertThat(facts.clusters()).containsExactly("msk");
        assertThat(facts.peers()).containsOnlyKeys("msk");
        assertThat(facts.peers().get("msk"))
                .containsExactly(
                        Map.entry(
                                "ams",
                                new Peer(
                                        "IstioMulticluster",
                                        "",
                                        "https://istio-metadata.k8s-ams.example.com/metadata/")),
                        Map.entry(
                                "spb",
                                new Peer(
                                        "IstioFederation",
                                        "spb.local",
                                        "https://istio-metadata.k8s-spb.example.com/metadata/")));
        assertThat(facts.topology()).isEmpty();
        assertThat(facts.delivery()).isEmpty();
        assertThat(facts.cilium()).isEmpty();
    }

    @Test
    void theTopologyIsTheManifestsUnlessGiven() {
        byte[] manifest = new Manifest("1.0.0", "retail", new TreeMap<>()).toBytes();
        SortedMap<String, byte[]> files = new TreeMap<>(Map.of(".dkp-mesh/manifest.json", manifest));
        assertThat(TreeFacts.of(files).topology()).contains("retail");
        assertThat(TreeFacts.of(files, Optional.of("other")).topology()).contains("other");
        assertThat(TreeFacts.of(Trees.of(".dkp-mesh/manifest.json", "not json")).topology())
                .isEmpty();
    }

    @Test
    void theCiliumIdentityIsTheValuesFileOfEachCluster() {
        TreeFacts facts = TreeFacts.of(Trees.of(
                "clusters/msk/cilium/clustermesh-values.yaml", VALUES,
                "clusters/spb/cilium/clustermesh-values.yaml", "clustermesh: {maxConnectedClusters: 255}\n",
                "clusters/ams/other/clustermesh-values.yaml", VALUES));
        assertThat(facts.cilium())
                .as("spb's values name no cluster; ams's file is not the values file")
                .containsExactly(Map.entry("msk", new CiliumIdentity("msk", "7", "255")));
        assertThat(facts.clusters()).containsExactly("ams", "msk", "spb");
    }

    @Test
    void exportsAreTheServicePatchesOfTheExportComponentAndTheCiliumExportersSharedServices() {
        TreeFacts facts = TreeFacts.of(Trees.of(
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
                SERVICE));
        assertThat(facts.exports())
                .as("spb only consumes stock (shared: false); a name without namespace and service is no export")
                .containsExactly(
                        Map.entry("ams", new TreeSet<>(java.util.List.of("shop/stock"))),
                        Map.entry("msk", new TreeSet<>(java.util.List.of("shop/catalog"))));
    }

    @Test
    void fluxDeliveryIsItsKustomizationsAndHelmReleasesNotKustomizesOwnKustomizations() {
        TreeFacts facts = TreeFacts.of(Trees.of(
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
                        + "    cluster: {name: msk, id: 3}\n    clustermesh: {maxConnectedClusters: 511}\n"));
        assertThat(facts.delivery())
                .contains(new Delivery(
                        "flux",
                        new TreeSet<>(
                                java.util.List.of("HelmRelease cilium in msk", "Kustomization dkp-mesh-msk in msk")),
                        new TreeSet<>(java.util.List.of("msk: fleet ./clusters/msk")),
                        new TreeMap<>(Map.of("cilium in msk", "gitops/flux/msk"))));
        assertThat(facts.cilium()).containsExactly(Map.entry("msk", new CiliumIdentity("msk", "3", "511")));
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
                """));
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

    @Test
    void aFleetWideCiliumApplicationBelongsToTheClusterItsValuesName() {
        TreeFacts facts = TreeFacts.of(Trees.of("gitops/argocd/application-cilium-ams.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: cilium-ams
                spec:
                  source:
                    helm:
                      valuesObject:
                        cluster: {name: ams, id: 2}
                        clustermesh: {maxConnectedClusters: 255}
                """));
        assertThat(facts.cilium()).containsExactly(Map.entry("ams", new CiliumIdentity("ams", "2", "255")));
        assertThat(facts.delivery().map(Delivery::tool)).contains("argocd");
        assertThat(facts.delivery().orElseThrow().names()).containsExactly("Application cilium-ams");
    }

    @Test
    void aFileThatDoesNotLoadIsSkipped() {
        TreeFacts facts = TreeFacts.of(
                Trees.of("clusters/msk/mesh/istiofederation-spb.yaml", "kind: IstioFederation\nmetadata: [unclosed\n"));
        assertThat(facts.peers()).isEmpty();
        assertThat(facts.clusters()).containsExactly("msk");
    }
}
