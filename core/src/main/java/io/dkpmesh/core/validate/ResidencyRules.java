package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.AccessRule.Caller;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Export;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Policies.Residency;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TrafficRule;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A residency-bound namespace may be reached only from its allowed clusters: an export, a shared
 * namespace or an access rule that opens it to any other cluster is an error at that line; so is an
 * istio multicluster joining allowed and other clusters (DKP shares every namespace), and a traffic
 * rule steering the namespace's callers into a region of other clusters.
 */
final class ResidencyRules implements Rule {

    @Override
    public void check(Topology topology, Findings findings) {
        for (Residency residency : topology.policies().residency()) {
            for (Mesh mesh : topology.meshes()) {
                List<String> outside = outside(topology, residency, mesh.clusters());
                if (mesh.type() == MeshType.FEDERATION) {
                    for (Export export : mesh.exports()) {
                        if (export.namespace().equals(residency.namespace())) {
                            report(
                                    residency,
                                    mesh,
                                    export.pointer(),
                                    outside(
                                            topology,
                                            residency,
                                            // its peers: a hub-and-spoke mesh offers a spoke's export to the hubs only
                                            mesh.peersOf(export.cluster())),
                                    "exporting it",
                                    findings);
                        }
                    }
                }
                if (mesh.type() == MeshType.MULTICLUSTER) {
                    int i = mesh.namespaces().indexOf(residency.namespace());
                    if (mesh.provider() == Provider.ISTIO) {
                        istioMulticluster(
                                residency,
                                mesh,
                                outside,
                                i >= 0
                                        ? mesh.pointer() + "/namespaces/" + i
                                        : outside.isEmpty() ? mesh.pointer() : mesh.memberPointer(outside.get(0)),
                                findings);
                    } else if (i >= 0) {
                        report(residency, mesh, mesh.pointer() + "/namespaces/" + i, outside, "sharing it", findings);
                    }
                }
                steering(topology, residency, mesh, findings);
                for (AccessRule rule : mesh.access()) {
                    if (!rule.namespace().equals(residency.namespace())) {
                        continue;
                    }
                    for (Caller caller : rule.from()) {
                        List<String> callers = caller.cluster().map(List::of).orElse(mesh.clusters());
                        report(
                                residency,
                                mesh,
                                caller.pointer(),
                                outside(topology, residency, callers),
                                "admitting this caller",
                                findings);
                    }
                }
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
                        + allowed(residency) + " (residency at " + residency.pointer() + "), but istio multicluster "
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
        if (mesh.provider() != Provider.ISTIO || mesh.type() == MeshType.SINGLE) {
            return;
        }
        for (TrafficRule rule : mesh.traffic()) {
            if (!rule.namespace().equals(residency.namespace())) {
                continue;
            }
            for (TrafficRule.Failover failover : rule.failover()) {
                report(
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
                        report(
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
        return outside(
                topology,
                residency,
                mesh.clusters().stream()
                        .filter(name -> topology.cluster(name)
                                .map(c -> c.region().equals(region))
                                .orElse(false))
                        .toList());
    }

    private static String allowed(Residency residency) {
        return residency.allowedClusters().isEmpty()
                ? "clusters labelled " + new TreeMap<>(residency.allowedLabels())
                : residency.allowedClusters().toString();
    }

    private static List<String> outside(Topology topology, Residency residency, List<String> clusters) {
        return clusters.stream()
                .map(topology::cluster)
                .flatMap(Optional::stream)
                .filter(c -> !residency.allows(c))
                .map(Cluster::name)
                .toList();
    }

    private static void report(
            Residency residency, Mesh mesh, String pointer, List<String> outside, String action, Findings findings) {
        if (outside.isEmpty()) {
            return;
        }
        findings.error(
                FindingCode.RESIDENCY,
                pointer,
                "namespace " + Text.quote(residency.namespace()) + " must stay on "
                        + allowed(residency)
                        + " (residency at " + residency.pointer() + "); " + action + " in mesh "
                        + Text.quote(mesh.name()) + " exposes it to " + outside);
    }
}
