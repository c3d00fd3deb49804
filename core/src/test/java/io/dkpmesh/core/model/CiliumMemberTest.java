package io.dkpmesh.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The words of a cluster's {@code cilium:} block. The service types are the values the cilium chart
 * takes for {@code clustermesh.apiserver.service.type} (cilium/cilium install/kubernetes/cilium/values.yaml).
 */
class CiliumMemberTest {

    @Test
    void serviceTypesReadBackAndAnythingElseIsALoadBalancer() {
        assertThat(CiliumMember.ServiceType.of("NodePort")).isEqualTo(CiliumMember.ServiceType.NODE_PORT);
        assertThat(CiliumMember.ServiceType.of("LoadBalancer")).isEqualTo(CiliumMember.ServiceType.LOAD_BALANCER);
        assertThat(CiliumMember.ServiceType.of("")).as("the default").isEqualTo(CiliumMember.ServiceType.LOAD_BALANCER);
        assertThat(CiliumMember.ServiceType.of("nodeport")).isEqualTo(CiliumMember.ServiceType.LOAD_BALANCER);
        assertThat(CiliumMember.ServiceType.NODE_PORT.value()).isEqualTo("NodePort");
        assertThat(CiliumMember.ServiceType.LOAD_BALANCER.value()).isEqualTo("LoadBalancer");
    }

    @Test
    void installIsHelmOnlyWhenSaidSoElseDkpsModule() {
        assertThat(CiliumMember.Install.of("helm")).isEqualTo(CiliumMember.Install.HELM);
        assertThat(CiliumMember.Install.of("cni-cilium")).isEqualTo(CiliumMember.Install.CNI_CILIUM);
        assertThat(CiliumMember.Install.of("")).as("the default").isEqualTo(CiliumMember.Install.CNI_CILIUM);
        assertThat(CiliumMember.Install.of("Helm")).isEqualTo(CiliumMember.Install.CNI_CILIUM);
        for (CiliumMember.Install install : CiliumMember.Install.values()) {
            assertThat(CiliumMember.Install.of(install.value())).isSameAs(install);
        }
    }

    @Test
    void theServicePortIsEtcdsClientPort() {
        // cilium chart templates/clustermesh-apiserver/service.yaml: port 2379, the etcd client port
        assertThat(CiliumMember.SERVICE_PORT).isEqualTo(2379);
    }
}
