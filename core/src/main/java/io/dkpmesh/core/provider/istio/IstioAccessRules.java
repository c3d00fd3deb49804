package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.validate.Rule;

/**
 * Istio access rules must be enforceable by what the AuthorizationPolicy can see of a caller: its
 * SPIFFE identity (trust domain, namespace) and, on a flat network only, its pod IP. It runs right
 * after the validator's access rules, where it always ran.
 */
final class IstioAccessRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        for (Mesh mesh : topology.meshes()) {
            if (mesh.provider() == Provider.ISTIO) {
                check(mesh, findings);
            }
        }
    }

    private static void check(Mesh mesh, Findings findings) {
        for (AccessRule rule : mesh.access()) {
            if (mesh.type() == MeshType.FEDERATION
                    && mesh.exporters(rule.namespace(), rule.service()).isEmpty()) {
                String what = rule.service()
                        .map(s -> "service " + Text.quote(rule.namespace() + "/" + s))
                        .orElse("namespace " + Text.quote(rule.namespace()));
                findings.error(
                        FindingCode.UNKNOWN_SERVICE,
                        rule.pointer() + (rule.service().isPresent() ? "/service" : "/namespace"),
                        what + " exports nothing in federation " + Text.quote(mesh.name())
                                + ", so no member would hold the policy; add the service to exports");
            }
            if (mesh.type() == MeshType.MULTICLUSTER && !(mesh.flatNetwork() && mesh.sourceIPPreserved())) {
                rule.from().stream()
                        .filter(c -> c.cluster().isPresent())
                        .forEach(caller -> byCluster(mesh, caller, findings));
            }
        }
    }

    private static void byCluster(Mesh mesh, Caller caller, Findings findings) {
        String why = mesh.flatNetwork()
                // deckhouse modules/021-cni-cilium/templates/configmap.yaml: enable-ipv4-masquerade "true" and
                // ipv4-native-routing-cidr = the cluster's own pod subnet, so traffic to another member's pods is
                // SNATed to the node IP
                ? "on a flat network the rule matches the caller's pod subnet, but DKP's cni-cilium masquerades traffic that leaves "
                        + "the local pod subnet, so callers from other members arrive with node IPs and would all be denied; admit callers by "
                        + "namespace, or set sourceIPPreserved: true on the mesh once masquerading between the members' pod subnets is off"
                : "all members share one trust domain, so identities do not name the cluster, and cross-network traffic arrives "
                        + "through the ingress gateway, so the source IP does not either; admit callers by namespace, "
                        + "or set flatNetwork: true when pods are routable between members (then the cluster's pod subnet is matched)";
        findings.error(
                FindingCode.ACCESS_UNENFORCEABLE,
                caller.pointer() + "/cluster",
                "multicluster " + Text.quote(mesh.name()) + " cannot admit callers by cluster "
                        + Text.quote(caller.cluster().orElseThrow()) + ": " + why);
    }
}
