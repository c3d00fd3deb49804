package io.dkpmesh.core.provider.cilium;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TrafficRule;
import io.dkpmesh.core.validate.Rule;

/**
 * What a cilium mesh does with a traffic rule: its affinity only; every other field is refused. It
 * runs first, after Istio's traffic rules (the registry's order), where the validator's traffic
 * rules always ran.
 */
final class CiliumTrafficRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        for (Mesh mesh : topology.meshes()) {
            if (mesh.provider() == Provider.CILIUM) {
                mesh.traffic().forEach(rule -> check(mesh, rule, findings));
            }
        }
    }

    /**
     * Of a traffic rule, a cilium mesh renders only {@code affinity}: the annotation
     * {@code service.cilium.io/affinity} on a global service of a ClusterMesh (CiliumPlanner). Cilium
     * load-balances a global service over the backends of all clusters and, with affinity, prefers
     * local or remote ones (cilium/cilium pkg/loadbalancer, annotation service.cilium.io/affinity);
     * it has no circuit breaking, outlier detection, locality failover, weights per region or
     * version subsets for it. Each such field would be dropped without a word, so it is refused.
     */
    private static void check(Mesh mesh, TrafficRule rule, Findings findings) {
        String fix = "; remove it, or put " + Text.quote(rule.namespace() + "/" + rule.service())
                + " in an istio mesh, which renders it as a DestinationRule or VirtualService";
        String why = " has no effect in cilium mesh " + Text.quote(mesh.name())
                + ": dkp-mesh renders a cilium traffic rule as the global-service affinity only, and Cilium ClusterMesh ";
        rule.circuitBreaker()
                .ifPresent(c -> findings.error(
                        FindingCode.TRAFFIC,
                        rule.pointer() + "/circuitBreaker",
                        "circuitBreaker" + why + "has no connection limits or outlier detection for a global service"
                                + fix));
        if (!rule.failover().isEmpty()) {
            findings.error(
                    FindingCode.TRAFFIC,
                    rule.pointer() + "/failover",
                    "failover" + why
                            + "does not fail over by region (affinity: local already prefers local backends and uses remote ones"
                            + " only when no local one is healthy)" + fix);
        }
        if (!rule.distribute().isEmpty()) {
            findings.error(
                    FindingCode.TRAFFIC,
                    rule.pointer() + "/distribute",
                    "distribute" + why + "has no weights per region for a global service" + fix);
        }
        rule.canary()
                .ifPresent(c -> findings.error(
                        FindingCode.TRAFFIC,
                        c.pointer(),
                        "canary" + why + "does not split traffic between versions of a service" + fix));
        if (rule.affinity().isPresent() && mesh.type() == MeshType.SINGLE) {
            findings.error(
                    FindingCode.TRAFFIC,
                    rule.pointer() + "/affinity",
                    "affinity has no effect in single-cluster cilium mesh " + Text.quote(mesh.name())
                            + ": it chooses between the local and remote backends of a ClusterMesh global service, and a single"
                            + " cluster has no remote backends; remove it, or make the mesh a cilium federation or multicluster");
        }
    }
}
