package io.dkpmesh.core.provider.cilium;

import io.dkpmesh.core.api.FindingCode;
import io.dkpmesh.core.api.Text;
import io.dkpmesh.core.load.Findings;
import io.dkpmesh.core.model.Cidr;
import io.dkpmesh.core.model.CiliumMember;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Export;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TrafficRule;
import io.dkpmesh.core.validate.Rule;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream Cilium ClusterMesh (DOMAIN.md §4): every member of a cilium federation or multicluster
 * has a unique id, a name Cilium accepts, a reachable clustermesh-apiserver and its own pod
 * subnet, and its own Cilium installed from the upstream chart: DKP's cni-cilium does not configure
 * any of it (DOMAIN.md §2), so a member on cni-cilium is an error, never a second CNI.
 */
public final class CiliumRules implements Rule {

    /** Cilium reserves this name for a cluster that is not meshed. */
    private static final String RESERVED_NAME = "default";
    /** Cluster ids of a ClusterMesh with the default maxConnectedClusters (cilium chart values.yaml). */
    private static final int MAX_IDS = 255;
    /** Kubernetes' default service-node-port-range. */
    private static final int NODE_PORT_MIN = 30000;

    private static final int NODE_PORT_MAX = 32767;

    @Override
    public void check(Topology topology, Findings findings) {
        Map<Cluster, Mesh> meshed = new LinkedHashMap<>();
        for (Mesh mesh : topology.clusterMeshes()) {
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
        exportPorts(topology, findings);
        exportWorkloads(topology, findings);
    }

    /**
     * Cilium load-balances a global Service only in a cluster that has a Service of that name and
     * namespace (Cilium Documentation/network/clustermesh/services.rst), and gives that Service's
     * frontends the remote backends by port name (pkg/clustermesh/loadbalancer/service_merger.go,
     * ClusterServiceToBackendParams). A consumer member's Service is rendered from the export's
     * {@code ports}, so they must be given, valid, and the same wherever the Service is exported.
     */
    private static void exportPorts(Topology topology, Findings findings) {
        Map<String, Export> withPorts = new HashMap<>();
        for (Mesh mesh : topology.meshes()) {
            for (Export export : mesh.exports()) {
                if (export.ports().isEmpty()) {
                    continue;
                }
                if (mesh.provider() != Provider.CILIUM) {
                    // an istio mesh: in a federation the ports narrow the federation gateway's boundary to
                    // the server names of those ports (IstioPlanner.serverNames): used, so no warning
                    if (mesh.type() != MeshType.FEDERATION) {
                        findings.warning(
                                FindingCode.EXPORT_PORTS_UNUSED,
                                export.pointer() + "/ports",
                                "mesh " + Text.quote(mesh.name()) + " is an istio mesh, which renders nothing from the"
                                        + " ports of an export (istiod reads them from the exporter's Service); remove ports");
                    }
                    continue;
                }
                if (!validPorts(export, findings)) {
                    continue;
                }
                Export first = withPorts.putIfAbsent(export.key(), export);
                if (first != null && !samePorts(first, export)) {
                    findings.error(
                            FindingCode.CILIUM_EXPORT_PORTS,
                            export.pointer() + "/ports",
                            "Service " + export.key() + " is exported with other ports at " + first.pointer()
                                    + ": Cilium merges the backends of every cluster's " + export.key()
                                    + " into one Service by port name, so its ports must be the same wherever it"
                                    + " is exported; give both exports the same ports");
                }
            }
        }
        for (Mesh mesh : topology.clusterMeshes()) {
            if (mesh.type() != MeshType.FEDERATION) {
                continue;
            }
            Map<String, Set<String>> exporters = new HashMap<>();
            mesh.exports()
                    .forEach(e -> exporters
                            .computeIfAbsent(e.key(), k -> new HashSet<>())
                            .add(e.cluster()));
            for (Export export : mesh.exports()) {
                if (withPorts.containsKey(export.key())) {
                    continue;
                }
                Set<String> offering = exporters.get(export.key());
                List<String> consumers = mesh.clusters().stream()
                        .filter(c -> !offering.contains(c))
                        .toList();
                if (!consumers.isEmpty()) {
                    findings.warning(
                            FindingCode.CILIUM_CONSUMER_SERVICE,
                            export.pointer(),
                            "Cilium load-balances the global Service " + export.key() + " only in clusters that"
                                    + " have a Service of that name and namespace, and dkp-mesh renders none for "
                                    + String.join(", ", consumers)
                                    + " without the exporter's ports; give ports (name, port, protocol as the"
                                    + " exporter's Service declares them), or define the Service in those clusters"
                                    + " yourself, with the same port names and no selector");
                }
            }
        }
    }

    private static boolean validPorts(Export export, Findings findings) {
        Set<String> names = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        boolean valid = true;
        for (Export.ServicePort port : export.ports()) {
            String problem = null;
            if (export.ports().size() > 1 && port.name().isEmpty()) {
                problem = "a Service with more than one port must name each (Kubernetes refuses it otherwise), and"
                        + " Cilium matches the remote backends by that name; give the name the exporter's Service uses";
            } else if (!port.name().isEmpty() && !names.add(port.name())) {
                problem = "port name " + Text.quote(port.name()) + " is given twice; a Service's port names are unique";
            } else if (!numbers.add(port.port() + "/" + port.protocol())) {
                problem = "port " + port.port() + "/" + port.protocol()
                        + " is given twice; Kubernetes refuses a Service with two such ports";
            }
            if (problem != null) {
                valid = false;
                findings.error(
                        FindingCode.CILIUM_EXPORT_PORTS,
                        port.pointer(),
                        "the consumers' Service " + export.key() + " cannot be rendered from these ports: " + problem);
            }
        }
        return valid;
    }

    /**
     * The federation boundary opens exactly the pods of an export (CiliumPlanner.boundary), found by
     * the labels {@link Mesh#workloadLabels} gives: say when that is only the default
     * {@code app: <service>}, and refuse an access rule that would protect other pods than the
     * boundary opens.
     */
    private static void exportWorkloads(Topology topology, Findings findings) {
        for (Mesh mesh : topology.meshes()) {
            for (Export export : mesh.exports()) {
                if (mesh.provider() != Provider.CILIUM) {
                    if (!export.workloadLabels().isEmpty()) {
                        findings.warning(
                                FindingCode.EXPORT_WORKLOADS_UNUSED,
                                export.pointer() + "/workloadLabels",
                                "mesh " + Text.quote(mesh.name()) + " is an istio mesh, which renders nothing from"
                                        + " the workloadLabels of an export; give them on the access rule of "
                                        + export.key() + " instead");
                    }
                    continue;
                }
                if (mesh.type() != MeshType.FEDERATION) {
                    continue;
                }
                boolean fromRule = false;
                for (io.dkpmesh.core.model.AccessRule rule : mesh.access()) {
                    if (!rule.namespace().equals(export.namespace())
                            || !rule.service().map(export.service()::equals).orElse(false)
                            || rule.workloadLabels().isEmpty()) {
                        continue;
                    }
                    fromRule = true;
                    if (!export.workloadLabels().isEmpty()
                            && !Map.copyOf(rule.workloadLabels()).equals(Map.copyOf(export.workloadLabels()))) {
                        findings.error(
                                FindingCode.CILIUM_WORKLOAD_LABELS_DIFFER,
                                rule.pointer() + "/workloadLabels",
                                "the export of " + export.key() + " at " + export.pointer()
                                        + " gives other workloadLabels: the federation boundary opens the pods carrying"
                                        + " the export's labels and this rule's policy would protect other pods; give"
                                        + " both the labels the Service's pods carry, or drop them here");
                    }
                }
                if (export.workloadLabels().isEmpty() && !fromRule) {
                    findings.warning(
                            FindingCode.CILIUM_EXPORT_WORKLOADS,
                            export.pointer(),
                            "the federation boundary in " + export.cluster() + " lets the other members reach only"
                                    + " the pods of namespace " + export.namespace() + " labelled app: "
                                    + export.service() + (export.ports().isEmpty() ? "" : ", on the export's ports")
                                    + "; every other pod there (one behind " + export.service()
                                    + " labelled only app.kubernetes.io/name, for example) is denied to them; give"
                                    + " workloadLabels as the Service's pods carry them");
                }
            }
        }
    }

    private static boolean samePorts(Export a, Export b) {
        return Set.copyOf(strip(a)).equals(Set.copyOf(strip(b)));
    }

    private static List<String> strip(Export export) {
        return export.ports().stream()
                .map(p -> p.name() + ":" + p.port() + "/" + p.protocol())
                .toList();
    }

    private static List<Cluster> members(Topology topology, Mesh mesh) {
        return mesh.clusters().stream()
                .map(topology::cluster)
                .flatMap(Optional::stream)
                .distinct()
                .toList();
    }

    private static void member(Cluster cluster, Mesh mesh, Map<Integer, Cluster> byId, Findings findings) {
        if (cluster.name().equals(RESERVED_NAME)) {
            findings.error(
                    FindingCode.CILIUM_NAME,
                    cluster.pointer() + "/name",
                    "Cilium reserves the cluster name " + Text.quote(RESERVED_NAME)
                            + " for clusters outside a ClusterMesh; rename the cluster to join cilium mesh "
                            + Text.quote(mesh.name()));
        }
        if (cluster.cilium().isEmpty()) {
            findings.error(
                    FindingCode.CILIUM_ID,
                    cluster.pointer(),
                    "cluster " + Text.quote(cluster.name()) + " is in cilium mesh "
                            + Text.quote(mesh.name())
                            + " but has no cilium block; add cilium: {id: <1..255, unique>, install: helm,"
                            + " apiserver: {address, serviceType}}");
            return;
        }
        CiliumMember cilium = cluster.cilium().get();
        Cluster first = byId.putIfAbsent(cilium.id(), cluster);
        if (first != null) {
            findings.error(
                    FindingCode.CILIUM_ID,
                    cluster.pointer() + "/cilium/id",
                    "cilium.id " + cilium.id() + " is already the id of cluster " + Text.quote(first.name())
                            + "; ClusterMesh identities carry the cluster id, so every meshed cluster needs its own");
        }
        if (cilium.id() > MAX_IDS && mesh.maxConnectedClusters() <= MAX_IDS) {
            findings.error(
                    FindingCode.CILIUM_ID,
                    cluster.pointer() + "/cilium/id",
                    "cilium.id " + cilium.id() + " is above " + MAX_IDS
                            + ", the largest id of a ClusterMesh of maxConnectedClusters " + mesh.maxConnectedClusters()
                            + " (cilium chart values.yaml,"
                            + " clustermesh.maxConnectedClusters); set cilium: {maxConnectedClusters: 511} on mesh "
                            + Text.quote(mesh.name())
                            + " (and on every mesh its members join: it must be the same on every member) or pick an id up to "
                            + MAX_IDS);
        }
        if (cilium.install() != CiliumMember.Install.HELM) {
            findings.error(
                    FindingCode.CNI_CILIUM_UNSUPPORTED,
                    cluster.pointer() + "/cilium/install",
                    "cluster " + Text.quote(cluster.name()) + " is in cilium "
                            + mesh.type().label() + " " + Text.quote(mesh.name())
                            + " but its Cilium is DKP's cni-cilium (cilium.install defaults to cni-cilium): that module runs Cilium in"
                            + " d8-cni-cilium and does not configure ClusterMesh (it fixes cluster-name to default, sets no cluster-id and"
                            + " no clustermesh-apiserver), and a second, upstream Cilium beside it would be a second CNI. Install Cilium"
                            + " from its upstream Helm chart on this cluster (release cilium in kube-system) and set cilium.install: helm,"
                            + " or take the cluster out of the mesh");
        }
        if (cilium.address().isEmpty() || cilium.port() == 0) {
            findings.error(
                    FindingCode.CILIUM_APISERVER,
                    cluster.pointer() + "/cilium" + (cilium.address().isEmpty() ? "" : "/apiserver"),
                    "cluster " + Text.quote(cluster.name()) + " has no cilium.apiserver"
                            + (cilium.address().isEmpty() ? "" : ".port")
                            + ", so its peers in mesh " + Text.quote(mesh.name())
                            + " cannot reach it; add apiserver: {address: <DNS name or"
                            + " IPv4 of its clustermesh-apiserver>, serviceType: LoadBalancer} (port 2379) or {address, serviceType: NodePort,"
                            + " port: <node port>}");
            return;
        }
        servicePort(cluster, cilium, findings);
    }

    /**
     * The peers dial {@code https://<address>:<port>} (cilium chart templates/clustermesh-config/_helpers.tpl); the
     * member's own Service listens on 2379, and with NodePort on the node port (templates/clustermesh-apiserver/service.yaml).
     */
    private static void servicePort(Cluster cluster, CiliumMember cilium, Findings findings) {
        String pointer = cluster.pointer() + "/cilium/apiserver/port";
        if (cilium.serviceType() == CiliumMember.ServiceType.LOAD_BALANCER
                && cilium.port() != CiliumMember.SERVICE_PORT) {
            findings.error(
                    FindingCode.CILIUM_APISERVER_PORT,
                    pointer,
                    "with serviceType LoadBalancer the peers dial port " + cilium.port()
                            + " of " + cilium.address()
                            + ", but the Cilium chart's clustermesh-apiserver Service listens on "
                            + CiliumMember.SERVICE_PORT
                            + " only (templates/clustermesh-apiserver/service.yaml); set port "
                            + CiliumMember.SERVICE_PORT
                            + " (or leave it out), or set serviceType: NodePort if " + cilium.port()
                            + " is a node port");
        } else if (cilium.serviceType() == CiliumMember.ServiceType.NODE_PORT
                && (cilium.port() < NODE_PORT_MIN || cilium.port() > NODE_PORT_MAX)) {
            findings.warning(
                    FindingCode.CILIUM_NODE_PORT_RANGE,
                    pointer,
                    "node port " + cilium.port() + " of cluster " + Text.quote(cluster.name())
                            + " is outside " + NODE_PORT_MIN + "-" + NODE_PORT_MAX
                            + ", Kubernetes' default service-node-port-range: the API server"
                            + " refuses the clustermesh-apiserver Service unless the cluster's range includes it");
        }
    }

    /** ClusterMesh routes pod IPs between members, so a pod address must name one cluster. */
    private static void podSubnets(Mesh mesh, List<Cluster> members, Findings findings) {
        // each CIDR parsed once: a 100-member mesh has 4,950 pairs
        List<Optional<Cidr>> pods =
                members.stream().map(c -> Cidr.parse(c.podSubnetCIDR())).toList();
        for (int i = 0; i < members.size(); i++) {
            for (int j = 0; j < i; j++) {
                Cluster a = members.get(j);
                Cluster b = members.get(i);
                if (Cidr.overlapping(pods.get(j), pods.get(i))) {
                    findings.error(
                            FindingCode.SUBNET_OVERLAP,
                            b.pointer() + "/podSubnetCIDR",
                            b.podSubnetCIDR() + " overlaps cluster "
                                    + Text.quote(a.name()) + " (" + a.podSubnetCIDR() + "); Cilium ClusterMesh "
                                    + Text.quote(mesh.name())
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
            findings.error(
                    FindingCode.UNKNOWN_SERVICE,
                    rule.pointer() + "/affinity",
                    "affinity of " + rule.namespace() + "/" + rule.service()
                            + " has no effect: it is not a global service of "
                            + mesh.type().label() + " " + Text.quote(mesh.name())
                            + (mesh.type() == MeshType.FEDERATION
                                    ? "; export it first"
                                    : "; add namespace " + Text.quote(rule.namespace()) + " to the mesh's namespaces"));
        }
    }

    static boolean global(Mesh mesh, String namespace, String service) {
        if (mesh.type() == MeshType.MULTICLUSTER) {
            return mesh.namespaces().contains(namespace);
        }
        return mesh.exports().stream()
                .anyMatch(e -> e.namespace().equals(namespace) && e.service().equals(service));
    }

    /** A cluster has one Cilium install: every ClusterMesh it joins must agree on its size. */
    private static void maxConnectedClusters(Topology topology, Findings findings) {
        Map<String, Mesh> firstOf = new HashMap<>();
        for (Mesh mesh : topology.clusterMeshes()) {
            mesh.clusters().stream()
                    .map(cluster -> Map.entry(cluster, firstOf.computeIfAbsent(cluster, c -> mesh)))
                    .filter(entry -> entry.getValue().maxConnectedClusters() != mesh.maxConnectedClusters())
                    .findFirst()
                    .ifPresent(entry -> findings.error(
                            FindingCode.MODULE_SETTINGS_CONFLICT,
                            mesh.pointer() + "/cilium/maxConnectedClusters",
                            "cluster " + Text.quote(entry.getKey()) + " is in cilium meshes "
                                    + Text.quote(entry.getValue().name())
                                    + " (maxConnectedClusters "
                                    + entry.getValue().maxConnectedClusters() + ") and " + Text.quote(mesh.name())
                                    + " (" + mesh.maxConnectedClusters()
                                    + "); it has one Cilium install, so give both meshes the same value"));
        }
    }
}
