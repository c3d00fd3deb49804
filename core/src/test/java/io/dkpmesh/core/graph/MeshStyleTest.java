package io.dkpmesh.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import org.junit.jupiter.api.Test;

/** A provider's style: the multicluster edge for a multicluster, the federation edge otherwise, and its legend. */
class MeshStyleTest {

    private final MeshStyle style = new MeshStyle(Provider.CILIUM, "-.-", "<-.->");

    @Test
    void aMulticlusterHasItsOwnEdgeAndEveryOtherTypeTheFederationOne() {
        assertThat(style.edge(MeshType.MULTICLUSTER)).isEqualTo("<-.->");
        assertThat(style.edge(MeshType.FEDERATION)).isEqualTo("-.-");
        assertThat(style.edge(MeshType.SINGLE)).isEqualTo("-.-");
    }

    @Test
    void theLegendNamesBothEdgesWithTheProvidersLabel() {
        assertThat(style.legend()).isEqualTo("-.- cilium federation, <-.-> cilium multicluster");
    }
}
