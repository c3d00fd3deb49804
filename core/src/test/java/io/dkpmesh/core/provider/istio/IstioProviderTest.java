package io.dkpmesh.core.provider.istio;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.graph.MeshStyle;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.render.CustomResource;
import org.junit.jupiter.api.Test;

/** Istio's provider plans the meshes, then the Services; it delivers nothing of its own and renders no Helm values. */
class IstioProviderTest {

    @Test
    void itImplementsIstioMeshesWithItsTwoPlannersInOrder() {
        IstioProvider provider = new IstioProvider();

        assertThat(provider.provider()).isEqualTo(Provider.ISTIO);
        assertThat(provider.planners()).hasExactlyElementsOfTypes(IstioPlanner.class, IstioServicePlanner.class);
        assertThat(provider.helmValues()).isEmpty();
        // ModuleConfig first: deckhouse-controller installs it before any module runs; the istio module the rest
        assertThat(provider.customResources())
                .extracting(CustomResource::kind)
                .containsExactly(
                        "ModuleConfig",
                        "IstioFederation",
                        "IstioMulticluster",
                        "DestinationRule",
                        "VirtualService",
                        "AuthorizationPolicy",
                        "AuthorizationPolicy",
                        "PeerAuthentication");
        assertThat(provider.customResources())
                .filteredOn(kind -> !kind.installedLater())
                .extracting(CustomResource::template)
                .containsExactly("moduleconfig-istio.yaml.ftl");
        assertThat(provider.graphStyle()).isEqualTo(new MeshStyle(Provider.ISTIO, "<-->", "<==>"));
    }
}
