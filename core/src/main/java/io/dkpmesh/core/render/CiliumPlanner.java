package io.dkpmesh.core.render;

import io.dkpmesh.core.layout.Layout;
import io.dkpmesh.core.layout.Phase;
import io.dkpmesh.core.model.AccessRule;
import io.dkpmesh.core.model.CiliumMember;
import io.dkpmesh.core.model.Cluster;
import io.dkpmesh.core.model.Export;
import io.dkpmesh.core.model.Mesh;
import io.dkpmesh.core.model.MeshType;
import io.dkpmesh.core.model.Provider;
import io.dkpmesh.core.model.Topology;
import io.dkpmesh.core.model.TrafficRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Upstream Cilium ClusterMesh (PRODUCT.md §4, DOMAIN.md §4): per member the ClusterMesh Helm
 * values, a Component annotating global services, and CiliumNetworkPolicies for access rules and
 * the federation boundary.
 */
final class CiliumPlanner implements Planner {

    /** Where Cilium lives in an upstream Helm install. */
    static final String CILIUM_NAMESPACE = "kube-system";

    static final String GLOBAL = "service.cilium.io/global";
    static final String SHARED = "service.cilium.io/shared";
    static final String AFFINITY = "service.cilium.io/affinity";
    static final String CLUSTER_LABEL = "io.cilium.k8s.policy.cluster";
    static final String NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
    /** The pod label a service-scoped policy selects on: the one the Service is expected to select. */
    static final String APP_LABEL = "app";

    private static final Pattern IPV4 = Pattern.compile("^[0-9.]+$");

    @Override
    public void plan(Plan plan) {
        Topology topology = plan.topology();
        for (Cluster cluster : topology.clusters()) {
            List<Mesh> meshes = topology.meshesOf(cluster.name()).stream()
                    .filter(m -> m.provider() == Provider.CILIUM)
                    .toList();
            if (meshes.isEmpty()) {
                continue;
            }
            values(plan, cluster);
            List<ServicePatches.Patch> patches = globalServices(cluster, meshes);
            ServicePatches.add(plan, cluster.name(), "cilium-global-services", patches);
            consumerServices(plan, cluster, meshes, patches);
            for (Mesh mesh : meshes) {
                access(plan, cluster, mesh);
                boundary(plan, cluster, mesh);
            }
        }
    }

    /** With a GitOps tool the values travel inside its objects instead (DeliveryPlanner); with none, as a file to install with. */
    private static void values(Plan plan, Cluster cluster) {
        if (!plan.topology().gitops().delivers()) {
            clusterMeshValues(plan, cluster)
                    .ifPresent(values -> plan.add(Document.file(
                            Layout.ciliumValues(cluster.name()),
                            "cilium-clustermesh-values.yaml.ftl",
                            Map.of("values", values))));
        }
    }

    /**
     * The ClusterMesh Helm values of a cluster, when it joins a cilium federation or multicluster and
     * its Cilium is an upstream Helm release (never for DKP's cni-cilium: that would be a second CNI).
     * The peers are every other member of every such mesh (ClusterMesh is not transitive). The
     * member's own values expose its clustermesh-apiserver where the peers dial it, name that address
     * in its server certificate, and sign the certificates in the cluster with the shared CA, so that
     * two renders of the chart (Argo CD's helm template) give the same objects. docs/cilium.md says
     * what the chart does with each value.
     */
    static Optional<Map<String, Object>> clusterMeshValues(Plan plan, Cluster cluster) {
        Topology topology = plan.topology();
        List<Mesh> joined = topology.meshesOf(cluster.name()).stream()
                .filter(m -> m.provider() == Provider.CILIUM && m.type() != MeshType.SINGLE)
                .toList();
        Optional<CiliumMember> own = cluster.cilium().filter(member -> member.install() == CiliumMember.Install.HELM);
        if (joined.isEmpty() || own.isEmpty()) {
            return Optional.empty();
        }
        SortedSet<String> peerNames = new TreeSet<>();
        joined.forEach(mesh -> peerNames.addAll(mesh.clusters()));
        peerNames.remove(cluster.name());
        List<Map<String, Object>> peers = new ArrayList<>();
        for (String name : peerNames) {
            CiliumMember peer = plan.cluster(name).flatMap(Cluster::cilium).orElseThrow();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put(ipv4(peer.address()) ? "ip" : "address", peer.address());
            entry.put("port", peer.port());
            peers.add(entry);
        }
        CiliumMember member = own.get();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", cluster.name());
        values.put("id", member.id());
        values.put("maxConnectedClusters", joined.get(0).maxConnectedClusters());
        values.put("serviceType", member.serviceType().value());
        if (member.serviceType() == CiliumMember.ServiceType.NODE_PORT) {
            values.put("nodePort", member.port());
        }
        values.put(ipv4(member.address()) ? "serverIp" : "serverDnsName", member.address());
        values.put("peers", peers);
        return Optional.of(values);
    }

    private static boolean ipv4(String address) {
        return IPV4.matcher(address).matches();
    }

    /**
     * Multicluster: every Service of the shared namespaces is global. Federation: an exported
     * Service is global where it is exported, and global but not shared in the other members, so
     * they reach the exporter's backends without offering their own.
     */
    private static List<ServicePatches.Patch> globalServices(Cluster cluster, List<Mesh> meshes) {
        SortedMap<String, ServicePatches.Patch> patches = new TreeMap<>();
        Set<String> offered = new LinkedHashSet<>();
        for (Mesh mesh : meshes) {
            if (mesh.type() == MeshType.MULTICLUSTER) {
                mesh.namespaces()
                        .forEach(ns -> patch(patches, ns, Optional.empty())
                                .annotations()
                                .put(GLOBAL, "true"));
                mesh.namespaces().forEach(ns -> offered.add(ns + "/"));
            } else if (mesh.type() == MeshType.FEDERATION) {
                for (Export export : mesh.exports()) {
                    patch(patches, export.namespace(), Optional.of(export.service()))
                            .annotations()
                            .put(GLOBAL, "true");
                    if (export.cluster().equals(cluster.name())) {
                        offered.add(export.namespace() + "/" + export.service());
                    }
                }
            }
            if (mesh.type() != MeshType.SINGLE) {
                for (TrafficRule rule : mesh.traffic()) {
                    rule.affinity()
                            .ifPresent(affinity -> patch(patches, rule.namespace(), Optional.of(rule.service()))
                                    .annotations()
                                    .putAll(Map.of(GLOBAL, "true", AFFINITY, affinity)));
                }
            }
        }
        for (ServicePatches.Patch patch : patches.values()) {
            String key = patch.namespace() + "/" + patch.service().orElse("");
            if (patch.service().isPresent() && !offered.contains(key) && !offered.contains(patch.namespace() + "/")) {
                patch.annotations().put(SHARED, "false");
            }
        }
        return List.copyOf(patches.values());
    }

    /**
     * Federation: a member that consumes an exported Service, and offers none of its own, gets a
     * Service of that name and namespace. Cilium load-balances a global Service only where such a
     * Service exists (Documentation/network/clustermesh/services.rst), and gives its frontends the
     * remote backends by port name (pkg/clustermesh/loadbalancer/service_merger.go), so the Service
     * has the exporter's ports and no selector: no local pods, only the exporter's backends. Its
     * annotations are those the Component gives the Service there (global, shared "false",
     * affinity). Rendered only from the export's ports; without them CiliumRules warns (DKPM407).
     */
    private static void consumerServices(
            Plan plan, Cluster cluster, List<Mesh> meshes, List<ServicePatches.Patch> patches) {
        Map<String, ServicePatches.Patch> byKey = new TreeMap<>();
        patches.forEach(p -> p.service().ifPresent(name -> byKey.put(p.namespace() + "/" + name, p)));
        SortedMap<String, Export> consumed = new TreeMap<>();
        for (Mesh mesh : meshes) {
            if (mesh.type() == MeshType.FEDERATION) {
                mesh.exports().stream()
                        .filter(export -> !export.ports().isEmpty())
                        .forEach(export -> consumed.putIfAbsent(export.key(), export));
            }
        }
        consumed.forEach((key, export) -> {
            ServicePatches.Patch patch = byKey.get(key);
            // shared "false" marks the Services this member consumes but does not offer (globalServices)
            if (patch == null || !"false".equals(patch.annotations().get(SHARED))) {
                return;
            }
            List<Map<String, Object>> ports = export.ports().stream()
                    .map(port -> {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("name", port.name());
                        entry.put("port", port.port());
                        entry.put("protocol", port.protocol());
                        return entry;
                    })
                    .toList();
            plan.add(Document.clusterResource(
                    cluster.name(),
                    "service-" + export.namespace() + "." + export.service() + ".yaml",
                    "cilium-global-service.yaml.ftl",
                    Map.of(
                            "name", export.service(),
                            "namespace", export.namespace(),
                            "annotations",
                                    patch.annotations().entrySet().stream()
                                            .map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
                                            .toList(),
                            "ports", ports),
                    Phase.PEERS));
        });
    }

    private static ServicePatches.Patch patch(
            SortedMap<String, ServicePatches.Patch> patches, String namespace, Optional<String> service) {
        return patches.computeIfAbsent(
                namespace + "/" + service.orElse(""), k -> new ServicePatches.Patch(namespace, service));
    }

    /** Access rules on the same target are merged: one policy admitting every listed caller. */
    private static void access(Plan plan, Cluster cluster, Mesh mesh) {
        Map<String, List<AccessRule>> byTarget = new TreeMap<>();
        mesh.access()
                .forEach(rule -> byTarget.computeIfAbsent(
                                rule.namespace() + "/" + rule.service().orElse(""), k -> new ArrayList<>())
                        .add(rule));
        for (List<AccessRule> rules : byTarget.values()) {
            AccessRule rule = rules.get(0);
            Set<Map<String, Object>> from = new LinkedHashSet<>();
            rules.forEach(r -> r.from().forEach(caller -> callers(mesh, caller).forEach(from::add)));
            String name =
                    mesh.name() + "-access" + rule.service().map(s -> "-" + s).orElse("");
            String what = rule.service()
                    .map(s -> "pods of Service " + s)
                    .orElse("every pod of namespace " + rule.namespace());
            policy(
                    plan,
                    cluster,
                    Optional.of(rule.namespace()),
                    name,
                    "dkp-mesh access rule of mesh " + mesh.name() + ": only the listed callers may reach " + what,
                    selector(rule.podSelector(), List.of()),
                    false,
                    List.copyOf(from));
        }
    }

    /** A caller without a cluster is that namespace in any member; without a namespace, any namespace of that cluster. */
    private static List<Map<String, Object>> callers(Mesh mesh, AccessRule.Caller caller) {
        List<String> clusters = caller.cluster().map(List::of).orElse(mesh.clusters());
        return clusters.stream()
                .map(name -> {
                    // a single-cluster mesh has no ClusterMesh name (DKP's cni-cilium calls every cluster "default")
                    Map<String, String> labels =
                            new TreeMap<>(mesh.type() == MeshType.SINGLE ? Map.of() : Map.of(CLUSTER_LABEL, name));
                    caller.namespace().ifPresent(ns -> labels.put(NAMESPACE_LABEL, ns));
                    return selector(
                            labels,
                            caller.namespace().isPresent()
                                    ? List.of()
                                    : List.of(expression(NAMESPACE_LABEL, "Exists", List.of())));
                })
                .toList();
    }

    /**
     * In a federation, remote members may reach only exported services, in every namespace: in each
     * namespace where this member exports something, a policy denies remote members' pods every pod
     * except the ones backing those exports; every other namespace, existing or future, is covered
     * by one cluster-wide policy denying them everything there, except kube-system, where the
     * member's clustermesh-apiserver serves the peers' KVStoreMesh.
     */
    private static void boundary(Plan plan, Cluster cluster, Mesh mesh) {
        if (mesh.type() != MeshType.FEDERATION) {
            return;
        }
        SortedMap<String, SortedSet<String>> exported = new TreeMap<>();
        for (Export export : mesh.exports()) {
            if (export.cluster().equals(cluster.name())) {
                exported.computeIfAbsent(export.namespace(), ns -> new TreeSet<>())
                        .add(export.service());
            }
        }
        List<Map<String, Object>> remote = mesh.clusters().stream()
                .filter(name -> !name.equals(cluster.name()))
                .map(name -> selector(
                        Map.of(CLUSTER_LABEL, name), List.of(expression(NAMESPACE_LABEL, "Exists", List.of()))))
                .toList();
        String name = mesh.name() + "-federation-boundary";
        exported.forEach((namespace, own) -> policy(
                plan,
                cluster,
                Optional.of(namespace),
                name,
                "dkp-mesh federation " + mesh.name() + ": other members may reach only the Services " + cluster.name()
                        + " exports here: " + String.join(", ", own),
                selector(Map.of(), List.of(expression(APP_LABEL, "NotIn", List.copyOf(own)))),
                true,
                remote));
        // kube-system is left out: the peers' kvstoremesh reaches this member's clustermesh-apiserver there
        SortedSet<String> excluded = new TreeSet<>(exported.keySet());
        excluded.add(CILIUM_NAMESPACE);
        policy(
                plan,
                cluster,
                Optional.empty(),
                name,
                "dkp-mesh federation " + mesh.name() + ": other members may reach nothing in the" + " namespaces "
                        + cluster.name() + " exports nothing from (every namespace but " + String.join(", ", excluded)
                        + ")",
                selector(Map.of(), List.of(expression(NAMESPACE_LABEL, "NotIn", List.copyOf(excluded)))),
                true,
                remote);
    }

    /** A CiliumNetworkPolicy in {@code namespace}, or without one a CiliumClusterwideNetworkPolicy. */
    private static void policy(
            Plan plan,
            Cluster cluster,
            Optional<String> namespace,
            String name,
            String description,
            Map<String, Object> endpoints,
            boolean deny,
            List<Map<String, Object>> from) {
        Map<String, Object> model = new LinkedHashMap<>(Map.of(
                "name", name,
                "description", description,
                "endpointSelector", endpoints,
                "deny", deny,
                "from", from));
        namespace.ifPresent(ns -> model.put("namespace", ns));
        String file = namespace
                .map(ns -> "ciliumnetworkpolicy-" + ns + "." + name + ".yaml")
                .orElse("ciliumclusterwidenetworkpolicy-" + name + ".yaml");
        plan.add(Document.clusterResource(cluster.name(), file, "ciliumnetworkpolicy.yaml.ftl", model, Phase.PEERS));
    }

    /** Labels in key order, so equal selectors are equal maps and the output is stable. */
    private static Map<String, Object> selector(Map<String, String> labels, List<Map<String, Object>> expressions) {
        List<Map<String, String>> matchLabels = new TreeMap<>(labels)
                .entrySet().stream()
                        .map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
                        .toList();
        return Map.of("matchLabels", matchLabels, "matchExpressions", expressions);
    }

    private static Map<String, Object> expression(String key, String operator, List<String> values) {
        return Map.of("key", key, "operator", operator, "values", values);
    }
}
