package io.dkpmesh.core.provider.istio;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Policies.Residency;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TrafficRule;
import io.dkpmesh.core.validate.ResidencyRules;
import io.dkpmesh.core.validate.Rule;
import java.util.List;

/**
 * A residency-bound namespace in Istio's meshes: an istio multicluster joining allowed and other
 * clusters exposes it (DKP shares every namespace), and so does a traffic rule steering its callers
 * into a region of other clusters. It runs right after the validator's residency rules, where it
 * always ran, and reports as they do ({@link ResidencyRules#report}).
 */
final class IstioResidencyRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        for (Residency residency : topology.policies().residency()) {
            for (Mesh mesh : topology.meshes()) {
                if (mesh.provider() != Provider.ISTIO) {
                    continue;
                }
                if (mesh.type() == MeshType.MULTICLUSTER) {
                    List<String> outside = ResidencyRules.outside(topology, residency, mesh.clusters());
                    int i = mesh.namespaces().indexOf(residency.namespace());
                    istioMulticluster(
                            residency,
                            mesh,
                            outside,
                            i >= 0
                                    ? mesh.pointer() + "/namespaces/" + i
                                    : outside.isEmpty() ? mesh.pointer() : mesh.memberPointer(outside.get(0)),
                            findings);
                }
                steering(topology, residency, mesh, findings);
            }
        }
    }

    /**
     * DKP's istio multicluster shares every namespace, listed or not: each member's istiod reads the
     * pods, services and endpoints of all namespaces of the others (deckhouse
     * ee/modules/110-istio/templates/multicluster/api-proxy/rbac-for-us.yaml), and all members share
     * one trust domain. A residency-bound namespace on an allowed member is therefore reachable from
     * every other member unless an access rule that holds keeps them out; the lack of a rule is no
     * protection.
     */
    private static void istioMulticluster(
            Residency residency, Mesh mesh, List<String> outside, String pointer, Findings findings) {
        if (outside.isEmpty() || outside.size() == mesh.clusters().size() || enforced(residency, mesh)) {
            return;
        }
        findings.error(
                FindingCode.RESIDENCY,
                pointer,
                "namespace " + Text.quote(residency.namespace()) + " must stay on "
                        + ResidencyRules.allowed(residency) + " (residency at " + residency.pointer()
                        + "), but istio multicluster "
                        + Text.quote(mesh.name())
                        + " also joins " + outside
                        + ": DKP shares every namespace between multicluster members, whether listed in namespaces or not, "
                        + "and all members share one trust domain, so no identity tells the clusters apart; keep the allowed clusters in a "
                        + "multicluster of their own (or a federation, exporting only what may leave), or, on a flat network with "
                        + "sourceIPPreserved: true, add a namespace-wide access rule for "
                        + Text.quote(residency.namespace())
                        + " that admits callers from allowed clusters only");
    }

    /**
     * The one rule that holds: a namespace-wide ALLOW policy in every member whose callers are all
     * named by an allowed cluster, matched by pod subnet on a flat network that keeps source IPs.
     */
    private static boolean enforced(Residency residency, Mesh mesh) {
        if (!mesh.flatNetwork() || !mesh.sourceIPPreserved()) {
            return false;
        }
        return mesh.access().stream()
                .anyMatch(rule -> rule.namespace().equals(residency.namespace())
                        && rule.service().isEmpty()
                        && rule.from().stream()
                                .allMatch(caller -> caller.cluster().isPresent()));
    }

    /**
     * A failover or distribute target sends the service's callers to the endpoints in that region:
     * for a residency-bound namespace it must hold allowed members only (istio
     * pilot/pkg/networking/core/loadbalancer/loadbalancer.go).
     */
    private static void steering(Topology topology, Residency residency, Mesh mesh, Findings findings) {
        if (mesh.type() == MeshType.SINGLE) {
            return;
        }
        for (TrafficRule rule : mesh.traffic()) {
            if (!rule.namespace().equals(residency.namespace())) {
                continue;
            }
            for (TrafficRule.Failover failover : rule.failover()) {
                ResidencyRules.report(
                        residency,
                        mesh,
                        failover.pointer() + "/to",
                        inRegion(topology, residency, mesh, failover.to()),
                        "failing over to region " + Text.quote(failover.to()),
                        findings);
            }
            for (TrafficRule.Distribute distribute : rule.distribute()) {
                distribute.to().forEach((region, weight) -> {
                    if (weight > 0) {
                        ResidencyRules.report(
                                residency,
                                mesh,
                                distribute.pointer() + "/to/" + region,
                                inRegion(topology, residency, mesh, region),
                                "sending traffic to region " + Text.quote(region),
                                findings);
                    }
                });
            }
        }
    }

    private static List<String> inRegion(Topology topology, Residency residency, Mesh mesh, String region) {
        return ResidencyRules.outside(
                topology,
                residency,
                mesh.clusters().stream()
                        .filter(name -> topology.cluster(name)
                                .map(c -> c.region().equals(region))
                                .orElse(false))
                        .toList());
    }
}
