package io.dkpmesh.core.provider.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.change.MeshChanges;
import io.dkpmesh.core.change.TreeFacts;
import io.dkpmesh.core.provider.istio.IstioChanges.Peer;
import io.dkpmesh.core.testing.Trees;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What Istio reads of a tree for {@code diff}, from hand-written files: the peers of the DKP istio
 * module's IstioFederation / IstioMulticluster objects (deckhouse
 * {@code modules/110-istio/crds/istiofederation.yaml}) and the Service patches of its export
 * Component. Its transitions (DKPM811 to DKPM813) are proved end to end by {@code change.TransitionsTest}.
 */
class IstioChangesTest {

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

    private static TreeFacts read(SortedMap<String, byte[]> files) {
        return TreeFacts.of(files, List.of(new IstioChanges()));
    }

    @Test
    void peersAreReadPerClusterByObjectName() {
        TreeFacts facts = read(Trees.of(
                "clusters/msk/mesh/istiofederation-spb.yaml", FEDERATION,
                "clusters/msk/mesh/istiomulticluster-ams.yaml", MULTICLUSTER,
                "clusters/msk/mesh/kustomization.yaml", "resources: []\n"));
        IstioChanges.Facts istio = (IstioChanges.Facts) facts.meshes().get(0);
        assertThat(facts.clusters()).containsExactly("msk");
        assertThat(istio.peers()).containsOnlyKeys("msk");
        assertThat(istio.peers().get("msk"))
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
        assertThat(istio.members()).containsExactly("msk");
        assertThat(istio.namedPeers()).containsExactly(Map.entry("msk", new TreeSet<>(List.of("ams", "spb"))));
    }

    @Test
    void aFileThatDoesNotLoadIsSkipped() {
        TreeFacts facts = read(
                Trees.of("clusters/msk/mesh/istiofederation-spb.yaml", "kind: IstioFederation\nmetadata: [unclosed\n"));
        assertThat(((IstioChanges.Facts) facts.meshes().get(0)).peers()).isEmpty();
        assertThat(facts.clusters()).containsExactly("msk");
    }

    @Test
    void itsExportsAreTheServicePatchesOfTheExportComponentAndItRunsWithThePeers() {
        MeshChanges.Reader reader = new IstioChanges().reader();
        assertThat(reader.exportFolder("components/service-exports/service.shop.catalog.yaml", new byte[0]))
                .contains("components/service-exports/");
        assertThat(reader.exportFolder("components/cilium-global-services/service.shop.stock.yaml", new byte[0]))
                .isEmpty();
        assertThat(new IstioChanges().point()).isEqualTo(MeshChanges.Point.PEERS);
    }
}
