package io.dkpmesh.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tree's paths come from one place, and ownership is read off them for any delivery folder. */
class LayoutTest {

    @Test
    void clusterFoldersNestUnderTheClusterRoot() {
        assertThat(Layout.clusterRoot("msk")).isEqualTo("clusters/msk/");
        assertThat(Layout.phaseFolder("msk", Phase.MODULES)).isEqualTo("clusters/msk/modules/");
        assertThat(Layout.phaseFolder("msk", Phase.PEERS)).isEqualTo("clusters/msk/mesh/");
        assertThat(Layout.component("msk", "service-exports")).isEqualTo("clusters/msk/components/service-exports/");
        assertThat(Layout.componentWithinCluster("service-exports")).isEqualTo("components/service-exports/");
        assertThat(Layout.withinCluster(Layout.component("msk", "service-exports") + "a.yaml"))
                .isEqualTo(Layout.componentWithinCluster("service-exports") + "a.yaml");
        assertThat(Layout.kustomization(Layout.clusterRoot("msk"))).isEqualTo("clusters/msk/kustomization.yaml");
        assertThat(Layout.providerFile("msk", "cilium", "clustermesh-values.yaml"))
                .isEqualTo("clusters/msk/cilium/clustermesh-values.yaml");
        assertThat(Layout.inRepository("deploy/rendered", Layout.phaseFolder("msk", Phase.PEERS)))
                .isEqualTo("deploy/rendered/clusters/msk/mesh");
    }

    @Test
    void everyClusterPathIsOwnedByItsCluster() {
        for (String path : new String[] {
            Layout.kustomization(Layout.clusterRoot("msk")),
            Layout.phaseFolder("msk", Phase.PEERS) + "istiofederation-spb.yaml",
            Layout.component("msk", "service-exports") + "kustomization.yaml",
            Layout.providerFile("msk", "cilium", "clustermesh-values.yaml"),
            Layout.clusterDeliveryFolder("flux", "msk") + "mesh.yaml",
        }) {
            assertThat(Layout.owner(path)).as(path).contains("msk");
        }
        assertThat(Layout.withinCluster("clusters/msk/mesh/x.yaml")).isEqualTo("mesh/x.yaml");
        assertThat(Layout.withinCluster("gitops/flux/msk/mesh.yaml")).isEqualTo("mesh.yaml");
    }

    @Test
    void aNewToolsPerClusterFolderIsPerClusterWithoutFurtherEdits() {
        // a delivery tool this version does not know: its per-cluster folder still belongs to the cluster
        String path = Layout.clusterDeliveryFolder("fleet-tool", "spb") + "release.yaml";
        assertThat(path).isEqualTo("gitops/fleet-tool/spb/release.yaml");
        assertThat(Layout.owner(path)).contains("spb");
        ClusterScope onlyMsk = new ClusterScope(Set.of("msk", "spb"), Set.of("msk"));
        assertThat(onlyMsk.test(path)).isFalse();
        assertThat(onlyMsk.owner(path)).isEqualTo("spb");
        assertThat(onlyMsk.test(Layout.clusterDeliveryFolder("fleet-tool", "msk") + "release.yaml"))
                .isTrue();
    }

    @Test
    void fleetWideFilesBelongToNoCluster() {
        for (String path : new String[] {
            Layout.TOPOLOGY_PAGE,
            Layout.ACCESS_PAGE,
            Layout.deliveryFolder("argocd") + "applicationset.yaml",
            Layout.kustomization(Layout.deliveryFolder("argocd")),
            "clusters/x.yaml",
            "clusters//mesh.yaml",
            "gitops/x.yaml",
        }) {
            assertThat(Layout.owner(path)).as(path).isEqualTo(Optional.empty());
            assertThat(Layout.withinCluster(path)).as(path).isEqualTo(path);
        }
        ClusterScope onlyMsk = new ClusterScope(Set.of("msk"), Set.of("msk"));
        assertThat(onlyMsk.test(Layout.TOPOLOGY_PAGE)).isTrue();
        assertThat(onlyMsk.owner(Layout.TOPOLOGY_PAGE)).isEqualTo(ClusterScope.FLEET);
    }

    @Test
    void aClusterTheTopologyNoLongerHasIsFleetWide() {
        ClusterScope scope = new ClusterScope(Set.of("msk"), Set.of("msk"));
        assertThat(scope.owner("clusters/gone/kustomization.yaml")).isEqualTo(ClusterScope.FLEET);
        assertThat(scope.test("clusters/gone/kustomization.yaml")).isTrue();
        assertThat(new ClusterScope(Set.of("msk", "spb"), Set.of()).test("clusters/spb/mesh/x.yaml"))
                .isTrue();
    }

    @Test
    void onlyClusterTreesAreAppliedAndOnlyTheValuesFileIsValues() {
        assertThat(Layout.inClusterTree("clusters/msk/mesh/x.yaml")).isTrue();
        assertThat(Layout.inClusterTree("gitops/flux/msk/mesh.yaml")).isFalse();
        assertThat(Layout.isProviderFile(
                        "clusters/msk/cilium/clustermesh-values.yaml", "cilium", "clustermesh-values.yaml"))
                .isTrue();
        assertThat(Layout.isProviderFile(
                        "clusters/msk/mesh/clustermesh-values.yaml", "cilium", "clustermesh-values.yaml"))
                .isFalse();
        assertThat(Layout.isState(Layout.MANIFEST)).isTrue();
        assertThat(Layout.isState(Layout.TRANSACTION + "/journal")).isTrue();
        assertThat(Layout.isState("clusters/msk/kustomization.yaml")).isFalse();
    }
}
