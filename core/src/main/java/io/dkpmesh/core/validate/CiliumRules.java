package io.dkpmesh.core.validate;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cidr;
import io.dkpmesh.core.model.CiliumMember;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TrafficRule;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream Cilium ClusterMesh (DOMAIN.md §4): every member of a cilium federation or multicluster
 * has a unique id, a name Cilium accepts, a reachable clustermesh-apiserver and its own pod
 * subnet; and DKP's cni-cilium does not configure any of it (DOMAIN.md §2).
 */
final class CiliumRules implements Rule {

    /** Cilium reserves this name for a cluster that is not meshed. */
    private static final String RESERVED_NAME = "default";

    @Override
    public void check(Topology topology, Findings findings) {
        Map<Cluster, Mesh> meshed = new LinkedHashMap<>();
        for (Mesh mesh : clusterMeshes(topology)) {
            findings.warning(FindingCode.CNI_CILIUM_UNSUPPORTED, mesh.pointer() + "/provider", "mesh " + Text.quote(mesh.name())
                    + " is rendered as upstream Cilium ClusterMesh Helm values; DKP's cni-cilium module does not configure ClusterMesh"
                    + " (it fixes cluster-name to default and sets no cluster-id), so its members need a Cilium installed with these values");
            List<Cluster> members = members(topology, mesh);
            members.forEach(member -> meshed.putIfAbsent(member, mesh));
            podSubnets(mesh, members, findings);
            affinity(mesh, findings);
        }
        Map<Integer, Cluster> byId = new HashMap<>();
        for (Map.Entry<Cluster, Mesh> entry : meshed.entrySet()) {
            member(entry.getKey(), entry.getValue(), byId, findings);
        }
        maxConnectedClusters(topology, findings);
    }

    /** Cilium meshes that join clusters; a single-cluster cilium mesh needs no ClusterMesh. */
    static List<Mesh> clusterMeshes(Topology topology) {
        return topology.meshes().stream().filter(m -> m.provider() == Provider.CILIUM && m.type() != MeshType.SINGLE).toList();
    }

    private static List<Cluster> members(Topology topology, Mesh mesh) {
        return mesh.clusters().stream().map(topology::cluster).flatMap(Optional::stream).distinct().toList();
    }

    private static void member(Cluster cluster, Mesh mesh, Map<Integer, Cluster> byId, Findings findings) {
        if (cluster.name().equals(RESERVED_NAME)) {
            findings.error(FindingCode.CILIUM_NAME, cluster.pointer() + "/name", "Cilium reserves the cluster name " + Text.quote(RESERVED_NAME)
                    + " for clusters outside a ClusterMesh; rename the cluster to join cilium mesh " + Text.quote(mesh.name()));
        }
        if (cluster.cilium().isEmpty()) {
            findings.error(FindingCode.CILIUM_ID, cluster.pointer(), "cluster " + Text.quote(cluster.name()) + " is in cilium mesh "
                    + Text.quote(mesh.name()) + " but has no cilium block; add cilium: {id: <1..255, unique>, apiserver: {address, port}}");
            return;
        }
        CiliumMember cilium = cluster.cilium().get();
        Cluster first = byId.putIfAbsent(cilium.id(), cluster);
        if (first != null) {
            findings.error(FindingCode.CILIUM_ID, cluster.pointer() + "/cilium/id", "cilium.id " + cilium.id() + " is already the id of cluster "
                    + Text.quote(first.name()) + "; ClusterMesh identities carry the cluster id, so every meshed cluster needs its own");
        }
        if (cilium.address().isEmpty() || cilium.port() == 0) {
            findings.error(FindingCode.CILIUM_APISERVER, cluster.pointer() + "/cilium", "cluster " + Text.quote(cluster.name())
                    + " has no cilium.apiserver, so its peers in mesh " + Text.quote(mesh.name())
                    + " cannot reach it; add apiserver: {address: <DNS name or IPv4 of its clustermesh-apiserver>, port: <e.g. 2379>}");
        }
    }

    /** ClusterMesh routes pod IPs between members, so a pod address must name one cluster. */
    private static void podSubnets(Mesh mesh, List<Cluster> members, Findings findings) {
        for (int i = 0; i < members.size(); i++) {
            for (int j = 0; j < i; j++) {
                Cluster a = members.get(j);
                Cluster b = members.get(i);
                if (Cidr.overlapping(a.podSubnetCIDR(), b.podSubnetCIDR())) {
                    findings.error(FindingCode.SUBNET_OVERLAP, b.pointer() + "/podSubnetCIDR", b.podSubnetCIDR() + " overlaps cluster "
                            + Text.quote(a.name()) + " (" + a.podSubnetCIDR() + "); Cilium ClusterMesh " + Text.quote(mesh.name())
                            + " needs disjoint pod subnets");
                }
            }
        }
    }

    /** Affinity only steers a global service; on any other Service Cilium ignores it. */
    private static void affinity(Mesh mesh, Findings findings) {
        for (TrafficRule rule : mesh.traffic()) {
            if (rule.affinity().isEmpty() || global(mesh, rule.namespace(), rule.service())) {
                continue;
            }
            findings.error(FindingCode.UNKNOWN_SERVICE, rule.pointer() + "/affinity", "affinity of " + rule.namespace() + "/" + rule.service()
                    + " has no effect: it is not a global service of " + mesh.type().label() + " " + Text.quote(mesh.name())
                    + (mesh.type() == MeshType.FEDERATION ? "; export it first" : "; add namespace " + Text.quote(rule.namespace())
                            + " to the mesh's namespaces"));
        }
    }

    static boolean global(Mesh mesh, String namespace, String service) {
        if (mesh.type() == MeshType.MULTICLUSTER) {
            return mesh.namespaces().contains(namespace);
        }
        return mesh.exports().stream().anyMatch(e -> e.namespace().equals(namespace) && e.service().equals(service));
    }

    /** A cluster has one Cilium install: every ClusterMesh it joins must agree on its size. */
    private static void maxConnectedClusters(Topology topology, Findings findings) {
        Map<String, Mesh> firstOf = new HashMap<>();
        for (Mesh mesh : clusterMeshes(topology)) {
            mesh.clusters().stream()
                    .map(cluster -> Map.entry(cluster, firstOf.computeIfAbsent(cluster, c -> mesh)))
                    .filter(entry -> entry.getValue().maxConnectedClusters() != mesh.maxConnectedClusters())
                    .findFirst()
                    .ifPresent(entry -> findings.error(FindingCode.MODULE_SETTINGS_CONFLICT, mesh.pointer() + "/cilium/maxConnectedClusters",
                            "cluster " + Text.quote(entry.getKey()) + " is in cilium meshes " + Text.quote(entry.getValue().name())
                                    + " (maxConnectedClusters " + entry.getValue().maxConnectedClusters() + ") and " + Text.quote(mesh.name())
                                    + " (" + mesh.maxConnectedClusters() + "); it has one Cilium install, so give both meshes the same value"));
        }
    }
}
