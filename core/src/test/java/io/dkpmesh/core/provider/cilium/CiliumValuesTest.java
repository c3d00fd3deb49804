package io.dkpmesh.core.provider.cilium;

import static org.assertj.core.api.Assertions.assertThat;

import io.dkpmesh.core.layout.Layout;
import org.junit.jupiter.api.Test;

/** The values file sits in the cluster's tree, owned by the cluster, and nothing else is taken for it. */
class CiliumValuesTest {

    @Test
    void theValuesFileIsTheClustersAndOnlyItIsValues() {
        assertThat(CiliumValues.path("msk")).isEqualTo("clusters/msk/cilium/clustermesh-values.yaml");
        assertThat(Layout.owner(CiliumValues.path("msk"))).contains("msk");
        assertThat(CiliumValues.isValues(CiliumValues.path("msk"))).isTrue();
        assertThat(CiliumValues.isValues("clusters/msk/mesh/clustermesh-values.yaml"))
                .isFalse();
        assertThat(CiliumValues.isValues("gitops/flux/msk/cilium/clustermesh-values.yaml"))
                .isFalse();
    }
}
