package io.dkpmesh.core.model;

/**
 * A cluster's ClusterMesh identity, how its Cilium is installed and how its clustermesh-apiserver
 * is exposed.
 *
 * @param id          Helm value {@code cluster.id}
 * @param address     DNS name or IPv4 address the peers dial; empty when the topology gives none
 * @param port        the port the peers dial: the Service port (2379) with {@code LoadBalancer}, the node port with
 *                    {@code NodePort}; 0 when the topology gives none and no default applies
 * @param serviceType how the clustermesh-apiserver Service is exposed (Helm value {@code clustermesh.apiserver.service.type})
 * @param install     who installs Cilium in the cluster
 */
public record CiliumMember(int id, String address, int port, ServiceType serviceType, Install install) {

    /** The port the chart's clustermesh-apiserver Service listens on (cilium chart {@code templates/clustermesh-apiserver/service.yaml}). */
    public static final int SERVICE_PORT = 2379;

    /** How the clustermesh-apiserver Service is exposed to the other clusters. */
    public enum ServiceType {
        LOAD_BALANCER("LoadBalancer"),
        NODE_PORT("NodePort");

        private final String value;

        ServiceType(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static ServiceType of(String value) {
            return value.equals(NODE_PORT.value) ? NODE_PORT : LOAD_BALANCER;
        }
    }

    /** Who installs and upgrades Cilium in the cluster. */
    public enum Install {
        /** DKP's cni-cilium module, in d8-cni-cilium: it cannot be configured for ClusterMesh (DOMAIN.md §2). */
        CNI_CILIUM("cni-cilium"),
        /** An upstream Helm release {@code cilium} in kube-system, which takes the ClusterMesh values. */
        HELM("helm");

        private final String value;

        Install(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Install of(String value) {
            return value.equals(HELM.value) ? HELM : CNI_CILIUM;
        }
    }
}
