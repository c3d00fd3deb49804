package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.IngressGateway;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.validate.Rule;
import java.util.List;

/**
 * An istio multicluster on a flat network must still pass DKP's metadata exchange. A member whose
 * peers all skip the gateway (and which is in no federation) gets no gateway Service: deckhouse
 * ee/modules/110-istio/templates/alliance/ingressgateway/service.yaml renders it only for a
 * federation or when {@code multiclustersNeedIngressGateway} (hooks/ee/alliance_metadata_merge.go).
 * With inlet NodePort the metadata exporter then fails ("no services found in ingressgateways",
 * images/metadata-exporter/src/exporter.go) and publishes no ingressGateways, and every peer rejects
 * that private metadata ("ingressGateways must be set", hooks/ee/multicluster_discovery.go), so the
 * clusters never connect. With inlet LoadBalancer the exporter publishes an empty list, which peers
 * that do not use the gateway accept.
 */
public final class FlatNetworkRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        for (Mesh mesh : topology.meshes()) {
            if (mesh.provider() != Provider.ISTIO
                    || mesh.type() != MeshType.MULTICLUSTER
                    || !mesh.flatNetwork()
                    || !mesh.ingressGateway().inlet().equals(IngressGateway.NODE_PORT)) {
                continue;
            }
            List<String> gatewayless = mesh.clusters().stream()
                    .filter(name -> topology.cluster(name).isPresent())
                    .filter(name -> !needsGateway(topology, name))
                    .toList();
            if (!gatewayless.isEmpty()) {
                findings.error(
                        FindingCode.INGRESS_GATEWAY,
                        mesh.ingressGateway().pointer() + "/inlet",
                        "inlet NodePort cannot work on "
                                + gatewayless + " in flat multicluster " + Text.quote(mesh.name()) + ": no peer of "
                                + (gatewayless.size() == 1 ? "that cluster" : "those clusters")
                                + " uses the ingress gateway and "
                                + "none is in a federation, so DKP creates no gateway Service there; the metadata exporter then finds no NodePort "
                                + "to publish and sends no ingressGateways, and every peer rejects that metadata (\"ingressGateways must be set\"), "
                                + "so the clusters never connect; remove ingressGateway from the mesh (with the default inlet LoadBalancer the "
                                + "exporter publishes an empty list, which flat peers accept, and no load balancer is created)");
            }
        }
    }

    /** DKP deploys the gateway Service for a federation member or when some multicluster peer uses the gateway. */
    private static boolean needsGateway(Topology topology, String cluster) {
        return topology.meshesOf(cluster).stream()
                .filter(m -> m.provider() == Provider.ISTIO)
                .anyMatch(m -> m.type() == MeshType.FEDERATION
                        || m.type() == MeshType.MULTICLUSTER
                                && !m.flatNetwork()
                                && m.clusters().stream().anyMatch(c -> !c.equals(cluster)));
    }
}
