package io.dkpmesh.core.provider.cilium;

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
import io.dkpmesh.core.render.Document;
import io.dkpmesh.core.render.KeyValue;
import io.dkpmesh.core.render.Plan;
import io.dkpmesh.core.render.Planner;
import io.dkpmesh.core.render.ServicePatches;
import java.util.ArrayList;
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
    static final String SERVICE_ACCOUNT_LABEL = "io.cilium.k8s.policy.serviceaccount";
    /** The Component of a member's global Services (and a federation consumer's Service stand-ins). */
    static final String GLOBAL_SERVICES = "cilium-global-services";

    private static final Pattern IPV4 = Pattern.compile("^[0-9.]+$");

    /**
     * The ClusterMesh Helm values of one member, as {@code cilium-clustermesh-values.macros.ftl} writes
     * them (the values file, the Argo CD Application and the Flux HelmRelease).
     *
     * @param nodePort      the node port the peers dial, for a NodePort Service; {@code null} otherwise
     * @param serverIp      the member's own IPv4 address, named in its server certificate; {@code null} for a DNS name
     * @param serverDnsName the member's own DNS name, named in its server certificate; {@code null} for an IPv4 address
     * @param peers         every other member of its ClusterMesh meshes, in name order
     */
    public record ClusterMeshValues(
            String name,
            int id,
            int maxConnectedClusters,
            String serviceType,
            Integer nodePort,
            String serverIp,
            String serverDnsName,
            List<Peer> peers) {
        public ClusterMeshValues {
            peers = List.copyOf(peers);
        }
    }

    /**
     * A ClusterMesh peer and where its clustermesh-apiserver is dialled.
     *
     * @param ip      its IPv4 address; {@code null} for a DNS name
     * @param address its DNS name; {@code null} for an IPv4 address
     */
    public record Peer(String name, String ip, String address, int port) {}

    /** The data of {@code cilium-clustermesh-values.yaml.ftl}. */
    public record ValuesFile(ClusterMeshValues values) {}

    /**
     * The data of {@code cilium-global-service.yaml.ftl}.
     *
     * @param annotations the ones the cilium-global-services Component gives the Service here, in key order
     * @param ports       the exporter's ports, in its order
     */
    public record GlobalService(String name, String namespace, List<KeyValue> annotations, List<Port> ports) {}

    /**
     * One port of a {@link GlobalService}.
     *
     * @param name the exporter's port name; Cilium matches remote backends by it
     */
    public record Port(String name, int port, String protocol) {}

    /**
     * The data of {@code ciliumnetworkpolicy.yaml.ftl}.
     *
     * @param namespace {@code null} for a CiliumClusterwideNetworkPolicy
     * @param deny      whether {@code from} is denied ({@code ingressDeny}) rather than allowed
     * @param from      the peer selectors, in order, without repeats
     * @param ports     the ports the rule is about ({@code toPorts}); empty for every port
     */
    public record NetworkPolicy(
            String name,
            String namespace,
            String description,
            Selector endpointSelector,
            boolean deny,
            List<Selector> from,
            List<PortRange> ports) {
        public NetworkPolicy {
            from = List.copyOf(from);
            ports = List.copyOf(ports);
        }
    }

    /**
     * A {@code toPorts} port entry: {@code port} alone, or the range {@code port..endPort}.
     *
     * @param endPort {@code null} for a single port
     * @param protocol {@code TCP}, {@code UDP} or {@code ANY} (TCP, UDP and SCTP)
     */
    public record PortRange(String port, Integer endPort, String protocol) {}

    /**
     * A label selector; equal selectors are equal records, so callers are listed once.
     *
     * @param matchLabels in key order
     */
    public record Selector(List<KeyValue> matchLabels, List<Expression> matchExpressions) {}

    /** A selector's match expression. */
    public record Expression(String key, String operator, List<String> values) {}

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
            ServicePatches.add(plan, cluster.name(), GLOBAL_SERVICES, patches);
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
                            CiliumValues.path(cluster.name()),
                            "cilium-clustermesh-values.yaml.ftl",
                            new ValuesFile(values))));
        }
    }

    /**
     * The ClusterMesh Helm values of a cluster, when it joins a cilium federation or multicluster and
     * its Cilium is an upstream Helm release (never for DKP's cni-cilium: that would be a second CNI).
     * The peers are the members each such mesh peers it with ({@link Mesh#peersOf}: every other member,
     * or a spoke's hubs; ClusterMesh is not transitive). The
     * member's own values expose its clustermesh-apiserver where the peers dial it, name that address
     * in its server certificate, and sign the certificates in the cluster with the shared CA, so that
     * two renders of the chart (Argo CD's helm template) give the same objects. docs/cilium.md says
     * what the chart does with each value.
     */
    static Optional<ClusterMeshValues> clusterMeshValues(Plan plan, Cluster cluster) {
        Topology topology = plan.topology();
        List<Mesh> joined = topology.meshesOf(cluster.name()).stream()
                .filter(Mesh::isClusterMesh)
                .toList();
        Optional<CiliumMember> own = cluster.cilium().filter(member -> member.install() == CiliumMember.Install.HELM);
        if (joined.isEmpty() || own.isEmpty()) {
            return Optional.empty();
        }
        SortedSet<String> peerNames = new TreeSet<>();
        joined.forEach(mesh -> peerNames.addAll(mesh.peersOf(cluster.name())));
        List<Peer> peers = new ArrayList<>();
        for (String name : peerNames) {
            CiliumMember peer = plan.cluster(name).flatMap(Cluster::cilium).orElseThrow();
            boolean ip = ipv4(peer.address());
            peers.add(new Peer(name, ip ? peer.address() : null, ip ? null : peer.address(), peer.port()));
        }
        CiliumMember member = own.get();
        boolean ip = ipv4(member.address());
        return Optional.of(new ClusterMeshValues(
                cluster.name(),
                member.id(),
                joined.get(0).maxConnectedClusters(),
                member.serviceType().value(),
                member.serviceType() == CiliumMember.ServiceType.NODE_PORT ? member.port() : null,
                ip ? member.address() : null,
                ip ? null : member.address(),
                peers));
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
                for (Export export : reachableExports(mesh, cluster.name())) {
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
                reachableExports(mesh, cluster.name()).stream()
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
            List<Port> ports = export.ports().stream()
                    .map(port -> new Port(port.name(), port.port(), port.protocol()))
                    .toList();
            plan.add(Document.clusterResource(
                    cluster.name(),
                    "service-" + export.namespace() + "." + export.service() + ".yaml",
                    "cilium-global-service.yaml.ftl",
                    new GlobalService(
                            export.service(), export.namespace(), KeyValue.sorted(patch.annotations()), ports),
                    Phase.PEERS));
        });
    }

    /**
     * The exports of a federation a member offers or can consume: its own and its peers'. A spoke of
     * a hub-and-spoke federation does not connect to another spoke's clustermesh-apiserver, so that
     * spoke's backends never reach it: no global Service for them.
     */
    private static List<Export> reachableExports(Mesh mesh, String member) {
        if (!mesh.hubAndSpoke()) {
            return mesh.exports();
        }
        return mesh.exports().stream()
                .filter(e -> e.cluster().equals(member) || mesh.peered(member, e.cluster()))
                .toList();
    }

    private static ServicePatches.Patch patch(
            SortedMap<String, ServicePatches.Patch> patches, String namespace, Optional<String> service) {
        return patches.computeIfAbsent(
                namespace + "/" + service.orElse(""), k -> new ServicePatches.Patch(namespace, service));
    }

    /**
     * Access rules on the same target are merged: one policy admitting every listed caller. A rule
     * on a Service a federation exports is rendered only where it is exported, where its pods run:
     * the other members hold that Service without a selector (consumerServices), and a policy there
     * would only put unrelated pods that happen to carry the same labels into default deny.
     */
    private static void access(Plan plan, Cluster cluster, Mesh mesh) {
        Map<String, List<AccessRule>> byTarget = new TreeMap<>();
        mesh.access().stream()
                .filter(rule -> mesh.ciliumRuleRunsIn(rule, cluster.name()))
                .forEach(rule -> byTarget.computeIfAbsent(
                                rule.namespace() + "/" + rule.service().orElse(""), k -> new ArrayList<>())
                        .add(rule));
        for (List<AccessRule> rules : byTarget.values()) {
            AccessRule rule = rules.get(0);
            Set<Selector> from = new LinkedHashSet<>();
            rules.forEach(r -> r.from()
                    .forEach(caller -> callers(mesh, cluster.name(), caller).forEach(from::add)));
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
                    selector(mesh.ciliumPodSelector(rule), List.of()),
                    false,
                    List.copyOf(from),
                    List.of());
        }
    }

    /**
     * A caller without a cluster is that namespace in the member itself and any member it peers
     * with (in a full mesh every member; a spoke's other spokes never reach it); without a
     * namespace, any namespace of that cluster.
     */
    private static List<Selector> callers(Mesh mesh, String member, AccessRule.Caller caller) {
        List<String> clusters = caller.cluster()
                .map(List::of)
                .orElseGet(() -> mesh.hubAndSpoke()
                        ? mesh.clusters().stream()
                                .filter(c -> c.equals(member) || mesh.peered(member, c))
                                .toList()
                        : mesh.clusters());
        return clusters.stream()
                .map(name -> {
                    // a single-cluster mesh has no ClusterMesh name (DKP's cni-cilium calls every cluster "default")
                    Map<String, String> labels =
                            new TreeMap<>(mesh.type() == MeshType.SINGLE ? Map.of() : Map.of(CLUSTER_LABEL, name));
                    caller.namespace().ifPresent(ns -> labels.put(NAMESPACE_LABEL, ns));
                    // every endpoint carries its pod's service account (cilium pkg/k8s/apis/cilium.io/const.go
                    // PolicyLabelServiceAccount); a platform component is its namespace and service account, with or
                    // without a sidecar
                    caller.serviceAccount().ifPresent(sa -> labels.put(SERVICE_ACCOUNT_LABEL, sa));
                    return selector(
                            labels,
                            caller.namespace().isPresent()
                                    ? List.of()
                                    : List.of(expression(NAMESPACE_LABEL, "Exists", List.of())));
                })
                .toList();
    }

    /**
     * In a federation, remote members' pods may reach only the exported pods, on the exported ports,
     * in every namespace. Cilium has no "allow only" for one group of callers that leaves the others
     * alone, so the boundary is made of ingressDeny rules from the other members' pods (deny wins
     * over allow, cilium Documentation/security/policy/language.rst "Deny Policies"), each with
     * {@code enableDefaultDeny.ingress: false} so that it denies nothing else:
     *
     * <ul>
     *   <li>in each namespace the member exports from, every pod that is not an exported one: the
     *       complement of "carries all labels of export 1, or all of export 2, ..." is, written as
     *       selectors (one requirement from each export, selectors OR-ed as policies), a
     *       {@code NotIn} per label ({@link #notExported});</li>
     *   <li>for each export with ports, its pods on every other port ({@code toPorts},
     *       {@link #otherPorts});</li>
     *   <li>every other namespace, existing or future, in one cluster-wide policy. kube-system is not
     *       left out: the peers reach this member's clustermesh-apiserver through its LoadBalancer or
     *       NodePort Service, from their nodes, so those packets arrive as the {@code world} or
     *       {@code remote-node} entity, never as a remote pod that {@code fromEndpoints} would match
     *       (cilium Documentation/security/policy/language.rst, "Entities Based"; chart
     *       templates/clustermesh-apiserver/service.yaml).</li>
     * </ul>
     */
    private static void boundary(Plan plan, Cluster cluster, Mesh mesh) {
        if (mesh.type() != MeshType.FEDERATION) {
            return;
        }
        SortedMap<String, List<Export>> exported = new TreeMap<>();
        for (Export export : mesh.exports()) {
            if (export.cluster().equals(cluster.name())) {
                exported.computeIfAbsent(export.namespace(), ns -> new ArrayList<>())
                        .add(export);
            }
        }
        List<Selector> remote = mesh.peersOf(cluster.name()).stream()
                .map(name -> selector(
                        Map.of(CLUSTER_LABEL, name), List.of(expression(NAMESPACE_LABEL, "Exists", List.of()))))
                .toList();
        String name = mesh.name() + "-federation-boundary";
        exported.forEach((namespace, exports) -> {
            List<Map<String, String>> labels =
                    exports.stream().map(mesh::workloadLabels).toList();
            String own = String.join(
                    ", ",
                    exports.stream().map(Export::service).distinct().sorted().toList());
            List<Selector> others = notExported(labels);
            for (int i = 0; i < others.size(); i++) {
                policy(
                        plan,
                        cluster,
                        Optional.of(namespace),
                        i == 0 ? name : name + "-others-" + (i + 1),
                        "dkp-mesh federation " + mesh.name()
                                + ": other members may reach only the pods of the Services " + cluster.name()
                                + " exports here (" + own + ")",
                        others.get(i),
                        true,
                        remote,
                        List.of());
            }
            SortedMap<String, Export> withPorts = new TreeMap<>();
            exports.stream().filter(e -> !e.ports().isEmpty()).forEach(e -> withPorts.putIfAbsent(e.service(), e));
            withPorts.forEach((service, export) -> policy(
                    plan,
                    cluster,
                    Optional.of(namespace),
                    name + "-ports-" + service,
                    "dkp-mesh federation " + mesh.name() + ": other members may reach the pods of " + service
                            + " only on its exported ports",
                    selector(mesh.workloadLabels(export), List.of()),
                    true,
                    remote,
                    otherPorts(export.ports())));
        });
        policy(
                plan,
                cluster,
                Optional.empty(),
                name,
                "dkp-mesh federation " + mesh.name() + ": other members may reach nothing in the namespaces "
                        + cluster.name() + " exports nothing from"
                        + (exported.isEmpty()
                                ? ""
                                : " (every namespace but " + String.join(", ", exported.keySet()) + ")"),
                selector(
                        Map.of(),
                        exported.isEmpty()
                                ? List.of()
                                : List.of(expression(NAMESPACE_LABEL, "NotIn", List.copyOf(exported.keySet())))),
                true,
                remote,
                List.of());
    }

    /**
     * Selectors that together select exactly the pods carrying none of the label sets: a pod is not
     * exported when, for every export, some label of it differs, so each selector takes one label of
     * each export as a {@code NotIn} (Kubernetes {@code NotIn} also holds for a pod without the label,
     * which is what "differs" means here). Requirements on one key merge into one {@code NotIn};
     * duplicates go.
     */
    static List<Selector> notExported(List<Map<String, String>> exports) {
        List<SortedMap<String, SortedSet<String>>> combinations = new ArrayList<>();
        combinations.add(new TreeMap<>());
        for (Map<String, String> labels : exports) {
            List<SortedMap<String, SortedSet<String>>> next = new ArrayList<>();
            for (SortedMap<String, SortedSet<String>> combination : combinations) {
                for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                    SortedMap<String, SortedSet<String>> more = new TreeMap<>();
                    combination.forEach((k, v) -> more.put(k, new TreeSet<>(v)));
                    more.computeIfAbsent(label.getKey(), k -> new TreeSet<>()).add(label.getValue());
                    if (!next.contains(more)) {
                        next.add(more);
                    }
                }
            }
            combinations = next;
        }
        return combinations.stream()
                .map(c -> selector(
                        Map.of(),
                        c.entrySet().stream()
                                .map(e -> expression(e.getKey(), "NotIn", List.copyOf(e.getValue())))
                                .toList()))
                .toList();
    }

    /**
     * Every TCP, UDP and SCTP port but an export's: the ranges around its port numbers for any
     * protocol ({@code ANY}: TCP, UDP and SCTP, cilium CRD {@code PortProtocol}), and on its port
     * numbers TCP or UDP where the export does not list that protocol. SCTP on an exported port
     * number is left alone: a rule naming SCTP needs the agent's SCTP support.
     */
    static List<PortRange> otherPorts(List<Export.ServicePort> ports) {
        SortedMap<Integer, Set<String>> byNumber = new TreeMap<>();
        ports.forEach(
                p -> byNumber.computeIfAbsent(p.port(), n -> new TreeSet<>()).add(p.protocol()));
        List<PortRange> ranges = new ArrayList<>();
        int from = 1;
        for (int port : byNumber.keySet()) {
            if (port > from) {
                ranges.add(new PortRange(String.valueOf(from), port - 1 > from ? port - 1 : null, "ANY"));
            }
            from = port + 1;
        }
        if (from <= 65535) {
            ranges.add(new PortRange(String.valueOf(from), from < 65535 ? 65535 : null, "ANY"));
        }
        byNumber.forEach((port, protocols) -> {
            for (String protocol : List.of("TCP", "UDP")) {
                if (!protocols.contains(protocol)) {
                    ranges.add(new PortRange(String.valueOf(port), null, protocol));
                }
            }
        });
        return ranges;
    }

    /** A CiliumNetworkPolicy in {@code namespace}, or without one a CiliumClusterwideNetworkPolicy. */
    private static void policy(
            Plan plan,
            Cluster cluster,
            Optional<String> namespace,
            String name,
            String description,
            Selector endpoints,
            boolean deny,
            List<Selector> from,
            List<PortRange> ports) {
        NetworkPolicy model =
                new NetworkPolicy(name, namespace.orElse(null), description, endpoints, deny, from, ports);
        String file = namespace
                .map(ns -> "ciliumnetworkpolicy-" + ns + "." + name + ".yaml")
                .orElse("ciliumclusterwidenetworkpolicy-" + name + ".yaml");
        plan.add(Document.clusterResource(cluster.name(), file, "ciliumnetworkpolicy.yaml.ftl", model, Phase.PEERS));
    }

    /** Labels in key order, so equal selectors are equal maps and the output is stable. */
    private static Selector selector(Map<String, String> labels, List<Expression> expressions) {
        return new Selector(KeyValue.sorted(labels), expressions);
    }

    private static Expression expression(String key, String operator, List<String> values) {
        return new Expression(key, operator, values);
    }
}
