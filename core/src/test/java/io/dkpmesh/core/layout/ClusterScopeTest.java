package io.dkpmesh.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which files a render for some clusters is about. */
class ClusterScopeTest {

    private static final ClusterScope MSK = new ClusterScope(Set.of("msk", "spb"), Set.of("msk"));

    @Test
    void aClustersFilesAreItsOwnAndFleetFilesAreTheFleets() {
        assertThat(MSK.owner("clusters/spb/mesh/x.yaml")).isEqualTo("spb");
        assertThat(MSK.owner(Layout.ACCESS_PAGE)).isEqualTo(ClusterScope.FLEET);
        assertThat(MSK.owner("gitops/argocd/applicationset.yaml")).isEqualTo(ClusterScope.FLEET);
    }

    @Test
    void aClusterTheTopologyNoLongerHasOwnsNothing() {
        assertThat(MSK.owner("clusters/kzn/mesh/x.yaml")).isEqualTo(ClusterScope.FLEET);
        assertThat(MSK.test("clusters/kzn/mesh/x.yaml"))
                .as("fleet-wide: always in scope")
                .isTrue();
    }

    @Test
    void onlyTheAskedClustersAndTheFleetAreInScope() {
        assertThat(MSK.test("clusters/msk/kustomization.yaml")).isTrue();
        assertThat(MSK.test("clusters/spb/kustomization.yaml")).isFalse();
        assertThat(MSK.test(Layout.TOPOLOGY_PAGE)).isTrue();
    }

    @Test
    void askingForNoClusterMeansAll() {
        ClusterScope all = new ClusterScope(Set.of("msk", "spb"), Set.of());
        assertThat(all.test("clusters/spb/kustomization.yaml")).isTrue();
        assertThat(all.test("clusters/msk/kustomization.yaml")).isTrue();
    }
}
