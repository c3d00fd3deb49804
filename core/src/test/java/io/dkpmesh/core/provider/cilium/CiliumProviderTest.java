package io.dkpmesh.core.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.MeshProvider;
import org.junit.jupiter.api.Test;

/** Cilium's provider plans with CiliumPlanner and tells the self-check where its Helm values are and what they are. */
class CiliumProviderTest {

    @Test
    void itImplementsCiliumMeshesAndNamesItsValuesForTheSelfCheck() {
        CiliumProvider provider = new CiliumProvider();

        assertThat(provider.provider()).isEqualTo(Provider.CILIUM);
        assertThat(provider.planners()).singleElement().isInstanceOf(CiliumPlanner.class);
        assertThat(provider.customResources())
                .singleElement()
                .satisfies(kind -> assertThat(kind.crd()).isEqualTo("ciliumnetworkpolicies.cilium.io"))
                .satisfies(kind -> assertThat(kind.installedLater()).isTrue());
        assertThat(provider.graphStyle()).isEqualTo(new MeshStyle(Provider.CILIUM, "-.-", "<-.->"));
        MeshProvider.HelmValues values = provider.helmValues().orElseThrow();
        assertThat(values.kind()).isEqualTo("CiliumClusterMeshValues");
        assertThat(values.isFile().test(CiliumValues.path("a"))).isTrue();
        assertThat(values.isFile().test("clusters/a/mesh/kustomization.yaml")).isFalse();
    }
}
